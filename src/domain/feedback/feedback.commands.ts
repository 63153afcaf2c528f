import type { ActionSpec, Command } from '../../bot/command.ts';

/** `/feedback …` (being built). */
export const feedbackCommands: Command[] = [];
export const feedbackActions: ActionSpec[] = [];

import type { ActionSpec, Command } from '../../bot/command.ts';

/** `/training …` (being built). */
export const trainingCommands: Command[] = [];
export const trainingActions: ActionSpec[] = [];

import type { Command } from '../../bot/command.ts';

/** `/coach …` (being built). */
export const coachingCommands: Command[] = [];

import type { Command } from '../../bot/command.ts';

/** `/diagnose …` (being built). */
export const diagnosisCommands: Command[] = [];

import { CommandRegistry } from './bot/registry.ts';
import { coachingCommands } from './domain/coaching/coaching.commands.ts';
import { exportCommands } from './domain/csv/export/export.commands.ts';
import { importCommands } from './domain/csv/import/chat/import.commands.ts';
import { diagnosisCommands } from './domain/diagnosis/diagnosis.commands.ts';
import { feedbackActions, feedbackCommands } from './domain/feedback/feedback.commands.ts';
import { dealActions, dealCommands } from './domain/deals/deal.commands.ts';
import { goalCommands } from './domain/goals/goal.commands.ts';
import { incentiveCommands } from './domain/incentives/incentive.commands.ts';
import { kudosCommands } from './domain/kudos/kudos.commands.ts';
import { leaderboardCommands } from './domain/leaderboard/leaderboard.commands.ts';
import { recognitionCommands } from './domain/recognition/recognition.commands.ts';
import { trainingActions, trainingCommands } from './domain/training/training.commands.ts';
import { pacerCommands } from './domain/workspaces/workspace.commands.ts';

/** Every command and button Pacer serves; the registry refuses duplicates at boot. */
export const createCommandRegistry = (): CommandRegistry =>
  new CommandRegistry(
    [...dealCommands, ...goalCommands, ...leaderboardCommands, ...trainingCommands, ...coachingCommands, ...feedbackCommands, ...diagnosisCommands,
      ...kudosCommands, ...recognitionCommands, ...incentiveCommands, ...pacerCommands, ...exportCommands, ...importCommands],
    [...dealActions, ...trainingActions, ...feedbackActions],
  );

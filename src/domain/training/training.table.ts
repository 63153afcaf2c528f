import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A training module managers define once and assign many times. */
export interface TrainingModuleTable {
  id: Generated<number>;
  workspace_id: number;
  /** Unique in the workspace ignoring case. */
  name: string;
  url: string | null;
  created_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type Cadence = 'daily' | 'weekly' | 'monthly' | 'once';

/** A module assigned to one rep (a team assignment makes one per member), with its reminder cadence. */
export interface TrainingAssignmentTable {
  id: Generated<number>;
  workspace_id: number;
  module_id: number;
  member_id: number;
  team_id: number | null;
  cadence: Cadence;
  /** weekly: every this many weeks (1 = every week). */
  every_weeks: number | null;
  /** weekly: ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number | null;
  /** once: the local day it is due by. */
  due_on: string | null;
  /** Minutes after local midnight (in the rep's zone) the reminder arrives. */
  remind_at_minute: number;
  /** The local day the cadence starts counting from. */
  starts_on: string;
  ended_at: Date | null;
  assigned_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** One cycle of an assignment done: recurring modules are done again each cycle. */
export interface TrainingCompletionTable {
  assignment_id: number;
  cycle_start: string;
  completed_at: Date;
  completed_by: number | null;
}

export type TrainingModule = Selectable<TrainingModuleTable>;
export type TrainingAssignment = Selectable<TrainingAssignmentTable>;
export type NewTrainingAssignment = Insertable<TrainingAssignmentTable>;
export type TrainingCompletion = Selectable<TrainingCompletionTable>;

export interface PartialDB {
  training_modules: TrainingModuleTable;
  training_assignments: TrainingAssignmentTable;
  training_completions: TrainingCompletionTable;
}

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type GoalScope = 'rep' | 'team' | 'company';
export type GoalMetric = 'revenue' | 'deals';
export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';

/** A target for one subject (a rep, a team, the company) over one period. */
export interface GoalTable {
  id: Generated<number>;
  workspace_id: number;
  scope: GoalScope;
  member_id: number | null;
  team_id: number | null;
  /** `rep:<member id>`, `team:<team id>` or `company`: makes "one goal per subject and period" a unique index. */
  subject_key: string;
  metric: Generated<GoalMetric>;
  period: PeriodKind;
  /** First day of the period (ISO date, workspace time zone). */
  period_start: string;
  /** First day after the period (exclusive). */
  period_end: string;
  /** Minor units of `currency` for revenue goals; a count for deal goals. */
  target: bigint;
  currency: string;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export type Goal = Selectable<GoalTable>;
export type NewGoal = Insertable<GoalTable>;

export interface PartialDB {
  goals: GoalTable;
}

import type { ColumnType, Generated, Selectable } from 'kysely';

export type IncentiveKind = 'bonus' | 'time-off' | 'travel' | 'office' | 'other';
export const INCENTIVE_KINDS: readonly IncentiveKind[] = ['bonus', 'time-off', 'travel', 'office', 'other'];

/** The periods an incentive can be for: the ones top performers are announced for. */
export type IncentivePeriod = 'month' | 'quarter' | 'year';

/**
 * What earns an incentive: a share of the rep's goal (`threshold` percent or more), or a place among
 * the top (`threshold` = 1 for the best rep, 3 for the podium) by share of goal.
 */
export type IncentiveRule = 'attainment' | 'top';

/** Something admins offer for a period's result: a bonus, a day off, a trip. */
export interface IncentiveTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  kind: IncentiveKind;
  amount_minor: bigint | null;
  currency: string | null;
  rule: IncentiveRule;
  threshold: number;
  period: IncentivePeriod;
  created_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  ended_at: Date | null;
}

/** An incentive one rep earned for one period: recorded when the period's winners are announced. */
export interface IncentiveAwardTable {
  id: Generated<number>;
  workspace_id: number;
  incentive_id: number;
  member_id: number;
  period: IncentivePeriod;
  /** First day of the period (ISO date). */
  period_start: string;
  attainment_ppm: bigint;
  rank: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: Date | null;
  delivered_by: number | null;
}

export type Incentive = Selectable<IncentiveTable>;
export type IncentiveAward = Selectable<IncentiveAwardTable>;

export interface PartialDB {
  incentives: IncentiveTable;
  incentive_awards: IncentiveAwardTable;
}

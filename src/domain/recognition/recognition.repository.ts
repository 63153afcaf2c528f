import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { wonIn } from '../goals/goal.repository.ts';
import type { GoalMetric, PeriodKind } from '../goals/goal.table.ts';

/** One rep's goal for one period and what they won against it. */
export interface RepResult {
  memberId: number;
  name: string;
  /** The rep's team now: winners are announced where the rep works today. */
  teamId: number | null;
  periodStart: string;
  metric: GoalMetric;
  target: bigint;
  progress: bigint;
}

export interface ResultQuery {
  workspaceId: number;
  zone: string;
  period: PeriodKind;
  /** Periods starting in [fromStart, toStart], both inclusive. */
  fromStart: string;
  toStart: string;
  /** Only these reps (a streak looks back for the winners only). */
  memberIds?: readonly number[];
}

/**
 * Every rep goal of a kind of period in a range of periods, with the rep's progress inside it: the
 * deals the rep logged in the period, in whichever team, since a rep's goal is the rep's own.
 */
export async function repResults(db: Db, q: ResultQuery): Promise<RepResult[]> {
  if (q.memberIds?.length === 0) return [];
  let query = db
    .selectFrom('goals as g')
    .innerJoin('members as m', 'm.id', 'g.member_id')
    .select(['m.id as member_id', 'm.display_name', 'm.team_id', 'g.period_start', 'g.metric', 'g.target'])
    .select(wonIn(sql`and d.member_id = g.member_id`, q.zone).as('progress'))
    .where('g.workspace_id', '=', q.workspaceId)
    .where('g.scope', '=', 'rep')
    .where('g.period', '=', q.period)
    .where('g.period_start', '>=', q.fromStart)
    .where('g.period_start', '<=', q.toStart);
  if (q.memberIds) query = query.where('g.member_id', 'in', q.memberIds);
  const rows = await query.orderBy('g.period_start').orderBy('m.id').execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    name: r.display_name,
    teamId: r.team_id,
    periodStart: r.period_start,
    metric: r.metric,
    target: r.target,
    progress: BigInt(r.progress),
  }));
}

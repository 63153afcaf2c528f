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
  /** A quarter's or year's goal made of the rep's monthly goals (see monthlySums). */
  fromMonths?: true;
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

/** Months in the seasons a goal can be summed up to. */
const MONTHS_IN: Partial<Record<PeriodKind, number>> = { quarter: 3, year: 12 };

/**
 * Every rep goal of a kind of period in a range of periods, with the rep's progress inside it: the
 * deals the rep logged in the period, in whichever team, since a rep's goal is the rep's own. For a
 * quarter or a year, a rep who has a monthly goal for every month of it also gets that season's sum
 * of them (marked `fromMonths`): teams that set monthly goals only still have quarterly winners.
 */
export async function repResults(db: Db, q: ResultQuery): Promise<RepResult[]> {
  if (q.memberIds?.length === 0) return [];
  const months = MONTHS_IN[q.period];
  let query = db
    .with('g', (qb) => {
      const own = qb.selectFrom('goals')
        .select(['workspace_id', 'member_id', 'scope', 'metric', 'period_start', 'period_end', 'target', sql<boolean>`false`.as('from_months')])
        .where('period', '=', q.period);
      if (!months) return own;
      // A literal, not a parameter: the select and the group by must be the same expression.
      const season = sql`date_trunc(${sql.lit(q.period)}, period_start)`;
      return own.unionAll(qb.selectFrom('goals')
        .select(['workspace_id', 'member_id', 'scope', 'metric'])
        .select([
          sql<string>`${season}::date`.as('period_start'),
          sql<string>`(${season} + make_interval(months => ${months}))::date`.as('period_end'),
          sql<bigint>`sum(target)::bigint`.as('target'),
          sql<boolean>`true`.as('from_months'),
        ])
        .where('period', '=', 'month')
        .groupBy(['workspace_id', 'member_id', 'scope', 'metric', season])
        .having(sql`count(*)`, '=', months));
    })
    .selectFrom('g')
    .innerJoin('members as m', 'm.id', 'g.member_id')
    .select(['m.id as member_id', 'm.display_name', 'm.team_id', 'g.period_start', 'g.metric', 'g.target', 'g.from_months'])
    .select(wonIn(sql`and d.member_id = g.member_id`, q.zone).as('progress'))
    .where('g.workspace_id', '=', q.workspaceId)
    .where('g.scope', '=', 'rep')
    .where('g.period_start', '>=', q.fromStart)
    .where('g.period_start', '<=', q.toStart);
  if (q.memberIds) query = query.where('g.member_id', 'in', q.memberIds);
  const rows = await query.orderBy('g.period_start').orderBy('m.id').orderBy('g.from_months').execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    name: r.display_name,
    teamId: r.team_id,
    periodStart: r.period_start,
    metric: r.metric,
    target: BigInt(r.target),
    progress: BigInt(r.progress),
    ...(r.from_months && { fromMonths: true as const }),
  }));
}

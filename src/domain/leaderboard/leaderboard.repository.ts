import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import type { Board } from './leaderboard.ts';

export interface StandingsQuery {
  workspaceId: number;
  period: PeriodKind;
  periodStart: string;
  periodEnd: string;
  from: Date;
  to: Date;
}

/**
 * Won amount per rep in the period. Months, quarters and years are whole months, so
 * they sum the trigger-kept monthly totals (a few rows per rep, however many deals); a week reads
 * the week's deals through the partial index (workspace_id, occurred_at) INCLUDE (member_id,
 * amount_minor) WHERE stage <> 'lost', an index-only scan.
 */
function wonPerRep(db: Db, q: StandingsQuery) {
  if (q.period === 'week') {
    return db
      .selectFrom('deals')
      .select(['member_id', sql<bigint>`sum(amount_minor)::bigint`.as('won')])
      .where('workspace_id', '=', q.workspaceId)
      .where('stage', '<>', 'lost')
      .where('occurred_at', '>=', q.from)
      .where('occurred_at', '<', q.to)
      .groupBy('member_id');
  }
  return db
    .selectFrom('deal_month_totals')
    .select(['member_id', sql<bigint>`sum(won_minor)::bigint`.as('won')])
    .where('workspace_id', '=', q.workspaceId)
    .where('month', '>=', q.periodStart)
    .where('month', '<', q.periodEnd)
    .groupBy('member_id')
    // A month whose deals were all taken back keeps a zero row; it is not a result.
    .having(sql`sum(won_deals)`, '>', 0);
}

/**
 * The board of a period: every rep who won something in it or has a revenue goal for it, ranked by
 * share of goal (not raw revenue, so a smaller territory can win); reps without a goal follow, by
 * amount. Equal shares (to the millionth) share a rank, as do equal amounts among reps without a
 * goal; display order breaks ties by amount, then name. Ranked in SQL so that only the rows shown
 * (the top `top` places and the caller's) cross the wire: a board has a thousand reps.
 */
export async function board(db: Db, q: StandingsQuery & { top: number; callerId: number }): Promise<Board> {
  const rows = await db
    .with('won', () => wonPerRep(db, q))
    .with('targets', (qb) =>
      qb
        .selectFrom('goals')
        .select(['member_id', 'target'])
        .where('workspace_id', '=', q.workspaceId)
        .where('scope', '=', 'rep')
        .where('metric', '=', 'revenue')
        .where('period', '=', q.period)
        .where('period_start', '=', q.periodStart),
    )
    .with('standing', (qb) =>
      qb
        .selectFrom('members')
        .leftJoin('won', 'won.member_id', 'members.id')
        .leftJoin('targets', 'targets.member_id', 'members.id')
        .select([
          'members.id',
          'members.display_name',
          sql<bigint>`coalesce(won.won, 0)`.as('won'),
          'targets.target',
          sql<bigint | null>`case when targets.target > 0 then coalesce(won.won, 0) * 1000000 / targets.target end`.as('ppm'),
        ])
        .where('members.workspace_id', '=', q.workspaceId)
        .where((eb) => eb.or([eb('won.member_id', 'is not', null), eb('targets.member_id', 'is not', null)])),
    )
    .with('ranked', (qb) =>
      qb
        .selectFrom('standing')
        .selectAll()
        .select([
          sql<bigint>`rank() over (order by ppm is null, ppm desc, case when ppm is null then won end desc)`.as('rank'),
          sql<bigint>`row_number() over (order by ppm is null, ppm desc, won desc, display_name collate "C")`.as('position'),
          sql<bigint>`count(*) over ()`.as('total'),
        ]),
    )
    .selectFrom('ranked')
    .selectAll()
    .where((eb) => eb.or([eb('position', '<=', BigInt(q.top)), eb('id', '=', q.callerId)]))
    .orderBy('position')
    .execute();
  return {
    total: rows[0] ? Number(rows[0].total) : 0,
    rows: rows.map((row) => ({
      memberId: row.id,
      name: row.display_name,
      won: BigInt(row.won),
      target: row.target === null ? null : BigInt(row.target),
      attainment: row.ppm === null ? null : Number(row.ppm) / 1_000_000,
      rank: Number(row.rank),
      position: Number(row.position),
    })),
  };
}

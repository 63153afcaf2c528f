import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import type { Standing } from './leaderboard.ts';

export interface StandingsQuery {
  workspaceId: number;
  period: PeriodKind;
  periodStart: string;
  periodEnd: string;
  from: Date;
  to: Date;
}

/**
 * Won amount and deal count per rep in the period. Months, quarters and years are whole months, so
 * they sum the trigger-kept monthly totals (a few rows per rep, however many deals); a week reads
 * the week's deals through the partial index (workspace_id, occurred_at) INCLUDE (member_id,
 * amount_minor) WHERE stage <> 'lost', an index-only scan.
 */
function wonPerRep(db: Db, q: StandingsQuery) {
  if (q.period === 'week') {
    return db
      .selectFrom('deals')
      .select(['member_id', sql<bigint>`sum(amount_minor)::bigint`.as('won'), sql<bigint>`count(*)`.as('deals')])
      .where('workspace_id', '=', q.workspaceId)
      .where('stage', '<>', 'lost')
      .where('occurred_at', '>=', q.from)
      .where('occurred_at', '<', q.to)
      .groupBy('member_id');
  }
  return db
    .selectFrom('deal_month_totals')
    .select(['member_id', sql<bigint>`sum(won_minor)::bigint`.as('won'), sql<bigint>`sum(won_deals)::bigint`.as('deals')])
    .where('workspace_id', '=', q.workspaceId)
    .where('month', '>=', q.periodStart)
    .where('month', '<', q.periodEnd)
    .groupBy('member_id')
    // A month whose deals were all taken back keeps a zero row; it is not a result.
    .having(sql`sum(won_deals)`, '>', 0);
}

/** Every rep who won something in the period or has a revenue goal for it. */
export async function standings(db: Db, q: StandingsQuery): Promise<Standing[]> {
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
    .selectFrom('members')
    .leftJoin('won', 'won.member_id', 'members.id')
    .leftJoin('targets', 'targets.member_id', 'members.id')
    .select(['members.id', 'members.display_name', 'won.won', 'won.deals', 'targets.target'])
    .where('members.workspace_id', '=', q.workspaceId)
    .where((eb) => eb.or([eb('won.member_id', 'is not', null), eb('targets.member_id', 'is not', null)]))
    .execute();
  return rows.map((row) => ({
    memberId: row.id,
    name: row.display_name,
    won: row.won === null ? 0n : BigInt(row.won),
    deals: row.deals === null ? 0 : Number(row.deals),
    target: row.target === null ? null : BigInt(row.target),
  }));
}

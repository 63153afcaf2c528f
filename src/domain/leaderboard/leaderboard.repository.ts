import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import type { Standing } from './leaderboard.ts';

export interface StandingsQuery {
  workspaceId: number;
  period: PeriodKind;
  periodStart: string;
  from: Date;
  to: Date;
}

/**
 * Every rep who won something in the period or has a revenue goal for it. One aggregate over the
 * partial index (workspace_id, occurred_at) INCLUDE (member_id, amount_minor) WHERE stage <> 'lost',
 * so it is an index-only scan of the period's won deals however long the history is.
 */
export async function standings(db: Db, q: StandingsQuery): Promise<Standing[]> {
  const rows = await db
    .with('won', (qb) =>
      qb
        .selectFrom('deals')
        .select(['member_id', sql<bigint>`sum(amount_minor)::bigint`.as('won'), sql<bigint>`count(*)`.as('deals')])
        .where('workspace_id', '=', q.workspaceId)
        .where('stage', '<>', 'lost')
        .where('occurred_at', '>=', q.from)
        .where('occurred_at', '<', q.to)
        .groupBy('member_id'),
    )
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

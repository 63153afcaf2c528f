import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LossReason } from '../deals/deal.table.ts';

/** A window of instants: [from, to). */
export interface Window {
  from: Date;
  to: Date;
}

/** Won and lost deals per rep of a team in a window (by the team each deal was logged in). */
export async function dealCountsByRep(db: Db, workspaceId: number, teamId: number, w: Window): Promise<Map<number, { won: number; lost: number }>> {
  const rows = await db.selectFrom('deals')
    .select(['member_id', sql<number>`count(*) filter (where stage <> 'lost')::int`.as('won'), sql<number>`count(*) filter (where stage = 'lost')::int`.as('lost')])
    .where('workspace_id', '=', workspaceId).where('team_id', '=', teamId)
    .where('occurred_at', '>=', w.from).where('occurred_at', '<', w.to)
    .groupBy('member_id').execute();
  return new Map(rows.map((r) => [r.member_id, { won: r.won, lost: r.lost }]));
}

export interface LossReasonCount {
  reason: LossReason;
  /** Lost in the window. */
  now: number;
  /** Lost in the weeks before it (the usual), in all. */
  before: number;
}

/** Loss reasons of a team in a window, beside the same reasons over `usualFrom` up to the window. */
export async function lossReasons(db: Db, workspaceId: number, teamId: number, w: Window, usualFrom: Date): Promise<LossReasonCount[]> {
  const rows = await db.selectFrom('deals')
    .select([
      sql<LossReason>`coalesce(loss_reason, 'other')`.as('reason'),
      sql<number>`count(*) filter (where occurred_at >= ${w.from})::int`.as('now'),
      sql<number>`count(*) filter (where occurred_at < ${w.from})::int`.as('before'),
    ])
    .where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).where('stage', '=', 'lost')
    .where('occurred_at', '>=', usualFrom).where('occurred_at', '<', w.to)
    .groupBy(sql`coalesce(loss_reason, 'other')`).execute();
  return rows.sort((a, b) => b.now - a.now || b.before - a.before || a.reason.localeCompare(b.reason));
}

export interface DeliveryLag {
  /** Median days from won to delivered, of deals delivered in the window. */
  medianDays: number | null;
  /** The same over the weeks before. */
  usualMedianDays: number | null;
  /** Won, not delivered, for more than `staleDays` at the window's end. */
  stale: number;
}

/** How long a team's won deals take to be delivered, now and usually, and how many are waiting too long. */
export async function deliveryLag(db: Db, workspaceId: number, teamId: number, w: Window, usualFrom: Date, staleDays = 14): Promise<DeliveryLag> {
  const days = sql`extract(epoch from (delivered_at - won_at)) / 86400`;
  const lag = await db.selectFrom('deals')
    .select([
      sql<number | null>`percentile_cont(0.5) within group (order by ${days}) filter (where delivered_at >= ${w.from})`.as('median'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${days}) filter (where delivered_at < ${w.from})`.as('usual'),
    ])
    .where('workspace_id', '=', workspaceId).where('team_id', '=', teamId)
    .where('won_at', 'is not', null).where('delivered_at', '>=', usualFrom).where('delivered_at', '<', w.to)
    .executeTakeFirst();
  const staleBefore = new Date(w.to.getTime() - staleDays * 86_400_000);
  const stale = await db.selectFrom('deals').select(sql<number>`count(*)::int`.as('n'))
    .where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).where('stage', '=', 'won').where('won_at', '<', staleBefore)
    .executeTakeFirst();
  const round = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10);
  return { medianDays: round(lag?.median), usualMedianDays: round(lag?.usual), stale: stale?.n ?? 0 };
}

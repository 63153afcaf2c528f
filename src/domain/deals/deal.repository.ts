import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Deal, DealStage, NewDeal } from './deal.table.ts';

/** A deal to log; its number and currency come from the workspace as it is stored. */
export type DealDraft = Omit<NewDeal, 'number' | 'currency' | 'delivered_at' | 'serviced_at'>;

/**
 * Logs a deal in one statement: the number from the workspace's own sequence and the currency read
 * under a key-share lock on the workspace row, which an admin's currency change (FOR UPDATE) waits
 * for, so a deal is never stored in a currency changed under it. One round trip, no hot row.
 * (INSERT … SELECT types its parameters from the select list, hence the casts.)
 */
export async function insertDeal(db: Db, d: DealDraft): Promise<Deal> {
  const { rows } = await sql<Deal>`
    insert into deals (workspace_id, number, currency, member_id, team_id, customer, product, amount_minor, stage, loss_reason, occurred_at, won_at, lost_at)
    select w.id, next_deal_number(w.id), w.currency, ${d.member_id}::integer, ${d.team_id}::integer, ${d.customer}::text, ${d.product ?? null}::text,
           ${d.amount_minor ?? null}::bigint, ${d.stage}::text, ${d.loss_reason ?? null}::text, ${d.occurred_at}::timestamptz,
           ${d.won_at ?? null}::timestamptz, ${d.lost_at ?? null}::timestamptz
    from workspaces w
    where w.id = ${d.workspace_id}
    for key share
    returning *`.execute(db);
  const deal = rows[0];
  if (!deal) throw new Error(`Workspace ${d.workspace_id} vanished while a deal was logged in it`);
  return deal;
}

/** A deal by its number, only within the workspace: other workspaces' references find nothing. */
export async function findDealByNumber(db: Db, workspaceId: number, number: number): Promise<Deal | undefined> {
  return db.selectFrom('deals').selectAll().where('workspace_id', '=', workspaceId).where('number', '=', number).executeTakeFirst();
}

/** The member's most recently logged deal (what `/deal undo` takes back), locked for the change. */
export async function lastDealOf(db: Db, workspaceId: number, memberId: number): Promise<Deal | undefined> {
  return db
    .selectFrom('deals')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function setDealStage(db: Db, dealId: bigint, stage: Extract<DealStage, 'delivered' | 'serviced'>, at: Date): Promise<Deal> {
  const stamp = stage === 'delivered' ? { delivered_at: at } : { serviced_at: at };
  return db.updateTable('deals').set({ stage, ...stamp }).where('id', '=', dealId).returningAll().executeTakeFirstOrThrow();
}

export async function deleteDeal(db: Db, dealId: bigint): Promise<void> {
  await db.deleteFrom('deals').where('id', '=', dealId).execute();
}

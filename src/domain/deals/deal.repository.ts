import type { Db } from '../../db/database.ts';
import type { Deal, DealStage, NewDeal } from './deal.table.ts';

export async function insertDeal(db: Db, deal: NewDeal): Promise<Deal> {
  return db.insertInto('deals').values(deal).returningAll().executeTakeFirstOrThrow();
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

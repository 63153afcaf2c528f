import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WorkspaceRef } from '../../bot/ports.ts';
import type { Workspace, WorkspaceUpdate } from './workspace.table.ts';

export async function findWorkspace(db: Db, platform: WorkspaceRef['platform'], externalId: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('platform', '=', platform).where('external_id', '=', externalId).executeTakeFirst();
}

/**
 * The workspace for a platform id, created with defaults on first sight. Reads first and writes only
 * when missing, so the hot path never takes a lock on the workspace row.
 */
export async function ensureWorkspace(db: Db, ref: WorkspaceRef): Promise<Workspace> {
  const existing = await findWorkspace(db, ref.platform, ref.externalId);
  if (existing) return existing;
  await db
    .insertInto('workspaces')
    .values({ platform: ref.platform, external_id: ref.externalId, name: ref.name ?? ref.externalId, currency: 'EUR', locale: 'en', timezone: 'UTC' })
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
    .execute();
  const created = await findWorkspace(db, ref.platform, ref.externalId);
  if (!created) throw new Error(`Workspace ${ref.platform}:${ref.externalId} vanished right after it was created`);
  return created;
}

export async function updateWorkspace(db: Db, id: number, patch: Omit<WorkspaceUpdate, 'id' | 'updated_at'>, now: Date): Promise<Workspace> {
  return db.updateTable('workspaces').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Hands out the workspace's next deal number (from its own sequence: no row lock, so deals logged at
 * once never queue behind each other), with the currency read under a key-share lock, which an
 * admin's currency change (FOR UPDATE) waits for: a deal is never stored in a currency changed under it.
 */
export async function takeDealNumber(db: Db, workspaceId: number): Promise<{ number: number; currency: string }> {
  const row = await db
    .selectFrom('workspaces')
    .select([sql<number>`next_deal_number(${workspaceId})`.as('number'), 'currency'])
    .where('id', '=', workspaceId)
    .forKeyShare()
    .executeTakeFirstOrThrow();
  return { number: row.number, currency: row.currency };
}

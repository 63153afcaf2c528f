import type { Db } from '../../db/database.ts';
import type { WorkspaceRef } from '../../bot/ports.ts';
import type { Workspace, WorkspaceUpdate } from './workspace.table.ts';

export async function findWorkspace(db: Db, platform: WorkspaceRef['platform'], externalId: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('platform', '=', platform).where('external_id', '=', externalId).executeTakeFirst();
}

/**
 * How operators name a workspace on the command line: `slack:T0123`, `teams:<tenant id>`, or `local`
 * (the embedded default's `demo` workspace). Undefined for anything else.
 */
export function parseWorkspaceRef(ref: string): { platform: WorkspaceRef['platform']; externalId: string } | undefined {
  const [platform = '', ...rest] = ref.split(':');
  const externalId = platform === 'local' && rest.length === 0 ? 'demo' : rest.join(':');
  if (!externalId || (platform !== 'slack' && platform !== 'teams' && platform !== 'local')) return undefined;
  return { platform, externalId };
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

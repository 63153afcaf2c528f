import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface AuditRecord {
  workspaceId: number;
  actorMemberId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** A platform delivery to record as handled: its platform and its own id for it. */
export interface DeliveryKey {
  platform: string;
  key: string;
}

const toRow = (entry: AuditRecord) => ({
  workspace_id: entry.workspaceId,
  actor_member_id: entry.actorMemberId,
  action: entry.action,
  subject: entry.subject,
  details: JSON.stringify(entry.details ?? {}, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
});

/**
 * A command's bookkeeping, written at the end of its transaction in one statement: the delivery key
 * (so a platform's retry does the work once) and the audit entries of the change. One round trip
 * instead of one per row, on every command's path. Returns false when the delivery had already been
 * recorded: the caller then rolls the whole transaction back, work and entries alike.
 */
/** Whether a delivery was handled (and committed) before: a platform's retry of it. */
export async function wasHandled(db: Db, delivery: DeliveryKey): Promise<boolean> {
  return (await db.selectFrom('inbound_deliveries').select('key').where('platform', '=', delivery.platform).where('key', '=', delivery.key).executeTakeFirst()) !== undefined;
}

export async function recordBookkeeping(db: Db, delivery: DeliveryKey | undefined, entries: readonly AuditRecord[]): Promise<boolean> {
  const audit = entries.length > 0 ? db.insertInto('audit_log').values(entries.map(toRow)) : undefined;
  if (!delivery) {
    await audit?.execute();
    return true;
  }
  const claim = db.insertInto('inbound_deliveries').values(delivery).onConflict((oc) => oc.columns(['platform', 'key']).doNothing()).returning('key');
  if (!audit) return (await claim.executeTakeFirst()) !== undefined;
  const { rows } = await sql<{ claimed: bigint }>`
    with claim as (${claim}), audit as (${audit.returning('id')})
    select (select count(*) from claim) as claimed`.execute(db);
  return rows[0]?.claimed === 1n;
}

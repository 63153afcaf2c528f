import type { Db } from '../../db/database.ts';

export interface AuditRecord {
  workspaceId: number;
  actorMemberId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** Audit entries are written in the same transaction as the change they describe. */
export async function recordAudit(db: Db, entry: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId,
      actor_member_id: entry.actorMemberId,
      action: entry.action,
      subject: entry.subject,
      details: JSON.stringify(entry.details ?? {}, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    })
    .execute();
}

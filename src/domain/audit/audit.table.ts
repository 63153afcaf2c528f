import type { ColumnType, Generated, Selectable } from 'kysely';

/** Who changed what: every change to goals, roles, teams, settings and deals. */
export interface AuditLogTable {
  id: Generated<bigint>;
  workspace_id: number;
  actor_member_id: number | null;
  /** e.g. `deal.create`, `deal.undo`, `goal.set`, `member.role`, `workspace.config`. */
  action: string;
  /** e.g. `deal:D-42`, `member:U0123`, `team:East`. */
  subject: string;
  details: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, never, never>;
}

export type AuditEntry = Selectable<AuditLogTable>;

export interface PartialDB {
  audit_log: AuditLogTable;
}

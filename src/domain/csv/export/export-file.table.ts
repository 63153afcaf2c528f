import type { ColumnType } from 'kysely';

/**
 * A finished export kept for a platform that links to a file instead of attaching it (Teams): served
 * at a signed URL until `expires_at`, then pruned by the nightly maintenance job.
 */
export interface ExportFileTable {
  /** A random UUID: what the signed URL names. */
  id: string;
  workspace_id: number;
  /** Who asked for it (the DM it was sent to). */
  member_id: number;
  /** `deals-2026-Q3.csv`: the download's file name. */
  name: string;
  content: Buffer;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export interface PartialDB {
  export_files: ExportFileTable;
}

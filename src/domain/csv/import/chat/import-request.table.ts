import type { ColumnType } from 'kysely';
import type { CsvKind } from '../../csv-formats.ts';

/**
 * An import asked for in chat (`/pacer import deals`) and waiting for its file: the next file the
 * admin sends the bot in their 1:1 chat before `expires_at` is read as this kind. One per person; a
 * new request replaces theirs, and a file consumes it.
 */
export interface ImportRequestTable {
  workspace_id: number;
  member_id: number;
  kind: CsvKind;
  dry_run: boolean;
  created_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
}

export interface PartialDB {
  import_requests: ImportRequestTable;
}

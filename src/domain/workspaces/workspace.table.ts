import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** One installation of Pacer: a Slack workspace, a Teams tenant, or the local demo. */
export interface WorkspaceTable {
  id: Generated<number>;
  platform: 'slack' | 'teams' | 'local';
  /** The platform's id for it: Slack team id (T…), Teams tenant id, or `local`. */
  external_id: string;
  name: string;
  /** ISO 4217 code; amounts are stored in this currency's minor units. */
  currency: string;
  /** Default language and number format: `en` or `sl`. */
  locale: string;
  /** IANA zone; goal periods (week, month, quarter, year) start and end in it. */
  timezone: string;
  /**
   * ISO 3166 country of the holiday calendar reminders skip (`SI`), and optionally its region.
   * null: not chosen, the language's default applies; '': chosen off, weekends only. Read it through
   * `holidayCalendarOf` (workspace.holidays.ts), never directly.
   */
  holiday_country: ColumnType<string | null, string | null | undefined, string | null>;
  holiday_region: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export type Workspace = Selectable<WorkspaceTable>;
export type NewWorkspace = Insertable<WorkspaceTable>;
export type WorkspaceUpdate = Updateable<WorkspaceTable>;

export interface PartialDB {
  workspaces: WorkspaceTable;
}

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A person in a workspace, known by the platform's user id. */
export interface MemberTable {
  id: Generated<number>;
  workspace_id: number;
  /** The platform's user id (Slack U…/W…, Teams user id, or a local demo name). */
  external_id: string;
  display_name: string;
  /** The role granted in Pacer. Platform owners and admins are admins regardless (see is_platform_admin). */
  role: Generated<'rep' | 'manager' | 'admin'>;
  /** Slack workspace owner/admin (from users.info): always a Pacer admin. */
  is_platform_admin: Generated<boolean>;
  /** IANA zone from the platform profile, if known. */
  timezone: string | null;
  /** The platform locale as the platform gives it (e.g. `sl-SI`), if known. */
  locale: string | null;
  team_id: number | null;
  /** Out of office through this local day (inclusive): no reminders until the day after. */
  away_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set by a members.csv import; a CSV may name a rep by it. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the profile (name, admin flag, zone, locale) was last read from the platform. */
  profile_synced_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;

export interface PartialDB {
  members: MemberTable;
}

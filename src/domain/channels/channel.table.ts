import type { ColumnType, Generated, Selectable } from 'kysely';

/** What a channel is for: goal updates, the managers' digest, recognition. */
export type ChannelPurpose = 'goals' | 'managers' | 'recognition';

/** The conversation chosen for a purpose: a team's own, or the workspace default (team_id null). */
export interface ChannelTable {
  id: Generated<number>;
  workspace_id: number;
  purpose: ChannelPurpose;
  team_id: number | null;
  conversation_id: string;
  set_by: number | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type Channel = Selectable<ChannelTable>;

export interface PartialDB {
  channels: ChannelTable;
}

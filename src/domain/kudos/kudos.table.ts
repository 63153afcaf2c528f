import type { ColumnType, Generated, Selectable } from 'kysely';

/** A shout-out from one colleague to one or more others, for something they did. */
export interface KudosTable {
  id: Generated<number>;
  workspace_id: number;
  giver_id: number;
  team_id: number | null;
  reason: string;
  deal_id: bigint | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface KudosReceiverTable {
  kudos_id: number;
  member_id: number;
}

export type Kudos = Selectable<KudosTable>;

export interface PartialDB {
  kudos: KudosTable;
  kudos_receivers: KudosReceiverTable;
}

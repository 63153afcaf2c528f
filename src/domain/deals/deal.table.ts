import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type DealStage = 'won' | 'delivered' | 'serviced' | 'lost';
export const LOSS_REASONS = ['product', 'price', 'delivery', 'service', 'people', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** A deal through its life: won → delivered → serviced, or lost with a reason. */
export interface DealTable {
  id: Generated<bigint>;
  workspace_id: number;
  /** Per-workspace number shown to users as the deal reference (`D-42`). */
  number: number;
  member_id: number;
  /** The rep's team when the deal was logged, so moving a rep later does not rewrite history. */
  team_id: number | null;
  customer: string;
  product: string | null;
  /** Minor units of `currency`; null only for a lost deal logged without a value. */
  amount_minor: bigint | null;
  currency: string;
  stage: DealStage;
  loss_reason: LossReason | null;
  /** When the deal was won or lost: the moment that counts toward a period. */
  occurred_at: Date;
  won_at: Date | null;
  delivered_at: Date | null;
  serviced_at: Date | null;
  lost_at: Date | null;
  /** The deal's reference in the system it was imported from (unique per workspace); null when logged here. */
  ref: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
}

export type Deal = Selectable<DealTable>;
export type NewDeal = Insertable<DealTable>;

export interface PartialDB {
  deals: DealTable;
}

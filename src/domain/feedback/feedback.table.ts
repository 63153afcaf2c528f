import type { ColumnType, Generated, Selectable } from 'kysely';

export type FeedbackKind = 'customer' | 'product' | 'technique';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['customer', 'product', 'technique'];

/** One piece of feedback from a rep, optionally tied to a deal. */
export interface FeedbackTable {
  id: Generated<number>;
  workspace_id: number;
  member_id: number;
  team_id: number | null;
  kind: FeedbackKind;
  text: string;
  deal_id: bigint | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** A colleague's +1 on a technique: one per person. */
export interface FeedbackVoteTable {
  feedback_id: number;
  member_id: number;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type Feedback = Selectable<FeedbackTable>;

export interface PartialDB {
  feedback: FeedbackTable;
  feedback_votes: FeedbackVoteTable;
}

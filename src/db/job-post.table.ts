import type { ColumnType, Generated } from 'kysely';

/**
 * Posts jobs made, keyed by (workspace, kind, recipient, period): the key is taken in the same
 * transaction that records the post, so a job that runs twice (retry, stalled job, two workers) posts once.
 */
export interface JobPostTable {
  id: Generated<bigint>;
  workspace_id: number;
  kind: string;
  recipient: string;
  period: string;
  conversation_id: string | null;
  message_id: string | null;
  posted_at: ColumnType<Date, Date | undefined, never>;
}

/** The next free moment to post into a conversation, shared by every worker. */
export interface SendSlotTable {
  conversation_key: string;
  next_at: Date;
}

export interface PartialDB {
  job_posts: JobPostTable;
  send_slots: SendSlotTable;
}

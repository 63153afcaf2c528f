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

/** Pacing of one conversation, shared by every worker (see jobs/pacing.ts). */
export interface SendSlotTable {
  conversation_key: string;
  /** The next free moment a job may start posting here. */
  next_at: Date;
  /** Nothing may be posted here before this: the last post's end plus the interval, or a 429's Retry-After. */
  quiet_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PartialDB {
  job_posts: JobPostTable;
  send_slots: SendSlotTable;
}

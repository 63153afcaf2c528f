import type { Kysely } from 'kysely';
import type { Clock } from '../../src/bot/clock.ts';
import type { Logger } from '../../src/bot/logger.ts';
import type { Outbound } from '../../src/bot/ports.ts';
import type { Database } from '../../src/db/database.ts';
import type { JobControl } from '../deliver.ts';
import type { Schedulers } from '../schedulers.ts';

/** What a handler may use: the database, the way out to people, time, and the schedulers. */
export interface JobDeps {
  db: Kysely<Database>;
  outbound: Outbound;
  clock: Clock;
  logger: Logger;
  schedulers: Schedulers;
  /** Adds a one-off job (a reminder moved to a later day); `jobId` makes adding it twice harmless. */
  enqueueAt(name: 'training.remind', data: { assignmentId: number; nominal: string }, at: Date, jobId: string): Promise<void>;
}

/** The running job: its id and how it waits (see ../deliver.ts). */
export interface JobRun extends JobControl {
  id: string;
  /** Keeps what a run already did in the job's data, so a run again after a delay finds it (where the queue can). */
  keep?(patch: Record<string, unknown>): Promise<void>;
}

/** A handler's short account of what it did, kept as the job's return value (`pacer jobs list`, logs). */
export type Outcome = string;

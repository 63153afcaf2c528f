import { DelayedError, UnrecoverableError, type Job, type JobsOptions, type Queue, type Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Clock } from '../src/bot/clock.ts';
import type { EffectSink } from '../src/bot/effects.ts';
import { PacerFault } from '../src/bot/errors.ts';
import type { Logger } from '../src/bot/logger.ts';
import type { Outbound } from '../src/bot/ports.ts';
import type { Database } from '../src/db/database.ts';
import { goalTeam } from '../src/domain/goals/goal-update.ts';
import { openQueueBackend, type QueueBackendConfig } from './backend.ts';
import type { JobDeps, JobRun } from './handlers/context.ts';
import { runJob } from './handlers/index.ts';
import { isJobName, type JobName, type JobPayloads, type PacerJob, type SlotHolder } from './payloads.ts';
import { createSchedulers, type Schedulers } from './schedulers.ts';

export interface JobRuntimeOptions {
  backend: QueueBackendConfig;
  db: Kysely<Database>;
  outbound: Outbound;
  clock: Clock;
  logger: Logger;
  /** Jobs one worker runs at once. Default 8: most of a job is waiting on the platform. */
  concurrency?: number;
  /** A goal change waits this long for more changes before its channel hears (default 60 s). */
  goalChangeDelayMs?: number;
  /** Lock and stall timing (tests shorten them). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface JobRuntime {
  /** Where committed commands' effects go: onto the queue. */
  readonly effects: EffectSink;
  readonly queue: Queue;
  readonly schedulers: Schedulers;
  /** What handlers use (the CLI runs a job in-process with them). */
  readonly deps: JobDeps;
  /** Adds a job now (the CLI's `jobs run`). */
  add<N extends JobName>(name: N, data: JobPayloads[N], options?: JobsOptions): Promise<Job>;
  /** Declares the schedulers and starts taking jobs. */
  startWorker(): Promise<Worker>;
  /** Stops taking jobs, lets running ones finish (or return to the queue), then closes the connections. */
  close(): Promise<void>;
}

/**
 * Every job retries with backoff; what a retry cannot fix fails at once (UnrecoverableError).
 * Finished jobs are kept a day (and failed ones a week) to look at, then dropped.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 15_000 },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400 },
};

/**
 * Platform errors no retry will cure: the channel is gone, the bot is not in it, the user left, the
 * app was installed without a scope it needs (`files:write` for exports, before reinstalling).
 */
const PERMANENT = /channel_not_found|not_in_channel|is_archived|user_not_found|account_inactive|cannot_dm_bot|invalid_auth|missing_scope|ConversationNotFound|BotNotInConversationRoster/;

function isPermanent(error: unknown): boolean {
  if (error instanceof PacerFault && (error.code === 'gone' || error.code === 'config' || error.code === 'internal')) return true;
  return error instanceof Error && PERMANENT.test(error.message);
}

/**
 * The queue side of Pacer: the web process uses it to hand over effects; a worker process (or the
 * same one, by default) also runs the jobs. Handlers stay thin: they call `src/` and report.
 */
export function createJobRuntime(options: JobRuntimeOptions): JobRuntime {
  const { db, logger } = options;
  const backend = openQueueBackend(options.backend);
  const queue = backend.createQueue();
  const schedulers = createSchedulers(queue, db, JOB_OPTIONS);
  let worker: Worker | undefined;

  const add = <N extends JobName>(name: N, data: JobPayloads[N], jobOptions: JobsOptions = {}): Promise<Job> =>
    queue.add(name, data, { ...JOB_OPTIONS, ...jobOptions });

  const deps: JobDeps = {
    db,
    outbound: options.outbound,
    clock: options.clock,
    logger,
    schedulers,
    async enqueueAt(name, data, at, jobId) {
      await add(name, data, { jobId, delay: Math.max(0, at.getTime() - Date.now()) });
    },
  };

  /** A goal change waits for more changes to the same team channel (BullMQ debounce): a burst posts once, after the last. */
  async function goalChanged(workspaceId: number, goalId: number): Promise<void> {
    const team = await goalTeam(db, goalId);
    const delay = options.goalChangeDelayMs ?? 60_000;
    await add('goals.changed', { workspaceId, goalId }, {
      delay,
      deduplication: { id: `goals-changed:${workspaceId}:${team ?? 'none'}`, ttl: Math.max(delay, 1), extend: true, replace: true },
    });
  }

  const effects: EffectSink = async (list) => {
    for (const effect of list) {
      switch (effect.kind) {
        case 'training.changed':
          await add('training.sync', { assignmentIds: effect.assignmentIds });
          break;
        case 'training.completed':
          await add('training.completed', { assignmentId: effect.assignmentId, cycleStart: effect.cycleStart });
          break;
        case 'goals.changed':
          await goalChanged(effect.workspaceId, effect.goalId);
          break;
        case 'schedules.stale':
          await add('schedules.reconcile', {}, { deduplication: { id: 'schedules-reconcile', ttl: 5_000 } });
          break;
        case 'kudos.given':
          await add('kudos.post', { kudosId: effect.kudosId });
          break;
        case 'preview':
          await add('preview', { post: effect.post, workspaceId: effect.workspaceId, memberId: effect.memberId });
          break;
        case 'export':
          await add('export.file', { workspaceId: effect.workspaceId, memberId: effect.memberId, kind: effect.exportKind, range: effect.range });
          break;
        case 'import':
          await add('import.file', { workspaceId: effect.workspaceId, memberId: effect.memberId, kind: effect.importKind, dryRun: effect.dryRun, file: effect.file });
          break;
      }
    }
  };

  async function process(job: Job, token?: string): Promise<string> {
    if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
    const data = job.data as SlotHolder;
    const run: JobRun = {
      id: job.id ?? `${job.name}:${job.timestamp}`,
      ...(data.slotAt !== undefined && { slotAt: data.slotAt }),
      async delay(until, slotAt) {
        await job.updateData({ ...job.data, ...(slotAt !== undefined && { slotAt }) });
        await job.moveToDelayed(until, token);
        throw new DelayedError();
      },
      async keep(patch) {
        await job.updateData({ ...job.data, ...patch });
      },
    };
    try {
      return await runJob(deps, run, { name: job.name, data: job.data } as PacerJob);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (isPermanent(error)) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  return {
    effects,
    queue,
    schedulers,
    deps,
    add,
    async startWorker() {
      const declared = await schedulers.reconcile();
      logger.info(declared, 'job schedulers declared');
      worker = backend.createWorker(process, {
        concurrency: options.concurrency ?? 8,
        ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
        ...(options.stalledIntervalMs !== undefined && { stalledInterval: options.stalledIntervalMs }),
      });
      worker.on('failed', (job, error) => logger.warn({ job: job?.name, id: job?.id, attempts: job?.attemptsMade, err: error }, 'job failed'));
      worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
      return worker;
    },
    async close() {
      // Not forced: jobs in flight finish first; anything not started stays queued for the next worker.
      await worker?.close();
      await queue.close();
      await backend.close();
    },
  };
}

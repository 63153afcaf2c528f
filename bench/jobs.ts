import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createJobRuntime, type JobRuntime } from '../jobs/runtime.ts';
import { schedulerId } from '../jobs/schedulers.ts';
import type { Clock } from '../src/bot/clock.ts';
import { createLogger } from '../src/bot/logger.ts';
import { addDays } from '../src/time/calendar.ts';
import { fakeSlackOutbound } from '../test/helpers/jobs.ts';
import { measureBaselines } from './lib/jobs-baseline.ts';
import { chooseDueMinute, delayedDueCounter, measureDueMinute } from './lib/jobs-due-minute.ts';
import { openJobsEnvironment } from './lib/jobs-environment.ts';
import { measurePacing } from './lib/jobs-pacing.ts';
import { recordingOutbound, startTally, tallyWorkerEvents, type PostRecord } from './lib/jobs-recording.ts';
import { enqueueFigures, type JobsBenchResults } from './lib/jobs-results.ts';
import { isNonDefault, JOBS_SETTINGS, REDIS_URL } from './lib/jobs-settings.ts';
import { seedJobsDatabase } from './lib/jobs-seed.ts';
import { captureQueries } from './lib/query-capture.ts';
import { int } from './lib/report.ts';

export { formatJobsReport } from './lib/jobs-report.ts';
export type { EnqueueFigures, JobsBenchResults, QueryShape, Spread } from './lib/jobs-results.ts';
export { JOBS_SETTINGS } from './lib/jobs-settings.ts';

/**
 * The jobs benchmark (`npm run bench -- jobs`): 5,000 reps all due a training reminder at the same
 * minute, on a fresh PostgreSQL database, BullMQ on the local Redis and a fake Slack that allows one
 * chat.postMessage per channel per second and answers 429 beyond it.
 *
 * 1. Enqueue: Pacer's boot-time `schedulers.reconcile()` declaring 5,000 schedulers, beside raw
 *    BullMQ in the same run (one `addBulk` of 5,000 delayed jobs, and 5,000 bare
 *    `upsertJobScheduler` calls), each on a queue prefix of its own.
 * 2. The due minute: from the instant the reminders fall due until every tick job has left the
 *    delayed set, been taken by a worker, and posted; lateness of each post; 429s.
 * 3. Pacing: 5 goals channels × 10 `goals.changed` jobs each, added at once (each with a job id of
 *    its own, so the 60 s debounce of the command path does not fold them: as ten changes a minute
 *    apart would arrive). Every post into a channel goes through the same send slots, so this is
 *    the per-channel pacing of any job; five channels at once also show channels do not wait for
 *    each other. Expected: each channel ≈ 1 post/s (10 posts ≈ 9 s), ≈ 5/s over all, 0 × 429.
 *
 * Knobs for experiments (the report marks a run that used any): PACER_BENCH_JOBS_REPS,
 * _CONCURRENCY, _POOL, _LEAD_S, _PACE_CHANNELS, _PACE_POSTS, _SLACK_LATENCY_MS, _PROFILE=1 (queries
 * by shape), _LOG=<pino level>; PACER_BENCH_REDIS_URL.
 *
 * Every figure is measured here, with performance.now(); the report prints them beside the raw
 * BullMQ baseline. Nothing fails the process but the benchmark itself breaking.
 */

export interface JobsBenchHooks {
  /** Progress lines (stderr). */
  log?: (line: string) => void;
  /** Registers an undo step with the caller (so Ctrl-C cleans up too); it runs at the end regardless. */
  defer?: (step: () => Promise<unknown>) => void;
}

export async function runJobsBench(hooks: JobsBenchHooks = {}): Promise<JobsBenchResults> {
  const S = JOBS_SETTINGS;
  const benchStarted = performance.now();
  const startedAt = new Date();
  const log = hooks.log ?? ((line: string) => console.error(`[jobs +${((performance.now() - benchStarted) / 1000).toFixed(1)}s] ${line}`));
  const undo: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    while (undo.length > 0) {
      const step = undo.pop();
      await step?.().catch((error: unknown) => console.error('jobs bench cleanup step failed:', error instanceof Error ? error.message : error));
    }
  };
  hooks.defer?.(cleanUp);
  const defer = (step: () => Promise<unknown>): void => void undo.push(step);

  try {
    // ── database, fake Slack, Redis ──────────────────────────────────────────────────────────────
    const env = await openJobsEnvironment(startedAt, S, defer, log);
    const { connection, fake, redis } = env;

    // ── the raw BullMQ baseline, first, on a quiet machine and a prefix of its own ───────────────
    // (Its scheduler pattern only needs a minute; the real one is chosen below.)
    const baseline = await measureBaselines(S.reps, S.timezone, 9 * 60, log);

    // ── the due minute, then the data ────────────────────────────────────────────────────────────
    const dueMinute = chooseDueMinute(S.leadMs, S.timezone);
    const { dueAt, due, realDay, shiftDays, workDay, minute, localClock } = dueMinute;
    log(`reminders due at ${due.toISOString()} (${localClock} ${S.timezone}, ${realDay}${shiftDays > 0 ? `; the domain sees ${workDay}, the next working day` : ''})`);

    log(`seeding ${int(S.reps)} reps, ${int(S.reps)} daily assignments, ${S.paceChannels} goals channels`);
    const seed = await seedJobsDatabase(env.url, {
      teamId: S.teamId,
      reps: S.reps,
      timezone: S.timezone,
      minute,
      startsOn: addDays(realDay, -7),
      channels: S.paceChannels,
      goalDay: workDay,
    });

    // ── Pacer's job runtime: Redis on a random prefix, the fake Slack behind the outbound port ────
    const prefix = `pacer-bench-${randomBytes(4).toString('hex')}`;
    const posts: PostRecord[] = [];
    const opens: number[] = [];
    const capture = S.profile ? captureQueries(connection.db) : undefined;
    const clock: Clock = { now: () => new Date(Date.now() + dueMinute.shiftMs) };
    const runtime: JobRuntime = createJobRuntime({
      backend: { kind: 'redis', url: REDIS_URL, prefix },
      db: capture?.db ?? connection.db,
      outbound: recordingOutbound(fakeSlackOutbound(fake), posts, opens, S.slackLatencyMs),
      clock,
      logger: createLogger({ level: process.env['PACER_BENCH_JOBS_LOG'] ?? 'silent' }),
      concurrency: S.concurrency,
    });
    let stopWorker: () => Promise<void> = async () => undefined;
    defer(async () => {
      await stopWorker();
      await runtime.queue.obliterate({ force: true });
      await runtime.close();
    });
    const delayedDue = delayedDueCounter(redis, runtime.queue, dueAt);

    // ── 1. enqueue: Pacer's reconcile declaring every scheduler, timed ────────────────────────────
    log(`schedulers.reconcile(): declaring ${int(S.reps)} training schedulers`);
    let started = performance.now();
    const declared = await runtime.schedulers.reconcile();
    const reconcileMs = performance.now() - started;
    const delayedAtDue = await delayedDue();
    const sample = await runtime.queue.getJobScheduler(schedulerId.training(seed.assignmentIds[0] ?? 0));
    if (sample?.next !== dueAt) throw new Error(`the first training scheduler fires at ${String(sample?.next)}, not at ${dueAt}`);

    const tally = startTally(S.reps, `${int(S.reps)} reminders`);
    log(`starting the worker (concurrency ${S.concurrency}, pool ${S.poolSize}): its boot reconcile finds everything declared`);
    started = performance.now();
    const worker = await runtime.startWorker();
    const bootMs = performance.now() - started;
    stopWorker = () => worker.close();
    tallyWorkerEvents(worker, tally);

    // ── 2. the due minute ────────────────────────────────────────────────────────────────────────
    const { delivery, waitedMs } = await measureDueMinute({
      settings: S,
      dueAt,
      delayedAtDue,
      delayedDue,
      posts,
      opens,
      tally,
      dbUrl: env.url,
      dbName: env.dbName,
      db: connection.db,
      capture,
      fake,
      log,
    });

    // ── 3. pacing: goal updates, N channels × M posts, all at once ───────────────────────────────
    log(`pacing: ${S.paceChannels} goals channels × ${S.pacePostsPerChannel} goal updates each, added at once`);
    const pacing = await measurePacing({ settings: S, runtime, seed, posts, tally, fake });
    log(`pacing: ${pacing.posted} posts in ${(pacing.wallMs / 1000).toFixed(1)} s, ${pacing.rateLimited} × 429`);

    return {
      startedAt: startedAt.toISOString(),
      settings: { ...S, nonDefault: isNonDefault(S) },
      machine: { node: process.version, postgres: env.postgresVersion, redis: env.redisVersion, cpus: availableParallelism(), busyBefore: env.busyBefore },
      seed: { reps: S.reps, assignments: seed.assignmentIds.length, seedMs: seed.seedMs, migrateMs: env.migrateMs },
      due: { at: due.toISOString(), local: `${localClock} ${S.timezone}`, localDay: realDay, shiftDays, waitedMs },
      enqueue: {
        reconcile: { ...enqueueFigures(declared.declared, reconcileMs), ...declared },
        bootReconcile: enqueueFigures(declared.declared, bootMs),
        addBulk: baseline.addBulk,
        upsertSequential: baseline.upsertSequential,
        upsertParallel: baseline.upsertParallel,
        delayedAtDue,
      },
      delivery,
      pacing,
      durationMs: performance.now() - benchStarted,
    };
  } finally {
    await cleanUp();
  }
}

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openQueueBackend } from '../jobs/backend.ts';
import { createJobRuntime, JOB_OPTIONS, type JobRuntime } from '../jobs/runtime.ts';
import { schedulerId } from '../jobs/schedulers.ts';
import type { Clock } from '../src/bot/clock.ts';
import { createLogger } from '../src/bot/logger.ts';
import type { ConversationRef, Outbound, PostedRef, WorkspaceRef } from '../src/bot/ports.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { cronPattern } from '../src/domain/training/cadence.ts';
import { minuteOfDay } from '../src/domain/training/training.ts';
import { holidayCalendarOf } from '../src/domain/workspaces/workspace.holidays.ts';
import type { Message } from '../src/messages/message.ts';
import { addDays, workCalendar } from '../src/time/calendar.ts';
import { localDay } from '../src/time/periods.ts';
import { startFakeSlack } from '../test/helpers/fake-slack.ts';
import { fakeSlackOutbound } from '../test/helpers/jobs.ts';
import { seedJobsDatabase } from './lib/jobs-seed.ts';
import { cpuWindow, machineBusyOver, sampleWaits, type CpuFigures, type WaitFigures } from './lib/observe.ts';
import { captureQueries, summarizeSql } from './lib/query-capture.ts';
import { heading, int, ms, rate, ratio, table } from './lib/report.ts';

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

const PG_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['PACER_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const JOBS_SETTINGS = {
  reps: envInt('PACER_BENCH_JOBS_REPS', 5_000),
  /**
   * Worker concurrency: production's default (WORKER_CONCURRENCY=8). Measured 8, 16, 32 and 64 on
   * the 2-core bench machine: the same ~255–285 reminders/s each (the worker's one Node thread is
   * the limit on loopback), while the time per job grows with it (p50 24 → 57 → 106 → 238 ms) and
   * anything above the pool size (10) only waits for a connection. With a realistic Slack round
   * trip the pool is the limit instead (PACER_BENCH_JOBS_SLACK_LATENCY_MS): concurrency 32 on the
   * same pool gains little over 8. So the bench measures what ships; PACER_BENCH_JOBS_CONCURRENCY
   * and PACER_BENCH_JOBS_POOL change it for an experiment.
   */
  concurrency: envInt('PACER_BENCH_JOBS_CONCURRENCY', 8),
  /** The worker's database pool (connectDatabase's default for PostgreSQL, as production runs it). */
  poolSize: envInt('PACER_BENCH_JOBS_POOL', 10),
  /** The due minute is the next whole minute at least this far ahead once the database is ready. */
  leadMs: envInt('PACER_BENCH_JOBS_LEAD_S', 20) * 1_000,
  timezone: 'Europe/Ljubljana',
  teamId: 'TBENCHJOBS',
  /** Slack's limit as the fake enforces it. */
  postIntervalMs: 1_000,
  paceChannels: envInt('PACER_BENCH_JOBS_PACE_CHANNELS', 5),
  pacePostsPerChannel: envInt('PACER_BENCH_JOBS_PACE_POSTS', 10),
  /** PACER_BENCH_JOBS_PROFILE=1: every query the workers send is timed by shape (adds a little overhead). */
  profile: process.env['PACER_BENCH_JOBS_PROFILE'] === '1',
  /**
   * PACER_BENCH_JOBS_SLACK_LATENCY_MS (experiment): every Slack call waits this long first, as a
   * real Slack's round trip would (loopback answers in a few ms). Use with fewer reps.
   */
  slackLatencyMs: envInt('PACER_BENCH_JOBS_SLACK_LATENCY_MS', 0),
  deliveryTimeoutMs: 120_000,
};

// ── results ────────────────────────────────────────────────────────────────────────────────────────

export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

export interface EnqueueFigures {
  count: number;
  ms: number;
  perSecond: number;
}

export interface QueryShape {
  sql: string;
  perJob: number;
  meanMs: number;
  totalMs: number;
}

export interface JobsBenchResults {
  startedAt: string;
  settings: typeof JOBS_SETTINGS & { nonDefault: boolean };
  machine: { node: string; postgres: string; redis: string; cpus: number; busyBefore: number };
  seed: { reps: number; assignments: number; seedMs: number; migrateMs: number };
  /** The due instant (epoch ms), the local minute, the days the workers' clock was moved to reach a working day. */
  due: { at: string; local: string; localDay: string; shiftDays: number; waitedMs: number };
  enqueue: {
    reconcile: EnqueueFigures & { declared: number; changed: number; removed: number };
    bootReconcile: EnqueueFigures;
    addBulk: EnqueueFigures;
    upsertSequential: EnqueueFigures;
    upsertParallel: EnqueueFigures & { inFlight: number };
    delayedAtDue: number;
  };
  delivery: {
    jobs: number;
    completed: number;
    failed: number;
    outcomes: Record<string, number>;
    /** ms after the due instant. */
    delayedEmptyMs: number;
    firstActiveMs: number;
    allActiveMs: number;
    firstPostMs: number;
    allPostedMs: number;
    allCompletedMs: number;
    /** posts per second from the due instant to the last post, and between the first and last post. */
    rateFromDue: number;
    rateSteady: number;
    lateness: Spread;
    jobTime: Spread;
    openMs: Spread;
    postMs: Spread;
    jobPostsRows: number;
    slackPostCalls: number;
    slackOpenCalls: number;
    rateLimited: number;
    cpu: CpuFigures;
    waits: WaitFigures;
    profile?: QueryShape[];
  };
  pacing: {
    channels: number;
    postsPerChannel: number;
    jobs: number;
    completed: number;
    failed: number;
    posted: number;
    /** From adding the jobs to the last post. */
    wallMs: number;
    aggregateRate: number;
    perChannel: { channel: string; posts: number; refused: number; spanMs: number; rate: number; minGapMs: number; medianGapMs: number }[];
    /** Refused (429) attempts: ms since the channel's previous accepted post, as the client sent them. */
    refusedGaps: Spread;
    /** The same for the first refusal in each channel (what started it, before any retry). */
    firstRefusedGaps: Spread;
    /** Activations beyond the first: the times a job waited for its slot (or a Retry-After) as a delayed job. */
    delays: number;
    rateLimited: number;
  };
  durationMs: number;
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────

const sleep = (msToWait: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, msToWait)));

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

const perSecond = (count: number, msTaken: number): number => (msTaken > 0 ? (count * 1000) / msTaken : Number.NaN);
const enqueueFigures = (count: number, msTaken: number): EnqueueFigures => ({ count, ms: msTaken, perSecond: perSecond(count, msTaken) });

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The local Redis server's pid (its CPU is read from /proc), or -1 when it runs elsewhere. */
function redisPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return -1;
}

/** BullMQ's delayed set scores a job `timestamp × 0x1000 + counter`. */
const delayedScore = (timestampMs: number): number => timestampMs * 0x1000;

interface PostRecord {
  conversationId: string;
  /** performance.now() when the worker called post (before any simulated latency), when it was handed to Slack's client, and when its answer came. */
  calledAt: number;
  sentAt: number;
  doneAt: number;
  ok: boolean;
}

/** The worker's outbound with every post and DM open timed; what it sends is unchanged. */
function recordingOutbound(inner: Outbound, posts: PostRecord[], opens: number[], latencyMs: number): Outbound {
  const latency = (): Promise<void> => (latencyMs > 0 ? sleep(latencyMs) : Promise.resolve());
  return {
    async post(to: ConversationRef, message: Message): Promise<PostedRef> {
      const calledAt = performance.now();
      await latency();
      const sentAt = performance.now();
      try {
        const posted = await inner.post(to, message);
        posts.push({ conversationId: posted.conversation.conversationId, calledAt, sentAt, doneAt: performance.now(), ok: true });
        return posted;
      } catch (error) {
        posts.push({ conversationId: to.conversationId, calledAt, sentAt, doneAt: performance.now(), ok: false });
        throw error;
      }
    },
    update: (ref, message) => inner.update(ref, message),
    async openDirect(workspace: WorkspaceRef, userId: string): Promise<ConversationRef> {
      const started = performance.now();
      await latency();
      const ref = await inner.openDirect(workspace, userId);
      opens.push(performance.now() - started);
      return ref;
    },
  };
}

/** A condition checked at every event: `wait` resolves once it holds, or fails after the timeout. */
function until(done: () => boolean, what: string): { check(): void; wait(timeoutMs: number): Promise<void> } {
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const check = (): void => {
    if (done()) reach();
  };
  return {
    check,
    async wait(timeoutMs) {
      check();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)), timeoutMs)));
      try {
        await Promise.race([reached, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

// ── the raw BullMQ baseline ────────────────────────────────────────────────────────────────────────

async function measureBaselines(reps: number, zone: string, minute: number, log: (line: string) => void): Promise<{ addBulk: EnqueueFigures; upsertSequential: EnqueueFigures; upsertParallel: EnqueueFigures & { inFlight: number } }> {
  const prefix = `pacer-bench-raw-${randomBytes(4).toString('hex')}`;
  const backend = openQueueBackend({ kind: 'redis', url: REDIS_URL, prefix });
  const queue: Queue = backend.createQueue();
  try {
    const pattern = cronPattern({ cadence: 'daily', minute, startsOn: '2000-01-01' });
    const delay = 3_600_000;
    const bulk = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: 'training.tick', data: { assignmentId: from + i }, opts: { ...JOB_OPTIONS, delay } }));
    const upsert = (id: number) =>
      queue.upsertJobScheduler(`raw:${id}`, { pattern, tz: zone }, { name: 'training.tick', data: { assignmentId: id }, opts: JOB_OPTIONS });
    // Warm-up of both paths (not timed), so neither pays for loading the scripts into Redis.
    await queue.addBulk(bulk(1_000_000, 200));
    for (let i = 0; i < 200; i++) await upsert(1_000_000 + i);

    log(`raw BullMQ: addBulk of ${int(reps)} delayed jobs`);
    const jobs = bulk(1, reps);
    let started = performance.now();
    await queue.addBulk(jobs);
    const addBulk = enqueueFigures(reps, performance.now() - started);

    log(`raw BullMQ: ${int(reps)} × upsertJobScheduler, one at a time (as reconcile does)`);
    started = performance.now();
    for (let i = 1; i <= reps; i++) await upsert(i);
    const upsertSequential = enqueueFigures(reps, performance.now() - started);

    const inFlight = 32;
    log(`raw BullMQ: ${int(reps)} × upsertJobScheduler, ${inFlight} in flight`);
    started = performance.now();
    let next = reps + 1;
    const last = 2 * reps;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next <= last) await upsert(next++);
    }));
    const upsertParallel = { ...enqueueFigures(reps, performance.now() - started), inFlight };
    return { addBulk, upsertSequential, upsertParallel };
  } finally {
    await queue.obliterate({ force: true }).catch((error: unknown) => log(`obliterating the raw queue failed: ${String(error)}`));
    await queue.close();
    await backend.close();
  }
}

// ── the benchmark ──────────────────────────────────────────────────────────────────────────────────

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
    const stamp = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
    const dbName = `pacer_bench_jobs_${stamp}_${randomBytes(2).toString('hex')}`;
    const busyBefore = await machineBusyOver(1_000);
    const postgresVersion = await withClient(PG_SERVER_URL, async (c) => String((await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version));

    // ── database, fake Slack, Redis ──────────────────────────────────────────────────────────────
    log(`creating ${dbName}`);
    await withClient(PG_SERVER_URL, (c) => c.query(`create database ${pg.escapeIdentifier(dbName)}`));
    defer(() => withClient(PG_SERVER_URL, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`)));
    const dbUrl = new URL(PG_SERVER_URL);
    dbUrl.pathname = `/${dbName}`;
    const url = dbUrl.toString();
    const connection = await connectDatabase({ url, poolSize: S.poolSize });
    defer(() => connection.close());
    let started = performance.now();
    await migrateToLatest(connection.db);
    const migrateMs = performance.now() - started;

    const fake = await startFakeSlack({ postIntervalMs: S.postIntervalMs });
    defer(() => fake.close());
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    defer(() => redis.quit());
    const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';

    // ── the raw BullMQ baseline, first, on a quiet machine and a prefix of its own ───────────────
    // (Its scheduler pattern only needs a minute; the real one is chosen below.)
    const baseline = await measureBaselines(S.reps, S.timezone, 9 * 60, log);

    // ── the due minute, then the data ────────────────────────────────────────────────────────────
    const dueAt = Math.ceil((Date.now() + S.leadMs) / 60_000) * 60_000;
    const due = new Date(dueAt);
    const realDay = localDay(due, S.timezone);
    // Daily reminders skip weekends and Slovenian holidays. On such a day the workers' clock (only
    // what the domain reads as "today") is moved whole days ahead to the next working day; the
    // scheduler, the queue and every timing stay on real time. The report says when that happened.
    const calendar = workCalendar(holidayCalendarOf({ holiday_country: 'SI', holiday_region: null, locale: 'en' }));
    let shiftDays = 0;
    while (!calendar.isWorkingDay(addDays(realDay, shiftDays)) && shiftDays < 14) shiftDays += 1;
    const shiftMs = shiftDays * 86_400_000;
    const workDay = addDays(realDay, shiftDays);
    const minute = minuteOfDay(due, S.timezone);
    const localClock = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    log(`reminders due at ${due.toISOString()} (${localClock} ${S.timezone}, ${realDay}${shiftDays > 0 ? `; the domain sees ${workDay}, the next working day` : ''})`);

    log(`seeding ${int(S.reps)} reps, ${int(S.reps)} daily assignments, ${S.paceChannels} goals channels`);
    const seed = await seedJobsDatabase(url, {
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
    const clock: Clock = { now: () => new Date(Date.now() + shiftMs) };
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
    const delayedKey = runtime.queue.toKey('delayed');
    const delayedDue = (): Promise<number> => redis.zcount(delayedKey, 0, delayedScore(dueAt + 30_000));

    // ── 1. enqueue: Pacer's reconcile declaring every scheduler, timed ────────────────────────────
    log(`schedulers.reconcile(): declaring ${int(S.reps)} training schedulers`);
    started = performance.now();
    const declared = await runtime.schedulers.reconcile();
    const reconcileMs = performance.now() - started;
    const delayedAtDue = await delayedDue();
    const sample = await runtime.queue.getJobScheduler(schedulerId.training(seed.assignmentIds[0] ?? 0));
    if (sample?.next !== dueAt) throw new Error(`the first training scheduler fires at ${String(sample?.next)}, not at ${dueAt}`);

    // What the worker does, from its events: when each job was taken and finished, and how.
    const activeAt = new Map<string, number>();
    const doneAt = new Map<string, number>();
    const activations = new Map<string, number>();
    const outcomes: Record<string, number> = {};
    let failed = 0;
    let failedPace = 0;
    const tickIds = new Set<string>();
    const paceIds = new Set<string>();
    let ticksDone = 0;
    let paceDone = 0;
    const ticksFinished = until(() => ticksDone + failed >= S.reps, `${int(S.reps)} reminders`);
    const paceJobs = S.paceChannels * S.pacePostsPerChannel;
    let paceFinished: ReturnType<typeof until> | undefined;

    log(`starting the worker (concurrency ${S.concurrency}, pool ${S.poolSize}): its boot reconcile finds everything declared`);
    started = performance.now();
    const worker = await runtime.startWorker();
    const bootMs = performance.now() - started;
    stopWorker = () => worker.close();
    worker.on('active', (job: Job) => {
      const id = job.id ?? '';
      activations.set(id, (activations.get(id) ?? 0) + 1);
      if (!activeAt.has(id)) activeAt.set(id, performance.now());
    });
    worker.on('completed', (job: Job, result: unknown) => {
      const id = job.id ?? '';
      doneAt.set(id, performance.now());
      if (job.name === 'training.tick') {
        tickIds.add(id);
        ticksDone += 1;
        const outcome = String(result).replace(/\d{4}-\d\d-\d\dT\S+/, '…');
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        ticksFinished.check();
      } else if (job.name === 'goals.changed') {
        paceIds.add(id);
        paceDone += 1;
        paceFinished?.check();
      }
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      // Counted once it is final; an attempt BullMQ will retry is not an outcome yet.
      const final = job === undefined || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      if (job?.name === 'goals.changed') {
        failedPace += 1;
        paceFinished?.check();
      } else {
        failed += 1;
        outcomes[`failed: ${error.message.slice(0, 60)}`] = (outcomes[`failed: ${error.message.slice(0, 60)}`] ?? 0) + 1;
        ticksFinished.check();
      }
    });

    const leftMs = dueAt - Date.now();
    if (leftMs < 1_000) throw new Error(`the schedulers were declared only ${leftMs} ms before the due minute: raise PACER_BENCH_JOBS_LEAD_S`);

    // ── 2. the due minute ────────────────────────────────────────────────────────────────────────
    log(`waiting ${(leftMs / 1000).toFixed(1)} s for the due minute (${int(delayedAtDue)} tick jobs delayed until then)`);
    const waitedMs = leftMs;
    await sleep(leftMs - 300);
    // performance.now() of the due instant (Date.now() is what BullMQ compares delays with).
    const duePerf = performance.now() + (dueAt - Date.now());
    const cpu = cpuWindow(redisPid());
    const waits = await sampleWaits(url, dbName, 50);
    const postsBefore = posts.length;
    // The delayed set, polled every 5 ms until every job due at M has left it.
    let delayedEmptyAt = Number.NaN;
    const poller = (async () => {
      for (;;) {
        const left = await delayedDue();
        const now = performance.now();
        if (left === 0 && now >= duePerf) {
          delayedEmptyAt = now;
          return;
        }
        if (now - duePerf > S.deliveryTimeoutMs) return;
        await sleep(5);
      }
    })();
    log('due: delivering');
    await ticksFinished.wait(S.deliveryTimeoutMs);
    await poller;
    const cpuFigures = cpu.end();
    const waitFigures = await waits.stop();
    const profile = capture ? shapes(capture.take(), S.reps) : undefined;

    const tickPosts = posts.slice(postsBefore);
    const okPosts = tickPosts.filter((p) => p.ok);
    const tickActive = [...tickIds].map((id) => activeAt.get(id) ?? Number.NaN);
    const tickTimes = [...tickIds].map((id) => (doneAt.get(id) ?? Number.NaN) - (activeAt.get(id) ?? Number.NaN));
    const firstPost = Math.min(...okPosts.map((p) => p.doneAt));
    const lastPost = Math.max(...okPosts.map((p) => p.doneAt));
    const jobPostsRows = Number(
      (await connection.db.selectFrom('job_posts').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'training.reminder').executeTakeFirst())?.n ?? 0,
    );
    const delivery: JobsBenchResults['delivery'] = {
      jobs: S.reps,
      completed: ticksDone,
      failed,
      outcomes,
      delayedEmptyMs: delayedEmptyAt - duePerf,
      firstActiveMs: Math.min(...tickActive) - duePerf,
      allActiveMs: Math.max(...tickActive) - duePerf,
      firstPostMs: firstPost - duePerf,
      allPostedMs: lastPost - duePerf,
      allCompletedMs: Math.max(...[...tickIds].map((id) => doneAt.get(id) ?? Number.NaN)) - duePerf,
      rateFromDue: perSecond(okPosts.length, lastPost - duePerf),
      rateSteady: perSecond(okPosts.length - 1, lastPost - firstPost),
      lateness: spread(okPosts.map((p) => p.doneAt - duePerf)),
      jobTime: spread(tickTimes),
      openMs: spread(opens),
      postMs: spread(okPosts.map((p) => p.doneAt - p.calledAt)),
      jobPostsRows,
      slackPostCalls: fake.callsTo('chat.postMessage').length,
      slackOpenCalls: fake.callsTo('conversations.open').length,
      rateLimited: fake.rateLimitedCount,
      cpu: cpuFigures,
      waits: waitFigures,
      ...(profile && { profile }),
    };
    log(`${int(okPosts.length)} reminders posted ${(delivery.allPostedMs / 1000).toFixed(1)} s after the due minute, ${delivery.rateLimited} × 429`);

    // ── 3. pacing: goal updates, N channels × M posts, all at once ───────────────────────────────
    log(`pacing: ${S.paceChannels} goals channels × ${S.pacePostsPerChannel} goal updates each, added at once`);
    const rateLimitedBefore = fake.rateLimitedCount;
    const paceFrom = posts.length;
    paceFinished = until(() => paceDone + failedPace >= paceJobs, `${paceJobs} goal updates`);
    const paceStarted = performance.now();
    await Promise.all(
      [...seed.goalChannels.keys()].flatMap((goalId) =>
        Array.from({ length: S.pacePostsPerChannel }, (_, i) => runtime.add('goals.changed', { workspaceId: seed.workspaceId, goalId }, { jobId: `bench-pace-${goalId}-${i}` })),
      ),
    );
    await paceFinished.wait(30_000 + S.pacePostsPerChannel * S.postIntervalMs * 2);
    const paceAttempts = posts.slice(paceFrom);
    const pacePosts = paceAttempts.filter((p) => p.ok);
    const byChannel = new Map<string, PostRecord[]>();
    for (const p of paceAttempts) byChannel.set(p.conversationId, [...(byChannel.get(p.conversationId) ?? []), p]);
    // For each refused attempt: how long after the channel's previous accepted post it was sent.
    const refusedGaps: number[] = [];
    const firstRefusedGaps: number[] = [];
    const perChannel = [...byChannel].sort(([a], [b]) => a.localeCompare(b)).map(([channel, attempts]) => {
      const ordered = attempts.sort((a, b) => a.sentAt - b.sentAt);
      let lastOk: number | undefined;
      let refusedBefore = false;
      for (const attempt of ordered) {
        if (!attempt.ok && lastOk !== undefined) {
          refusedGaps.push(attempt.sentAt - lastOk);
          if (!refusedBefore) firstRefusedGaps.push(attempt.sentAt - lastOk);
        }
        if (!attempt.ok) refusedBefore = true;
        if (attempt.ok) lastOk = attempt.sentAt;
      }
      const sorted = ordered.filter((a) => a.ok).map((a) => a.sentAt);
      const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] ?? t));
      const spanMs = (sorted.at(-1) ?? 0) - (sorted[0] ?? 0);
      return {
        channel,
        posts: sorted.length,
        refused: ordered.length - sorted.length,
        spanMs,
        rate: perSecond(sorted.length - 1, spanMs),
        minGapMs: Math.min(...gaps),
        medianGapMs: spread(gaps).p50,
      };
    });
    const pacing: JobsBenchResults['pacing'] = {
      channels: S.paceChannels,
      postsPerChannel: S.pacePostsPerChannel,
      jobs: paceJobs,
      completed: paceDone,
      failed: failedPace,
      posted: pacePosts.length,
      wallMs: Math.max(...pacePosts.map((p) => p.doneAt)) - paceStarted,
      aggregateRate: perSecond(pacePosts.length, Math.max(...pacePosts.map((p) => p.doneAt)) - paceStarted),
      perChannel,
      delays: [...paceIds].reduce((sum, id) => sum + (activations.get(id) ?? 1) - 1, 0),
      rateLimited: fake.rateLimitedCount - rateLimitedBefore,
      refusedGaps: spread(refusedGaps),
      firstRefusedGaps: spread(firstRefusedGaps),
    };
    log(`pacing: ${pacePosts.length} posts in ${(pacing.wallMs / 1000).toFixed(1)} s, ${pacing.rateLimited} × 429`);

    const settings = { ...S, nonDefault: S.concurrency !== 8 || S.poolSize !== 10 || S.reps !== 5_000 || S.leadMs !== 20_000 || S.paceChannels !== 5 || S.pacePostsPerChannel !== 10 || S.slackLatencyMs !== 0 };
    return {
      startedAt: startedAt.toISOString(),
      settings,
      machine: { node: process.version, postgres: postgresVersion, redis: redisVersion, cpus: availableParallelism(), busyBefore },
      seed: { reps: S.reps, assignments: seed.assignmentIds.length, seedMs: seed.seedMs, migrateMs },
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

/** Captured queries grouped by shape: how many each job sent and what they took. */
function shapes(queries: readonly { sql: string; durationMs: number }[], jobs: number): QueryShape[] {
  const byShape = new Map<string, { count: number; totalMs: number }>();
  for (const q of queries) {
    const key = summarizeSql(q.sql, 150);
    const entry = byShape.get(key) ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += q.durationMs;
    byShape.set(key, entry);
  }
  return [...byShape]
    .map(([sql, { count, totalMs }]) => ({ sql, perJob: count / jobs, meanMs: totalMs / count, totalMs }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

// ── the printed report ─────────────────────────────────────────────────────────────────────────────

const secs = (value: number): string => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
const share = (value: number): string => `${(value * 100).toFixed(0)}%`;

export function formatJobsReport(r: JobsBenchResults): string {
  const { settings: s, enqueue: e, delivery: d, pacing: p } = r;
  const out: string[] = [];
  out.push(heading(`Pacer jobs benchmark · ${r.startedAt} · ${r.machine.cpus} CPUs · Node ${r.machine.node} · PostgreSQL ${r.machine.postgres} · Redis ${r.machine.redis} · all on loopback`));
  out.push(
    `  data: ${int(r.seed.reps)} reps (${s.timezone}), ${int(r.seed.assignments)} daily training assignments due at ${r.due.local} = ${r.due.at};` +
      ` seeded in ${secs(r.seed.seedMs)} on a fresh database (migrations ${secs(r.seed.migrateMs)})`,
  );
  out.push(`  worker: Pacer's createJobRuntime on Redis (own prefix), concurrency ${s.concurrency}${s.concurrency === 8 ? ' (WORKER_CONCURRENCY default)' : ''}, PostgreSQL pool ${s.poolSize}; fake Slack allows 1 chat.postMessage per channel per ${s.postIntervalMs} ms, 429 beyond`);
  out.push(`  the bench waited ${secs(r.due.waitedMs)} for the due minute; machine busy before the run: ${share(r.machine.busyBefore)} of all cores${r.machine.busyBefore > 0.2 ? ' (NOT quiet: figures are pessimistic)' : ''}`);
  if (s.slackLatencyMs > 0) out.push(`  NOTE: PACER_BENCH_JOBS_SLACK_LATENCY_MS=${s.slackLatencyMs}: every Slack call waited that long first (an experiment, not the reference figures)`);
  if (r.due.shiftDays > 0) out.push(`  NOTE: ${r.due.localDay} is not a working day in Slovenia; the workers' clock (only the domain's "today") ran ${r.due.shiftDays} day(s) ahead so the reminders are due`);
  if (s.nonDefault) out.push('  NOTE: non-default settings (PACER_BENCH_JOBS_*): not the reference figures');
  if (s.profile) out.push('  NOTE: PACER_BENCH_JOBS_PROFILE=1: every query was timed by a kysely plugin, which adds a little to every job');

  out.push(heading(`Enqueue · ${int(s.reps)} reminders onto the queue (raw BullMQ on a prefix of its own, same run, same Redis)`));
  out.push(
    table([
      ['', 'count', 'time', 'rate', 'vs addBulk'],
      ['Pacer schedulers.reconcile() (first boot: all new)', int(e.reconcile.declared), secs(e.reconcile.ms), `${rate(e.reconcile.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.reconcile.perSecond) + ' slower'],
      ['Pacer startWorker() (its reconcile finds all unchanged)', int(e.bootReconcile.count), secs(e.bootReconcile.ms), `${rate(e.bootReconcile.perSecond)} checked`, ''],
      ['raw BullMQ upsertJobScheduler, one at a time', int(e.upsertSequential.count), secs(e.upsertSequential.ms), `${rate(e.upsertSequential.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.upsertSequential.perSecond) + ' slower'],
      [`raw BullMQ upsertJobScheduler, ${e.upsertParallel.inFlight} in flight`, int(e.upsertParallel.count), secs(e.upsertParallel.ms), `${rate(e.upsertParallel.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.upsertParallel.perSecond) + ' slower'],
      ['raw BullMQ addBulk (delayed jobs, one call) = baseline', int(e.addBulk.count), secs(e.addBulk.ms), `${rate(e.addBulk.perSecond)} jobs`, '1.0×'],
    ]),
  );
  out.push(
    `  reconcile: ${int(e.reconcile.changed)} changed, ${int(e.reconcile.removed)} removed (${int(e.reconcile.declared - s.reps)} besides the training ones);` +
      ` Pacer's reconcile ÷ raw sequential upserts: ${ratio(e.upsertSequential.perSecond, e.reconcile.perSecond)} the time;` +
      ` ${int(e.delayedAtDue)} tick jobs sat in the delayed set for the due minute`,
  );

  out.push(heading(`The due minute · ${int(d.jobs)} training.tick jobs due at once`));
  out.push(
    table([
      ['after the due instant', 'time'],
      ['all left the delayed set (due → all enqueued)', secs(d.delayedEmptyMs)],
      ['first job taken by a worker', secs(d.firstActiveMs)],
      ['all jobs taken by a worker (due → all active)', secs(d.allActiveMs)],
      ['first reminder posted', secs(d.firstPostMs)],
      ['all reminders posted', secs(d.allPostedMs)],
      ['all jobs completed', secs(d.allCompletedMs)],
    ]),
  );
  out.push(
    `  send rate: ${rate(d.rateFromDue)} posts from the due instant, ${rate(d.rateSteady)} between the first and the last post` +
      ` (each DM is its own conversation, so Slack's per-channel limit allows all of them at once)`,
  );
  out.push(`  lateness of each post vs the due instant: p50 ${secs(d.lateness.p50)}, p99 ${secs(d.lateness.p99)}, max ${secs(d.lateness.max)} (${int(d.lateness.n)} posts)`);
  out.push(
    `  per job (taken → completed): p50 ${ms(d.jobTime.p50)}, p99 ${ms(d.jobTime.p99)}, max ${ms(d.jobTime.max)};` +
      ` of which Slack calls: conversations.open mean ${ms(d.openMs.mean)}, chat.postMessage mean ${ms(d.postMs.mean)}`,
  );
  const check = d.jobPostsRows === d.jobs && d.slackPostCalls === d.jobs && d.rateLimited === 0 && d.failed === 0;
  out.push(
    `  work done: ${int(d.completed)} completed, ${int(d.failed)} failed; job_posts rows ${int(d.jobPostsRows)}; fake Slack: ${int(d.slackPostCalls)} chat.postMessage,` +
      ` ${int(d.slackOpenCalls)} conversations.open, ${int(d.rateLimited)} × 429 → ${check ? `MATCH (expected ${int(d.jobs)} / ${int(d.jobs)} / 0 × 429)` : 'MISMATCH'}`,
  );
  out.push(`  job outcomes: ${Object.entries(d.outcomes).map(([k, v]) => `${k} ×${int(v)}`).join(', ')}`);
  const cpuTotal = d.cpu.wallMs;
  out.push(
    `  CPU over the ${secs(cpuTotal)} window: this process (workers + fake Slack) ${secs(d.cpu.clientMs)} (${share(d.cpu.clientMs / cpuTotal)} of a core),` +
      ` PostgreSQL ${secs(d.cpu.postgresMs)} (${share(d.cpu.postgresMs / cpuTotal)}), Redis ${secs(d.cpu.serverMs)} (${share(d.cpu.serverMs / cpuTotal)}),` +
      ` other processes ${secs(d.cpu.otherMs)} (${share(d.cpu.otherMs / cpuTotal)}${d.cpu.otherMs / cpuTotal > 0.15 ? ': the machine was shared, figures pessimistic' : ''}); all cores busy ${share(d.cpu.machineBusy)}`,
  );
  const waitTotal = Object.values(d.waits.states).reduce((a, b) => a + b, 0);
  out.push(
    `  the workers' PostgreSQL sessions (${int(d.waits.samples)} samples, mean ${d.waits.meanBusySessions.toFixed(2)} busy of ${s.poolSize}): ` +
      Object.entries(d.waits.states).sort(([, a], [, b]) => b - a).map(([state, count]) => `${state} ${share(count / Math.max(1, waitTotal))}`).join(', '),
  );
  if (d.profile) {
    const perJob = d.profile.reduce((sum, q) => sum + q.perJob, 0);
    const msPerJob = d.profile.reduce((sum, q) => sum + q.totalMs, 0) / d.jobs;
    out.push(`  queries per job: ${perJob.toFixed(1)}, ${ms(msPerJob)} summed per job (round trip + parse; concurrent jobs overlap):`);
    out.push(table(d.profile.slice(0, 12).map((q) => [ms(q.meanMs), `×${q.perJob.toFixed(2)}`, q.sql]), '      '));
  }

  out.push(heading(`Pacing · ${p.channels} goals channels × ${p.postsPerChannel} goal updates (goals.changed jobs), all added at once`));
  out.push(
    table([
      ['channel', 'posts', '429s', 'first → last', 'rate', 'min gap', 'median gap'],
      ...p.perChannel.map((c) => [c.channel, int(c.posts), int(c.refused), secs(c.spanMs), rate(c.rate), ms(c.minGapMs), ms(c.medianGapMs)]),
    ]),
  );
  out.push(
    `  ${int(p.posted)} posts of ${int(p.jobs)} jobs (${p.failed} failed) in ${secs(p.wallMs)} → ${rate(p.aggregateRate)} over all channels;` +
      ` jobs waited for their slot as delayed jobs ${int(p.delays)} times; ${int(p.rateLimited)} × 429 (expected 0)`,
  );
  if (p.refusedGaps.n > 0) {
    out.push(
      `  the refused posts were sent ${ms(p.refusedGaps.min)} … ${ms(p.refusedGaps.max)} (median ${ms(p.refusedGaps.p50)}) after their channel's previous accepted post;` +
        ` each channel's first refusal ${ms(p.firstRefusedGaps.min)} … ${ms(p.firstRefusedGaps.max)} after it (${p.firstRefusedGaps.n} channels)`,
    );
  }
  out.push(`\n  jobs part ${(r.durationMs / 1000).toFixed(0)} s; JSON copy in bench/results/jobs-latest.json\n`);
  return out.join('\n');
}

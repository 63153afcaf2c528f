import type { CpuFigures, WaitFigures } from './observe.ts';
import type { JobsSettings } from './jobs-settings.ts';

/** The jobs benchmark's results as it reports them (and writes to JSON), with the arithmetic that summarizes raw timings. */

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
  settings: JobsSettings & { nonDefault: boolean };
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

export function spread(values: readonly number[]): Spread {
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

export const perSecond = (count: number, msTaken: number): number => (msTaken > 0 ? (count * 1000) / msTaken : Number.NaN);
export const enqueueFigures = (count: number, msTaken: number): EnqueueFigures => ({ count, ms: msTaken, perSecond: perSecond(count, msTaken) });

/** The jobs benchmark's settings: the servers it uses and the knobs (PACER_BENCH_JOBS_*) an experiment may turn. */

export const REDIS_URL = process.env['PACER_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

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

export type JobsSettings = typeof JOBS_SETTINGS;

/** Whether any knob was turned away from the reference run (the report says so). */
export const isNonDefault = (s: JobsSettings): boolean =>
  s.concurrency !== 8 || s.poolSize !== 10 || s.reps !== 5_000 || s.leadMs !== 20_000 || s.paceChannels !== 5 || s.pacePostsPerChannel !== 10 || s.slackLatencyMs !== 0;

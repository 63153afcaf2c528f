import { availableParallelism } from 'node:os';
import { addDays } from '../src/time/calendar.ts';
import { localDay, zonedDayStart } from '../src/time/periods.ts';
import { freshBenchDatabase, PG_SERVER_URL, withClient } from './lib/bench-database.ts';
import { digestWindows, measureBaseline } from './lib/digest-baseline.ts';
import { createTimer, pacerCoreNumbers, runDigestPass, type PassFigures, type Team } from './lib/digest-measure.ts';
import { explainHeaviest } from './lib/digest-plans.ts';
import type { DigestBenchResults } from './lib/digest-report.ts';
import { seedDigestDatabase } from './lib/digest-seed.ts';
import { tryCandidateIndexes, type WhatIfFigures } from './lib/digest-whatif.ts';
import { machineBusyOver } from './lib/observe.ts';
import { int } from './lib/report.ts';

export { formatDigestReport, type DigestBenchResults } from './lib/digest-report.ts';

/**
 * The digest benchmark (`npm run bench -- digest`): the Monday digest of 500 teams (5,000 reps,
 * 1,000,000 deals) on a fresh PostgreSQL database, computed with `composeTeamDigest` (what the
 * digest.weekly job calls for each team) at a fixed Monday 08:00, one digest after the other as the
 * job runs them, then with a few in flight. Each pass: wall time, per-digest p50/p95, queries per
 * digest and the share of time spent in SQL (every query timed by a kysely plugin on Pacer's own
 * connection). Beside it, in the same run and on the same data: one hand-written aggregate query
 * computing the digests' core numbers for all teams at once, its numbers checked against Pacer's.
 * Then EXPLAIN (ANALYZE, BUFFERS) of the heaviest query shapes. Target: all 500 digests < 10 s,
 * judged on the schema the migrations make. Last, an experiment clearly marked as one: the indexes
 * the plans lack, created in the bench database only, and the sequential pass again (./lib/digest-whatif.ts).
 *
 * Knobs for experiments (the report marks a run that used any): PACER_BENCH_DIGEST_TEAMS, _DEALS,
 * _POOL, _CONCURRENCY (a list, e.g. `1,4,8`), _KEEP_DB=1 (leave the database for profiling by hand;
 * its name is printed), _TRY_INDEXES=0 (skip the closing experiment with candidate indexes, which
 * never touches the migrations). Nothing fails the process but the benchmark itself breaking.
 */


const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const envList = (name: string, fallback: number[]): number[] => {
  const values = (process.env[name] ?? '').split(',').map(Number).filter((v) => Number.isInteger(v) && v > 0);
  return values.length > 0 ? values : fallback;
};

export const DIGEST_SETTINGS = {
  teams: envInt('PACER_BENCH_DIGEST_TEAMS', 500),
  repsPerTeam: 10,
  deals: envInt('PACER_BENCH_DIGEST_DEALS', 1_000_000),
  /** Feedback over the two years: ~2 per team and week. */
  feedback: envInt('PACER_BENCH_DIGEST_FEEDBACK', 100_000),
  timezone: 'Europe/Ljubljana',
  teamId: 'TBENCHDIGEST',
  /** Digests in flight per pass: 1 is how the digest.weekly job runs them (a for loop over teams). */
  concurrency: envList('PACER_BENCH_DIGEST_CONCURRENCY', [1, 4, 8]),
  /** The worker's pool: src/main.ts gives a worker 10 + WORKER_CONCURRENCY (8) connections. */
  poolSize: envInt('PACER_BENCH_DIGEST_POOL', 18),
  /** Digests computed (untimed) before the passes: prepared statements, caches. */
  warmupDigests: 20,
  baselineRuns: 3,
  /** Teams whose core numbers are compared between Pacer and the baseline. */
  checkTeams: 25,
  explainShapes: 5,
  targetMs: 10_000,
  keepDatabase: process.env['PACER_BENCH_DIGEST_KEEP_DB'] === '1',
  /** After the measurement, an experiment: the indexes the plans lack, in the bench database only (./lib/digest-whatif.ts). */
  tryIndexes: process.env['PACER_BENCH_DIGEST_TRY_INDEXES'] !== '0',
};

export interface DigestBenchHooks {
  log?: (line: string) => void;
  /** Registers an undo step with the caller (so Ctrl-C cleans up too); it runs at the end regardless. */
  defer?: (step: () => Promise<unknown>) => void;
}


/** The last Monday 08:00 in `zone` at or before `real` (a digest's morning, with a full week behind it). */
export function lastMondayMorning(real: Date, zone: string): Date {
  for (let back = 0; back < 8; back++) {
    const day = addDays(localDay(real, zone), -back);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) continue;
    // 08:00 local: the zone's midnight plus 8 hours (no zone changes its clocks on a Monday night).
    const at = new Date(zonedDayStart(day, zone).getTime() + 8 * 3_600_000);
    if (at <= real) return at;
  }
  throw new Error('no Monday 08:00 in the last 8 days');
}

export async function runDigestBench(hooks: DigestBenchHooks = {}): Promise<DigestBenchResults> {
  const S = DIGEST_SETTINGS;
  const benchStarted = performance.now();
  const startedAt = new Date();
  const log = hooks.log ?? ((line: string) => console.error(`[digest +${((performance.now() - benchStarted) / 1000).toFixed(1)}s] ${line}`));
  const undo: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    while (undo.length > 0) {
      const step = undo.pop();
      await step?.().catch((error: unknown) => console.error('digest bench cleanup step failed:', error instanceof Error ? error.message : error));
    }
  };
  hooks.defer?.(cleanUp);
  const defer = (step: () => Promise<unknown>): void => void undo.push(step);

  try {
    // ── a fresh database, migrated by the app's own migrations ──────────────────────────────────
    const busyBefore = await machineBusyOver(1_000);
    const pgSettings = await withClient(PG_SERVER_URL, async (c) => {
      const names = ['server_version', 'shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'jit', 'effective_cache_size', 'random_page_cost'];
      const values: [string, string][] = [];
      for (const name of names) values.push([name, String(Object.values((await c.query(`show ${name}`)).rows[0] ?? {})[0])]);
      return Object.fromEntries(values);
    });
    const { url, connection, migrateMs } = await freshBenchDatabase({ kind: 'digest', startedAt, poolSize: S.poolSize, keep: S.keepDatabase, defer, log });

    // ── the data, relative to the digest's fixed now ──────────────────────────────────────────────
    const now = lastMondayMorning(startedAt, S.timezone);
    const today = localDay(now, S.timezone);
    const windows = digestWindows(now, S.timezone);
    log(`seeding ${int(S.teams)} teams × ${S.repsPerTeam} reps and ${int(S.deals)} deals before ${now.toISOString()} (${today} 08:00 ${S.timezone})`);
    const seed = await seedDigestDatabase(url, { teamId: S.teamId, timezone: S.timezone, teams: S.teams, repsPerTeam: S.repsPerTeam, deals: S.deals, now, today, feedback: S.feedback });
    log(`seeded in ${(seed.seedMs / 1000).toFixed(1)} s (+ VACUUM ANALYZE and CHECKPOINT ${(seed.vacuumMs / 1000).toFixed(1)} s): ${int(seed.deals)} deals, ${int(seed.goals)} goals, ${int(seed.completions)} completions, ${int(seed.feedback)} feedback`);

    // As the job reads them: the workspace row, its teams by name.
    const workspace = await connection.db.selectFrom('workspaces').selectAll().where('id', '=', seed.workspaceId).executeTakeFirstOrThrow();
    const teams: Team[] = await connection.db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).orderBy('name').execute();
    const timer = createTimer(connection.db);

    // ── Pacer: warm-up, then a pass per concurrency ───────────────────────────────────────────────
    log(`warm-up: ${S.warmupDigests} digests`);
    const warmup = (await runDigestPass(timer, workspace, teams.slice(-S.warmupDigests), now, 1)).figures;
    const passes: PassFigures[] = [];
    let sequentialQueries: Awaited<ReturnType<typeof runDigestPass>>['queries'] = [];
    for (const concurrency of S.concurrency) {
      log(`composeTeamDigest × ${int(teams.length)}, ${concurrency} in flight`);
      const pass = await runDigestPass(timer, workspace, teams, now, concurrency);
      passes.push(pass.figures);
      if (concurrency === 1 || sequentialQueries.length === 0) sequentialQueries = pass.queries;
      const f = pass.figures;
      log(`  ${(f.wallMs / 1000).toFixed(2)} s, p50 ${f.p50Ms.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms, ${f.queriesPerDigest.mean.toFixed(1)} queries/digest, SQL in flight ${((f.sqlBusyMs / f.wallMs) * 100).toFixed(0)}%`);
    }

    // ── the baseline, and its numbers against Pacer's ─────────────────────────────────────────────
    const step = Math.max(1, Math.floor(teams.length / S.checkTeams));
    const checkTeams = teams.filter((_, i) => i % step === 0).slice(0, S.checkTeams);
    log(`Pacer's core numbers for ${checkTeams.length} teams (untimed), then the baseline query × ${S.baselineRuns}`);
    const pacerNumbers = await pacerCoreNumbers(connection.db, workspace, checkTeams, now);
    const baseline = await measureBaseline(url, workspace.id, windows, S.baselineRuns, pacerNumbers);
    log(`  baseline ${baseline.runsMs.map((v) => `${v.toFixed(0)} ms`).join(', ')}; ${baseline.mismatches.length === 0 ? 'numbers match' : `${baseline.mismatches.length} mismatches`}`);

    // ── plans of the heaviest shapes (of the sequential pass), with a mid-list team's parameters ──
    const reference = passes.find((p) => p.concurrency === 1) ?? passes[0];
    if (reference === undefined) throw new Error('no pass ran');
    log(`EXPLAIN (ANALYZE, BUFFERS) of the ${S.explainShapes} heaviest shapes`);
    const middle = teams[Math.floor(teams.length / 2)] ?? teams[0];
    const plans = await explainHeaviest(connection.db, reference.shapes, sequentialQueries, middle?.id ?? 0, S.explainShapes);

    // ── the experiment: candidate indexes, in this database only, and the sequential pass again ────
    let whatIf: WhatIfFigures | undefined;
    if (S.tryIndexes && !S.keepDatabase) {
      log('EXPERIMENT: candidate indexes in the bench database, then the sequential pass again');
      whatIf = await tryCandidateIndexes(connection.db, timer, workspace, teams, now, middle?.id ?? 0, S.explainShapes);
      const p = whatIf.pass;
      log(p === undefined ? '  every candidate index is in the migrations already: nothing to try' : `  with them: ${(p.wallMs / 1000).toFixed(2)} s, p50 ${p.p50Ms.toFixed(1)} ms, p95 ${p.p95Ms.toFixed(1)} ms`);
    }

    const nonDefault = S.teams !== 500 || S.deals !== 1_000_000 || S.poolSize !== 18 || S.feedback !== 100_000 || S.concurrency.join(',') !== '1,4,8';
    return {
      startedAt: startedAt.toISOString(),
      machine: { cpus: availableParallelism(), node: process.version, postgres: pgSettings['server_version'] ?? '?', pgSettings, busyBefore },
      settings: {
        teams: S.teams,
        repsPerTeam: S.repsPerTeam,
        deals: S.deals,
        feedback: S.feedback,
        timezone: S.timezone,
        concurrency: S.concurrency,
        poolSize: S.poolSize,
        warmupDigests: S.warmupDigests,
        targetMs: S.targetMs,
        nonDefault,
      },
      now: { at: now.toISOString(), local: `${today} 08:00 ${S.timezone}`, week: windows.week },
      seed: { ...seed, migrateMs },
      warmup,
      passes,
      baseline,
      plans,
      ...(whatIf && { whatIf }),
      target: { name: `all ${int(reference.digests)} digests, one after the other (as the job runs them)`, value: `${(reference.wallMs / 1000).toFixed(2)} s`, pass: reference.wallMs < S.targetMs && reference.digests === S.teams },
      durationMs: performance.now() - benchStarted,
    };
  } finally {
    await cleanUp();
  }
}

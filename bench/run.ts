import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startFakeSlack } from '../test/helpers/fake-slack.ts';
import { formatDigestReport, runDigestBench } from './digest.ts';
import { formatImportReport, IMPORT_HEAP_MB, runImportBench } from './import.ts';
import { formatJobsReport, runJobsBench } from './jobs.ts';
import { PG_SERVER_URL } from './lib/bench-database.ts';
import { runClosedLoop } from './lib/closed-loop.ts';
import { closedFigures, memoryFigures, openLoopFigures, type BenchResults, type DealCheck, type OpenLoopFigures, type Target } from './lib/figures.ts';
import { withResponseInspection } from './lib/inspect-responses.ts';
import { runLoad } from './lib/load.ts';
import { cpuWindow, machineBusyOver, sampleWaits, speedReferenceMs, type CpuFigures, type WaitFigures } from './lib/observe.ts';
import { createProfiler, type CommandProfile } from './lib/profile.ts';
import { formatReport, int, mb, ms } from './lib/report.ts';
import { ackText, confirmedDealRef, dealText, mix, slashRequest, type SlashTarget } from './lib/requests.ts';
import { seedBenchDatabase } from './lib/seed.ts';
import { freePort, killAllServerProcesses, startServerProcess, type ServerProcess } from './lib/server-process.ts';

/**
 * `npm run bench`: the speed figures of the foundation, measured against the real server (a child
 * process), the real PostgreSQL on loopback and a fresh database of a million deals, each printed
 * beside a baseline measured in the same run (a bare Bolt app that only acks). Targets are printed as
 * PASS/MISS and never fail the process: a non-zero exit means the benchmark itself broke.
 */


/** Smaller runs for working on the benchmark itself; the report says when a default was changed. */
const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const SETTINGS = {
  reps: 1_000,
  deals: envInt('PACER_BENCH_DEALS', 1_000_000),
  teams: 20,
  timezone: 'Europe/Ljubljana',
  teamId: 'TBENCH0001',
  dealRate: 200,
  dealWarmupMs: 3_000,
  dealDurationMs: envInt('PACER_BENCH_SECONDS', 15) * 1_000,
  sweepRates: [100, 150],
  sweepDurationMs: 5_000,
  readRequests: 300,
  readWarmup: 40,
  readConcurrency: 4,
  memorySampleMs: 200,
};

/**
 * Node flags for Pacer's process: those of `npm start` unless PACER_BENCH_NODE_ARGS replaces them
 * for an experiment; the report names them. PACER_BENCH_CHILD_LOG=<file> keeps everything Pacer's
 * process writes (e.g. with --trace-gc).
 */
/** The Node flags `npm start` runs Pacer with (package.json), so the benchmark measures what ships. */
function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  const words = (manifest.scripts?.['start'] ?? '').split(/\s+/);
  return words.slice(1).filter((word) => word.startsWith('--'));
}
const PACER_NODE_ARGS = process.env['PACER_BENCH_NODE_ARGS'] !== undefined ? process.env['PACER_BENCH_NODE_ARGS'].split(' ').filter(Boolean) : startFlags();

/**
 * PACER_BENCH_PG_SOCKET=<dir> (experiment): Pacer's process reaches PostgreSQL through its Unix
 * socket in <dir> instead of 127.0.0.1:5432; the reference figures use TCP, and the report says so.
 */
const PACER_PG_SOCKET = process.env['PACER_BENCH_PG_SOCKET'] ?? '';

const TARGETS = { dealP99Ms: 50, leaderboardP95Ms: 50, peakRssMb: 250 };

/** Undo steps, newest first; run on success, on error and on Ctrl-C alike. */
const BENCH_REDIS_URL = process.env['PACER_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    await step?.().catch((error: unknown) => console.error('cleanup step failed:', error instanceof Error ? error.message : error));
  }
}
process.on('exit', killAllServerProcesses);
/** Set on Ctrl-C: the signal handler cleans up, and what breaks in main because of it is not news. */
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the servers and dropping the bench database…`);
    killAllServerProcesses();
    void cleanUp().finally(() => process.exit(130));
  });
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function scalar(url: string, query: string, values: unknown[] = []): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Record<string, unknown>>(query, values);
    return String(Object.values(result.rows[0] ?? {})[0] ?? '');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const runId = `${stamp}${randomBytes(2).toString('hex')}`;
  const dbName = `pacer_bench_${stamp}`;
  const log = (line: string): void => console.error(`[bench +${((performance.now() - runStarted) / 1000).toFixed(1)}s] ${line}`);

  const busyBefore = await machineBusyOver(1_000);
  const speedBefore = speedReferenceMs();
  const postgresVersion = await scalar(PG_SERVER_URL, 'show server_version');
  const pgSettings = Object.fromEntries(
    await Promise.all(['shared_buffers', 'synchronous_commit', 'max_connections'].map(async (name) => [name, await scalar(PG_SERVER_URL, `show ${name}`)] as const)),
  );

  // ── database: create, migrate with the app's own migrations, seed ─────────────────────────────────
  log(`creating ${dbName}`);
  await admin(`create database ${pg.escapeIdentifier(dbName)}`);
  cleanups.push(() => admin(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`));
  const dbUrl = new URL(PG_SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  const connection = await connectDatabase({ url, poolSize: 4 });
  cleanups.push(() => connection.close());
  await migrateToLatest(connection.db);
  log(`seeding ${int(SETTINGS.reps)} reps and ${int(SETTINGS.deals)} deals`);
  const { repUserIds: reps, ...seed } = await seedBenchDatabase(url, SETTINGS);
  const rep = (i: number): string => reps[mix(i) % reps.length] ?? reps[0] ?? 'UB000001';
  log(`seeded in ${(seed.seedMs / 1000).toFixed(1)} s (+ vacuum and checkpoint ${(seed.vacuumMs / 1000).toFixed(1)} s)`);

  // ── the fake Slack Web API (auth.test, users.info) on loopback ───────────────────────────────────
  const fake = await startFakeSlack({
    users: Object.fromEntries(reps.map((id, i) => [id, { id, name: id.toLowerCase(), real_name: `Rep ${String(i + 1).padStart(4, '0')}`, tz: SETTINGS.timezone, locale: 'en-US' }])),
  });
  cleanups.push(() => fake.close());
  const signingSecret = randomBytes(16).toString('hex');
  const queuePrefix = `pacer-bench-${runId}`;
  cleanups.push(() => dropRedisKeys(queuePrefix));
  const childEnv = (port: number): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    NODE_ENV: 'production',
    DATABASE_URL: PACER_PG_SOCKET === '' ? url : `postgresql://postgres@localhost/${dbName}?host=${encodeURIComponent(PACER_PG_SOCKET)}`,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // Its queue (schedulers for the bench workspace) in keys of its own, removed at the end.
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
  });
  const targetOf = (server: ServerProcess): SlashTarget => ({ baseUrl: server.url, signingSecret, teamId: SETTINGS.teamId, responseUrl: fake.responseUrl });
  const trigger = (phase: string, i: number): string => `${runId}.${phase}.${i}`;

  // ── Pacer, as deployed: `node src/main.ts` in a process of its own ────────────────────────────────
  log('starting Pacer (src/main.ts)');
  const pacerPort = await freePort();
  const pacer = await startServerProcess({
    name: 'Pacer',
    script: 'src/main.ts',
    env: childEnv(pacerPort),
    port: pacerPort,
    ready: { path: '/healthz', status: 200 },
    nodeArgs: PACER_NODE_ARGS,
    ...(process.env['PACER_BENCH_CHILD_LOG'] && { logFile: process.env['PACER_BENCH_CHILD_LOG'] }),
  });
  cleanups.push(() => pacer.stop());
  const pacerIdle = pacer.memory();
  pacer.sampleMemory(SETTINGS.memorySampleMs);
  // RSS (and its peak so far) at the end of each phase: which workload makes the process grow.
  const phaseMemory: { phase: string; rssKb?: number; hwmKb?: number }[] = [];
  const notePhase = (phase: string): void => {
    const reading = pacer.memory();
    phaseMemory.push({ phase, ...(reading && { rssKb: reading.rssKb, hwmKb: reading.hwmKb }) });
  };
  notePhase('idle after boot');
  const pacerTarget = targetOf(pacer);

  // ── reads: /leaderboard (month and quarter) and /goal, closed loop ───────────────────────────────
  const leaderboardRequest = (phase: string) => (i: number) =>
    slashRequest(pacerTarget, { command: '/leaderboard', text: i % 2 === 0 ? '' : 'quarter', userId: rep(i), triggerId: trigger(phase, i) });
  const goalRequest = (phase: string) => (i: number) => slashRequest(pacerTarget, { command: '/goal', text: '', userId: rep(i + 7), triggerId: trigger(phase, i) });
  const isLeaderboard = (status: number, body: string): boolean => status === 200 && /^Leaderboard · [\s\S]* reps · ranked/.test(ackText(body));
  const isGoal = (status: number, body: string): boolean => status === 200 && ackText(body).startsWith('Your goals') && !body.includes('No goals are set');

  log('warming up the read commands');
  await runClosedLoop({ total: SETTINGS.readWarmup, concurrency: SETTINGS.readConcurrency, makeRequest: leaderboardRequest('lbwarm') });
  await runClosedLoop({ total: SETTINGS.readWarmup, concurrency: SETTINGS.readConcurrency, makeRequest: goalRequest('goalwarm') });
  notePhase('after read warm-up');
  log(`/leaderboard × ${SETTINGS.readRequests}, concurrency ${SETTINGS.readConcurrency}`);
  const byPeriod: Record<'month' | 'quarter', number[]> = { month: [], quarter: [] };
  // One answer of each kind is kept and printed, so the report shows what "ok" was.
  const samples: Record<string, string> = {};
  const keepSample = (key: string, body: string): void => {
    samples[key] ??= ackText(body).replace(/\s+/g, ' ').slice(0, 160);
  };
  const leaderboard = await runClosedLoop({
    total: SETTINGS.readRequests,
    concurrency: SETTINGS.readConcurrency,
    makeRequest: leaderboardRequest('lb'),
    accept: isLeaderboard,
    onAnswer: (i, status, body, latency) => {
      if (status === 200) byPeriod[i % 2 === 0 ? 'month' : 'quarter'].push(latency);
      keepSample(i % 2 === 0 ? '/leaderboard' : '/leaderboard quarter', body);
    },
  });
  notePhase('after /leaderboard');
  log(`/goal × ${SETTINGS.readRequests}, concurrency ${SETTINGS.readConcurrency}`);
  const goal = await runClosedLoop({
    total: SETTINGS.readRequests,
    concurrency: SETTINGS.readConcurrency,
    makeRequest: goalRequest('goal'),
    accept: isGoal,
    onAnswer: (_i, _status, body) => keepSample('/goal', body),
  });

  notePhase('after /goal');

  // ── where the time goes: plans and per-query costs, on a quiet server ────────────────────────────
  log('EXPLAIN ANALYZE and per-query profiles');
  const profiler = createProfiler(connection.db, SETTINGS.teamId, runId);
  const someRep = rep(0);
  const leaderboardPlans = {
    month: await profiler.explainDeals('leaderboard', someRep, ''),
    quarter: await profiler.explainDeals('leaderboard', someRep, 'quarter'),
  };
  const goalPlans = await profiler.explainDeals('goal', someRep, '');
  const profiles: CommandProfile[] = [
    await profiler.profile('deal', 40, (i) => ({ userId: rep(50_000 + i), text: dealText(50_000 + i) })),
    await profiler.profile('leaderboard', 10, (i) => ({ userId: rep(i), text: i % 2 === 0 ? '' : 'quarter' })),
    await profiler.profile('goal', 20, (i) => ({ userId: rep(i), text: '' })),
  ];

  // ── /deal under a fixed offered load, open loop ──────────────────────────────────────────────────
  const countDeals = (): Promise<number> => scalar(url, 'select count(*) from deals').then(Number);
  const countAudits = (): Promise<number> => scalar(url, `select count(*) from audit_log where action = 'deal.create'`).then(Number);
  const dealsBefore = await countDeals();
  const auditsBefore = await countAudits();
  const respondsBefore = fake.callsTo('respond').length;
  const confirmedRefs = new Set<string>();
  let confirmations = 0;
  const otherAnswers = new Map<string, number>();
  const inspect = (status: number, body: string): void => {
    const ref = confirmedDealRef(body);
    keepSample('/deal', body);
    if (status === 200 && ref !== undefined) {
      confirmations += 1;
      confirmedRefs.add(ref);
      return;
    }
    const what = `${status} ${ackText(body).slice(0, 60) || '(empty ack)'}`;
    otherAnswers.set(what, (otherAnswers.get(what) ?? 0) + 1);
  };
  const dealRequest = (server: ServerProcess, phase: string) => (i: number) =>
    slashRequest(targetOf(server), { command: '/deal', text: dealText(i), userId: rep(i), triggerId: trigger(phase, i) });

  log(`/deal warm-up: ${SETTINGS.dealRate} req/s for ${SETTINGS.dealWarmupMs / 1000} s`);
  const pacerDealWarmup = await withResponseInspection(inspect, () =>
    runLoad({ rate: SETTINGS.dealRate, durationMs: SETTINGS.dealWarmupMs, makeRequest: dealRequest(pacer, 'dealwarm') }),
  );
  const warmupConfirmations = confirmations;
  notePhase('after /deal warm-up');
  log(`/deal: ${SETTINGS.dealRate} req/s for ${SETTINGS.dealDurationMs / 1000} s`);
  // Checkpoints are server-wide: other databases' work (tests creating and dropping theirs) can
  // trigger one in the middle of this run, and its flush shows in our tail latency.
  const countCheckpoints = (): Promise<number> => scalar(url, 'select checkpoints_timed + checkpoints_req from pg_stat_bgwriter').then(Number);
  const checkpointsBefore = await countCheckpoints();
  const pacerCpuWindow = cpuWindow(pacer.pid);
  const waitSampler = await sampleWaits(url, dbName, 50);
  const pacerDealResult = await withResponseInspection(inspect, () =>
    runLoad({ rate: SETTINGS.dealRate, durationMs: SETTINGS.dealDurationMs, makeRequest: dealRequest(pacer, 'deal') }),
  );
  const pacerCpu: CpuFigures = pacerCpuWindow.end();
  const pacerWaits: WaitFigures = await waitSampler.stop();
  const checkpointsDuring = (await countCheckpoints()) - checkpointsBefore;
  // Below the reference rate, briefly: where the knee is says whether a miss is a capacity limit
  // (latency explodes only near it) or a per-request cost (slow at any rate).
  const sweep: { rate: number; figures: OpenLoopFigures }[] = [];
  for (const sweepRate of SETTINGS.sweepRates) {
    log(`/deal: ${sweepRate} req/s for ${SETTINGS.sweepDurationMs / 1000} s (knee probe)`);
    const result = await withResponseInspection(inspect, () =>
      runLoad({ rate: sweepRate, durationMs: SETTINGS.sweepDurationMs, makeRequest: dealRequest(pacer, `deal${sweepRate}`) }),
    );
    sweep.push({ rate: sweepRate, figures: openLoopFigures(result, sweepRate, SETTINGS.sweepDurationMs) });
  }
  // A command slower than the ack deadline is acked empty and answered on the response_url (the fake).
  const lateConfirmations = fake
    .callsTo('respond')
    .slice(respondsBefore)
    .filter((call) => typeof call.body['text'] === 'string' && call.body['text'].startsWith('Logged D-')).length;
  const dealsAfter = await countDeals();
  const auditsAfter = await countAudits();
  notePhase('after /deal load');
  const pacerEnd = pacer.memory();
  const pacerMemory = memoryFigures(pacer, pacerIdle, pacerEnd);
  await pacer.stop();
  const dealCheck: DealCheck = {
    dealsInserted: dealsAfter - dealsBefore,
    auditsInserted: auditsAfter - auditsBefore,
    confirmedInAck: confirmations,
    confirmedLate: lateConfirmations,
    distinctRefs: confirmedRefs.size,
    warmupConfirmations,
    otherAnswers: Object.fromEntries(otherAnswers),
  };
  const dealVerified =
    dealCheck.dealsInserted === dealCheck.confirmedInAck + dealCheck.confirmedLate &&
    dealCheck.auditsInserted === dealCheck.dealsInserted &&
    dealCheck.distinctRefs === dealCheck.confirmedInAck;

  // ── the baseline: bare Bolt (only acks), same process model, same load ───────────────────────────
  log('starting the bare Bolt baseline (bench/lib/bare-bolt-main.ts)');
  const barePort = await freePort();
  const bare = await startServerProcess({ name: 'bare Bolt', script: 'bench/lib/bare-bolt-main.ts', env: childEnv(barePort), port: barePort, ready: { path: '/' } });
  cleanups.push(() => bare.stop());
  const bareIdle = bare.memory();
  bare.sampleMemory(SETTINGS.memorySampleMs);
  log('bare Bolt: /deal warm-up, load, closed-loop acks');
  await runLoad({ rate: SETTINGS.dealRate, durationMs: SETTINGS.dealWarmupMs, makeRequest: dealRequest(bare, 'barewarm') });
  const bareCpuWindow = cpuWindow(bare.pid);
  const bareDealResult = await runLoad({ rate: SETTINGS.dealRate, durationMs: SETTINGS.dealDurationMs, makeRequest: dealRequest(bare, 'bare') });
  const bareCpu: CpuFigures = bareCpuWindow.end();
  const bareClosed = await runClosedLoop({ total: SETTINGS.readRequests, concurrency: SETTINGS.readConcurrency, makeRequest: dealRequest(bare, 'bareclosed') });
  const bareMemory = memoryFigures(bare, bareIdle, bare.memory());
  await bare.stop();

  // ── figures, targets, report ──────────────────────────────────────────────────────────────────────
  const pacerDeal = openLoopFigures(pacerDealResult, SETTINGS.dealRate, SETTINGS.dealDurationMs);
  const bareDeal = openLoopFigures(bareDealResult, SETTINGS.dealRate, SETTINGS.dealDurationMs);
  const periodP95 = (list: number[]): number => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
  };
  const targets: Target[] = [
    {
      name: `/deal p99 at ${SETTINGS.dealRate} req/s, no errors`,
      target: `< ${TARGETS.dealP99Ms} ms`,
      value: ms(pacerDeal.p99),
      pass: pacerDeal.p99 < TARGETS.dealP99Ms && pacerDeal.errors === 0,
    },
    { name: '/leaderboard p95', target: `< ${TARGETS.leaderboardP95Ms} ms`, value: ms(leaderboard.p95), pass: leaderboard.p95 < TARGETS.leaderboardP95Ms && leaderboard.errors === 0 },
    { name: 'Pacer peak RSS (VmHWM)', target: `< ${TARGETS.peakRssMb} MB`, value: mb(pacerMemory.hwmKb), pass: (pacerMemory.hwmKb ?? Infinity) < TARGETS.peakRssMb * 1024 },
  ];
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, postgres: postgresVersion, pgSettings, busyBefore, speedBefore, speedAfter: speedReferenceMs() },
    settings: { ...SETTINGS, pacerNodeArgs: PACER_NODE_ARGS, pacerPgSocket: PACER_PG_SOCKET, nonDefault: SETTINGS.deals !== 1_000_000 || SETTINGS.dealDurationMs !== 15_000 },
    seed,
    deal: { pacer: pacerDeal, sweep, checkpointsDuring, pacerCpu, pacerWaits, bareCpu, pacerWarmup: openLoopFigures(pacerDealWarmup, SETTINGS.dealRate, SETTINGS.dealWarmupMs), bare: bareDeal, check: dealCheck, verified: dealVerified },
    leaderboard: { pacer: closedFigures(leaderboard), monthP95: periodP95(byPeriod.month), quarterP95: periodP95(byPeriod.quarter), bare: closedFigures(bareClosed) },
    goal: { pacer: closedFigures(goal), bare: closedFigures(bareClosed) },
    plans: { leaderboardMonth: leaderboardPlans.month, leaderboardQuarter: leaderboardPlans.quarter, goal: goalPlans },
    profiles,
    memory: { pacer: pacerMemory, pacerPhases: phaseMemory, bare: bareMemory },
    samples,
    targets,
    durationMs: 0,
  };

  results.durationMs = performance.now() - runStarted;
  console.log(formatReport(results));
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/latest.json', `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
}

/**
 * Which parts run: all of them by default (`npm run bench`), or the ones named
 * (`npm run bench -- jobs`, `node bench/run.ts core jobs`).
 */
const PARTS = ['core', 'jobs', 'digest', 'import'] as const;
type Part = (typeof PARTS)[number];
function selectedParts(args: readonly string[]): Set<Part> | undefined {
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`usage: npm run bench [-- ${PARTS.join(' | ')}]: unknown part ${unknown.join(', ')} (no part named runs all)`);
    return undefined;
  }
  return new Set(args.length === 0 ? PARTS : (args as Part[]));
}

/** The jobs benchmark (bench/jobs.ts): reminders due at once, the enqueue rate beside raw BullMQ, pacing. */
async function jobsMain(): Promise<void> {
  const results = await runJobsBench({ defer: (step) => void cleanups.push(step) });
  console.log(formatJobsReport(results));
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/jobs-latest.json', `${JSON.stringify(results, null, 2)}\n`);
}

/** The digest benchmark (bench/digest.ts): 500 teams' weekly digests beside one aggregate query. */
async function digestMain(): Promise<void> {
  const results = await runDigestBench({ defer: (step) => void cleanups.push(step) });
  console.log(formatDigestReport(results));
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/digest-latest.json', `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * The import benchmark (bench/import.ts): a million-row deals.csv through importCsv beside a plain COPY
 * of the same file. It runs in a Node whose heap is capped (IMPORT_HEAP_MB; started again so if this
 * one is not): a million parsed rows would need several times that, so finishing shows the import
 * streams, and V8 collects garbage instead of growing its heap lazily into memory the import never
 * needed, which made the RSS comparison measure V8's heap sizing rather than the import.
 */
async function importMain(): Promise<void> {
  if (getHeapStatistics().heap_size_limit > 2 * IMPORT_HEAP_MB * 1024 * 1024) {
    const child = spawn(process.execPath, [`--max-old-space-size=${IMPORT_HEAP_MB}`, 'bench/run.ts', 'import'], { stdio: 'inherit' });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the import benchmark's process exited with ${code}`);
    return;
  }
  const results = await runImportBench({ defer: (step) => void cleanups.push(step) });
  console.log(formatImportReport(results));
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/import-latest.json', `${JSON.stringify(results, null, 2)}\n`);
}

const parts = selectedParts(process.argv.slice(2));
if (parts === undefined) process.exit(2);
try {
  if (parts.has('core')) {
    await main();
    await cleanUp();
  }
  if (parts.has('jobs')) await jobsMain();
  if (parts.has('digest')) await digestMain();
  if (parts.has('import')) await importMain();
} catch (error) {
  if (!interrupted) {
    console.error('\nThe benchmark broke:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) await cleanUp();
}

/** Removes the keys of a queue prefix the bench's Pacer used. */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}


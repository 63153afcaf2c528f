import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { columnNames, MAX_CLI_CSV_BYTES } from '../src/domain/csv/csv-formats.ts';
import { readCsv } from '../src/domain/csv/csv-read.ts';
import { importCsv, type ImporterFactory, type ImportReport } from '../src/domain/csv/import/importer.ts';
import { IMPORTERS } from '../src/domain/csv/import/importers.ts';
import { freshBenchDatabase, PG_SERVER_URL, withClient } from './lib/bench-database.ts';
import { writeDealsFile, type DealsFileFacts } from './lib/import-generate.ts';
import { copyBaseline, dealsCopyBaseline, sqlOnlyWrite, writeResolvedFile, type CopyRun, type DealsCopyRun } from './lib/import-baseline.ts';
import { checkImport, emptyDeals, probeImport, seedImportWorkspace } from './lib/import-measure.ts';
import { counterDelta, cpuSplit, pgCounters, sampleMemory, settledCounters, type PgCounters } from './lib/import-observe.ts';
import type { ImportBenchResults, ImportRun, ImportTarget } from './lib/import-report.ts';
import { machineBusyOver, speedReferenceMs } from './lib/observe.ts';
import { int } from './lib/report.ts';

export { formatImportReport, type ImportBenchResults } from './lib/import-report.ts';

/**
 * The import benchmark (`npm run bench -- import`): a generated deals.csv of 1,000,000 rows imported
 * into a fresh PostgreSQL database by `importCsv` with the real deal importer (what `pacer import
 * deals` runs), streamed from the file and committed, beside two server-side COPYs in the same run:
 * the same file into a table of text columns (no index, constraint or trigger), and, like for like,
 * the same rows already resolved into deals' own columns (reps and teams as ids, dates as instants,
 * numbers 1…n) straight into `deals` with its indexes, foreign keys and checks, the month totals
 * recounted once as the import does. Rows per second of each and the import's ratio to both
 * (target, against each: the import at least half as fast; the issue set it against the plain COPY,
 * which no importer writing into an indexed table can reach). Memory of the importing process (this
 * one) is sampled throughout; a 200,000-row file is imported first, so flat memory shows as the same
 * peak for five times the rows. Every import is checked against what the generator wrote. Then a
 * reference, the rows COPY loaded written into `deals` by SQL alone (rolled back): what the table's
 * indexes and foreign keys cost with no Node in the way. Then a
 * second import of the big file through a timing wrapper splits its time: parsing, row checks,
 * staging writes (and how much of them reading hid), the final INSERT…SELECT and month recount, COMMIT.
 *
 * Knobs for experiments (the report marks a run that used a size knob): PACER_BENCH_IMPORT_ROWS,
 * _SMALL_ROWS, _SPLIT=0 (skip the timed second import), _KEEP_DB=1 (leave the database; its name is
 * printed), _KEEP_FILES=1 (leave the CSV files, e.g. to profile `pacer import` on them by hand).
 * Nothing fails the process but the benchmark itself breaking.
 */

const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

/** The import's Node runs with this old-space limit (MB): see importMain in bench/run.ts. */
export const IMPORT_HEAP_MB = 256;

export const IMPORT_SETTINGS = {
  rows: envInt('PACER_BENCH_IMPORT_ROWS', 1_000_000),
  smallRows: envInt('PACER_BENCH_IMPORT_SMALL_ROWS', 200_000),
  reps: 500,
  teams: 20,
  timezone: 'Europe/Ljubljana',
  currency: 'EUR',
  teamId: 'TBENCHIMPORT',
  seed: 20_261_130,
  memorySampleMs: 250,
  /** Log the import's progress this often: a million rows take a while. */
  progressMs: 15_000,
  targetRatio: 0.5,
  /** Flat memory: the big import's peak RSS at most this far above its start… */
  flatGrowthMb: 150,
  /** …and at most this far above the small import's peak, for five times the rows. */
  flatVsSmallMb: 50,
  split: process.env['PACER_BENCH_IMPORT_SPLIT'] !== '0',
  keepDatabase: process.env['PACER_BENCH_IMPORT_KEEP_DB'] === '1',
  keepFiles: process.env['PACER_BENCH_IMPORT_KEEP_FILES'] === '1',
};

export interface ImportBenchHooks {
  log?: (line: string) => void;
  /** Registers an undo step with the caller (so Ctrl-C cleans up too); it runs at the end regardless. */
  defer?: (step: () => Promise<unknown>) => void;
}

export async function runImportBench(hooks: ImportBenchHooks = {}): Promise<ImportBenchResults> {
  const S = IMPORT_SETTINGS;
  const benchStarted = performance.now();
  const startedAt = new Date();
  const log = hooks.log ?? ((line: string) => console.error(`[import +${((performance.now() - benchStarted) / 1000).toFixed(1)}s] ${line}`));
  const undo: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    while (undo.length > 0) {
      const step = undo.pop();
      await step?.().catch((error: unknown) => console.error('import bench cleanup step failed:', error instanceof Error ? error.message : error));
    }
  };
  hooks.defer?.(cleanUp);
  const defer = (step: () => Promise<unknown>): void => void undo.push(step);

  try {
    const busyBefore = await machineBusyOver(1_000);
    const speedBeforeMs = speedReferenceMs();
    const pgSettings = await withClient(PG_SERVER_URL, async (c) => {
      const names = ['server_version', 'shared_buffers', 'synchronous_commit', 'max_wal_size', 'work_mem', 'maintenance_work_mem', 'temp_buffers', 'jit'];
      const values: [string, string][] = [];
      for (const name of names) values.push([name, String(Object.values((await c.query(`show ${name}`)).rows[0] ?? {})[0])]);
      return Object.fromEntries(values);
    });

    // ── the files: in a directory of their own under the system's temp dir, readable by the
    // postgres OS user (server-side COPY opens the file as that user) ─────────────────────────────
    const dir = await mkdtemp(join(tmpdir(), 'pacer-bench-import-'));
    await chmod(dir, 0o755);
    if (S.keepFiles) log(`the CSV files stay in ${dir}`);
    else defer(() => rm(dir, { recursive: true, force: true }));
    // Dates lie before today (UTC), so none is in the future of the import's `now`.
    const anchorDay = startedAt.toISOString().slice(0, 10);
    const fileOptions = { seed: S.seed, reps: S.reps, teams: S.teams, anchorDay };
    log(`generating ${int(S.rows)} rows into ${join(dir, 'deals.csv')}`);
    const mainFile = await writeDealsFile({ ...fileOptions, path: join(dir, 'deals.csv'), rows: S.rows });
    log(`  ${(mainFile.bytes / 1024 / 1024).toFixed(1)} MB in ${(mainFile.generateMs / 1000).toFixed(1)} s`);
    const smallFile = await writeDealsFile({ ...fileOptions, path: join(dir, 'deals-small.csv'), rows: S.smallRows });

    // ── a fresh database, migrated by the app's own migrations, and the workspace ────────────────
    const { name: database, connection } = await freshBenchDatabase({ kind: 'import', startedAt, poolSize: 2, keep: S.keepDatabase, defer, log });
    const db = connection.db;
    const workspace = await seedImportWorkspace(db, { teamId: S.teamId, timezone: S.timezone, currency: S.currency, reps: S.reps, teams: S.teams });
    const factory = IMPORTERS.deals;
    if (!factory) throw new Error('no deals importer in IMPORTERS');

    // ── Pacer's reader alone: the cost of parsing, with no database ──────────────────────────────
    log(`readCsv alone over ${int(S.rows)} rows`);
    const readerStarted = performance.now();
    let readerRows = 0;
    for await (const _row of readCsv(createReadStream(mainFile.path), 'deals', { maxBytes: MAX_CLI_CSV_BYTES, onShape: () => undefined })) readerRows += 1;
    const readerMs = performance.now() - readerStarted;

    // ── the baseline, then the imports, then the baseline again ───────────────────────────────────
    const copyRuns: CopyRun[] = [];
    const copyPg: PgCounters[] = [];
    const copy = async (): Promise<void> => {
      const before = await pgCounters(db, database);
      const run = await copyBaseline(connection.url, mainFile.path, columnNames('deals'));
      copyPg.push(counterDelta(before, await settledCounters(db, database)));
      if (run.rows !== S.rows) throw new Error(`COPY loaded ${run.rows} rows, not ${S.rows}`);
      copyRuns.push(run);
      log(`  plain COPY: ${(run.ms / 1000).toFixed(2)} s, ${int(Math.round(S.rows / (run.ms / 1000)))} rows/s`);
    };
    log('plain COPY of the file (1 of 2)');
    await copy();
    // The rows COPY just loaded, resolved into deals' columns by PostgreSQL into a file of its own.
    const resolved = await writeResolvedFile(connection.url, dir, workspace);
    if (resolved.rows !== S.rows) throw new Error(`the resolved file holds ${resolved.rows} rows, not ${S.rows}`);
    const resolvedBytes = (await stat(resolved.path)).size;
    const dealsCopyRuns: DealsCopyRun[] = [];
    const dealsCopy = async (): Promise<void> => {
      await emptyDeals(db);
      const run = await dealsCopyBaseline(connection.url, resolved.path, workspace);
      if (run.rows !== S.rows || run.wonMinor !== String(mainFile.wonMinor)) {
        throw new Error(`the COPY into deals made ${run.rows} deals worth ${run.wonMinor}, not ${S.rows} worth ${mainFile.wonMinor}`);
      }
      await emptyDeals(db);
      dealsCopyRuns.push(run);
      log(`  COPY into deals: ${(run.ms / 1000).toFixed(1)} s (COPY ${(run.copyMs / 1000).toFixed(1)} s, month recount ${(run.fillMs / 1000).toFixed(1)} s), ${int(Math.round(S.rows / (run.ms / 1000)))} rows/s`);
    };
    log('COPY of the same rows, resolved into deals\' columns, into deals (1 of 2)');
    await dealsCopy();

    const runImport = async (label: string, file: DealsFileFacts, through: Kysely<Database>, using: ImporterFactory, around?: { start(): void; end(): void }): Promise<ImportRun> => {
      await emptyDeals(db);
      const before = await pgCounters(db, database);
      const stream = createReadStream(file.path);
      const memory = sampleMemory(S.memorySampleMs, () => stream.bytesRead);
      const progress = setInterval(() => log(`  ${label}: ${((stream.bytesRead / file.bytes) * 100).toFixed(0)}% of the file read`), S.progressMs);
      const cpu = cpuSplit();
      around?.start();
      const started = performance.now();
      let report: ImportReport;
      try {
        report = await importCsv(through, workspace, 'deals', using, stream, { dryRun: false, maxBytes: MAX_CLI_CSV_BYTES, now: new Date() });
      } finally {
        clearInterval(progress);
      }
      const ms = performance.now() - started;
      around?.end();
      const cpuFigures = cpu.end();
      const memoryFigures = memory.stop();
      if (!report.written || report.problemRows > 0 || report.file) {
        throw new Error(`${label}: the import refused the file: ${JSON.stringify({ file: report.file, problemRows: report.problemRows, first: report.problems.slice(0, 5) })}`);
      }
      const pg = counterDelta(before, await settledCounters(db, database));
      const check = await checkImport(db, workspace.id, file);
      log(`  ${label}: ${(ms / 1000).toFixed(1)} s, ${int(Math.round(file.rows / (ms / 1000)))} rows/s, peak RSS ${memoryFigures.peakRssMb.toFixed(0)} MB; check ${check.ok ? 'MATCH' : 'MISMATCH'}`);
      return {
        rows: file.rows,
        ms,
        rowsPerSecond: file.rows / (ms / 1000),
        report: { rows: report.rows, created: report.created, updated: report.updated, problemRows: report.problemRows, written: report.written },
        memory: memoryFigures,
        cpu: cpuFigures,
        pg,
        check,
      };
    };
    log(`Pacer's import of the ${int(S.smallRows)}-row file (the memory reference)`);
    const small = await runImport('small import', smallFile, db, factory);
    log(`Pacer's import of the ${int(S.rows)}-row file`);
    const main = await runImport('import', mainFile, db, factory);
    log('plain COPY of the file (2 of 2)');
    await copy();
    log('COPY of the same rows, resolved into deals\' columns, into deals (2 of 2)');
    await dealsCopy();
    // The table COPY just filled, into deals by SQL alone (rolled back): the floor under any importer.
    log('reference: the COPY\'d rows into deals by SQL alone (rolled back)');
    await emptyDeals(db);
    const sqlOnly = await sqlOnlyWrite(connection.url, workspace);
    if (sqlOnly.rows !== S.rows || sqlOnly.wonMinor !== String(mainFile.wonMinor)) {
      throw new Error(`the SQL-only write made ${sqlOnly.rows} deals worth ${sqlOnly.wonMinor}, not ${S.rows} worth ${mainFile.wonMinor}`);
    }
    log(`  ${((sqlOnly.insertMs + sqlOnly.fillMs) / 1000).toFixed(1)} s (insert ${(sqlOnly.insertMs / 1000).toFixed(1)} s, month recount ${(sqlOnly.fillMs / 1000).toFixed(1)} s)`);

    // ── the split: the same import once more, its calls and statements timed ─────────────────────
    let split: ImportBenchResults['split'];
    if (S.split) {
      log(`the ${int(S.rows)}-row import again, dealImporter wrapped in a timer`);
      const probe = probeImport(db, factory);
      let figures: ReturnType<typeof probe.end> | undefined;
      const run = await runImport('timed import', mainFile, probe.db, probe.factory, { start: probe.start, end: () => void (figures = probe.end()) });
      if (figures) split = { ...figures, rows: run.rows, pg: run.pg, check: run.check };
    }

    const bestCopyMs = Math.min(...copyRuns.map((run) => run.ms));
    const copyRowsPerSecond = S.rows / (bestCopyMs / 1000);
    const ratio = main.rowsPerSecond / copyRowsPerSecond;
    const bestDealsCopyMs = Math.min(...dealsCopyRuns.map((run) => run.ms));
    const dealsCopyRowsPerSecond = S.rows / (bestDealsCopyMs / 1000);
    const ratioDeals = main.rowsPerSecond / dealsCopyRowsPerSecond;
    const growth = main.memory.peakRssMb - main.memory.startRssMb;
    const overSmall = main.memory.peakRssMb - small.memory.peakRssMb;
    const targets: ImportTarget[] = [
      {
        name: `import rows/s ≥ ${S.targetRatio} × plain COPY's (${int(S.rows)} rows)`,
        target: `≥ ${int(Math.round(copyRowsPerSecond * S.targetRatio))} rows/s`,
        value: `${int(Math.round(main.rowsPerSecond))} rows/s (${ratio.toFixed(3)} × COPY)`,
        pass: ratio >= S.targetRatio,
      },
      {
        name: `like for like: import rows/s ≥ ${S.targetRatio} × a COPY of the resolved rows into deals`,
        target: `≥ ${int(Math.round(dealsCopyRowsPerSecond * S.targetRatio))} rows/s`,
        value: `${int(Math.round(main.rowsPerSecond))} rows/s (${ratioDeals.toFixed(3)} × COPY into deals)`,
        pass: ratioDeals >= S.targetRatio,
      },
      {
        name: `memory flat: peak RSS ≤ start + ${S.flatGrowthMb} MB, and ≤ the ${int(S.smallRows)}-row import's peak + ${S.flatVsSmallMb} MB`,
        target: `+${S.flatGrowthMb} MB / +${S.flatVsSmallMb} MB`,
        value: `+${growth.toFixed(0)} MB / ${overSmall >= 0 ? '+' : ''}${overSmall.toFixed(0)} MB`,
        pass: growth <= S.flatGrowthMb && overSmall <= S.flatVsSmallMb,
      },
      { name: 'every import checked against the file (counts, won totals, month totals, text)', target: 'MATCH', value: [small, main].every((run) => run.check.ok) && (split?.check.ok ?? true) ? 'MATCH' : 'MISMATCH', pass: [small, main].every((run) => run.check.ok) && (split?.check.ok ?? true) },
    ];

    return {
      startedAt: startedAt.toISOString(),
      machine: { cpus: availableParallelism(), node: process.version, postgres: pgSettings['server_version'] ?? '?', pgSettings, busyBefore, speedBeforeMs, speedAfterMs: speedReferenceMs() },
      settings: {
        rows: S.rows,
        smallRows: S.smallRows,
        reps: S.reps,
        teams: S.teams,
        timezone: S.timezone,
        currency: S.currency,
        seed: S.seed,
        anchorDay,
        memorySampleMs: S.memorySampleMs,
        split: S.split,
        keepDatabase: S.keepDatabase,
        nonDefault: S.rows !== 1_000_000 || S.smallRows !== 200_000,
      },
      files: { main: mainFile, small: smallFile },
      readerOnly: { rows: readerRows, ms: readerMs, rowsPerSecond: readerRows / (readerMs / 1000) },
      copy: { runs: copyRuns, bestMs: bestCopyMs, rowsPerSecond: copyRowsPerSecond, pg: copyPg },
      dealsCopy: { runs: dealsCopyRuns, bestMs: bestDealsCopyMs, rowsPerSecond: dealsCopyRowsPerSecond, fileBytes: resolvedBytes },
      sqlOnly: { ...sqlOnly, rowsPerSecond: S.rows / ((sqlOnly.insertMs + sqlOnly.fillMs) / 1000) },
      small,
      main,
      ...(split && { split }),
      ratio,
      ratioDeals,
      targets,
      durationMs: performance.now() - benchStarted,
    };
  } finally {
    await cleanUp();
  }
}

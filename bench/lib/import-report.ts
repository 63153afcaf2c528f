import { getHeapStatistics } from 'node:v8';
import type { DealsFileFacts } from './import-generate.ts';
import type { CopyRun, DealsCopyRun, SqlOnlyWrite } from './import-baseline.ts';
import type { ImportCheck, SplitFigures } from './import-measure.ts';
import type { CpuSplit, MemoryFigures, PgCounters } from './import-observe.ts';
import { heading, int, mark, table } from './report.ts';

/** The import benchmark's figures (as printed, and as written to bench/results/import-latest.json) and their printed report. */

export interface ImportRun {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  /** importCsv's own report, in short. */
  report: { rows: number; created: number; updated: number; problemRows: number; written: boolean };
  memory: MemoryFigures;
  cpu: CpuSplit;
  pg: PgCounters;
  check: ImportCheck;
}

export interface ImportTarget {
  name: string;
  target: string;
  value: string;
  pass: boolean;
}

export interface ImportBenchResults {
  startedAt: string;
  machine: { cpus: number; node: string; postgres: string; pgSettings: Record<string, string>; busyBefore: number; speedBeforeMs: number; speedAfterMs: number };
  settings: {
    rows: number;
    smallRows: number;
    reps: number;
    teams: number;
    timezone: string;
    currency: string;
    seed: number;
    anchorDay: string;
    memorySampleMs: number;
    split: boolean;
    keepDatabase: boolean;
    nonDefault: boolean;
  };
  files: { main: DealsFileFacts; small: DealsFileFacts };
  /** Pacer's CSV reader alone over the big file (no database): the floor of the parsing cost. */
  readerOnly: { rows: number; ms: number; rowsPerSecond: number };
  copy: { runs: CopyRun[]; bestMs: number; rowsPerSecond: number; pg: PgCounters[] };
  /** Like for like: the same rows resolved into deals' columns, COPY'd into deals (indexes, keys, checks, month recount), committed. */
  dealsCopy: { runs: DealsCopyRun[]; bestMs: number; rowsPerSecond: number; fileBytes: number };
  /** The COPY'd rows into deals by SQL alone, rolled back: the floor under any importer writing into deals. */
  sqlOnly: SqlOnlyWrite & { rowsPerSecond: number };
  small: ImportRun;
  main: ImportRun;
  /** A second import of the big file through a timing wrapper (absent when skipped). */
  split?: SplitFigures & { rows: number; pg: PgCounters; check: ImportCheck };
  /** Pacer's rows/s ÷ plain COPY's rows/s. */
  ratio: number;
  /** Pacer's rows/s ÷ the rows/s of the COPY of the resolved rows into deals. */
  ratioDeals: number;
  targets: ImportTarget[];
  durationMs: number;
}

const secs = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : 'n/a');
const perSecond = (value: number): string => `${int(Math.round(value))} rows/s`;
const share = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : 'n/a');
const megabytes = (mb: number | undefined): string => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`);
const bytes = (value: number): string => (value >= 1024 * 1024 * 1024 ? `${(value / 1024 ** 3).toFixed(2)} GB` : `${(value / 1024 ** 2).toFixed(1)} MB`);
const percent = (part: number, whole: number): string => `${((part / Math.max(1, whole)) * 100).toFixed(1)}%`;
/** Other processes using more than this share of a core during a window: the machine was shared. */
const SHARED = 0.15;
const cpuLine = (c: CpuSplit): string =>
  `Node ${secs(c.nodeMs)}, PostgreSQL ${secs(c.postgresMs)} of CPU in ${secs(c.wallMs)} (all cores ${(c.machineBusy * 100).toFixed(0)}% busy; other processes ${secs(c.otherMs)}` +
  `${c.wallMs > 0 && c.otherMs / c.wallMs > SHARED ? ': the machine was shared, the time is pessimistic' : ''})`;

/** RSS when a quarter, half, three quarters and all of the file had been read, then the peak (the final write). */
function rssAlongTheFile(memory: MemoryFigures, fileBytes: number): string {
  const marks = [0.25, 0.5, 0.75, 1].map((q) => {
    const sample = memory.series.find((s) => s.readBytes >= q * fileBytes);
    return `${(q * 100).toFixed(0)}% read ${megabytes(sample?.rssMb)}`;
  });
  return `start ${megabytes(memory.startRssMb)} · ${marks.join(' · ')} · end ${megabytes(memory.endRssMb)}`;
}

export function formatImportReport(r: ImportBenchResults): string {
  const { machine: m, settings: s, files, copy, main, small } = r;
  const out: string[] = [];
  out.push(heading(`Pacer import benchmark · ${r.startedAt} · ${m.cpus} CPUs · Node ${m.node} · PostgreSQL ${m.postgres}`));
  out.push(`  PostgreSQL settings: ${Object.entries(m.pgSettings).filter(([name]) => name !== 'server_version').map(([name, value]) => `${name} ${value}`).join(', ')}; loopback TCP`);
  out.push(`  machine busy before the run: ${(m.busyBefore * 100).toFixed(0)}% of all cores${m.busyBefore > 0.2 ? ' (NOT quiet: other work was running, the figures are pessimistic)' : ''}`);
  out.push(`  speed reference (SHA-256 of 64 MiB, lower is faster): ${m.speedBeforeMs.toFixed(0)} ms before, ${m.speedAfterMs.toFixed(0)} ms after`);
  const f = files.main;
  out.push(
    `  deals.csv: ${int(f.rows)} rows, ${bytes(f.bytes)} (${(f.bytes / f.rows).toFixed(0)} bytes a row), generated streamed in ${secs(f.generateMs)} (seed ${s.seed}, dates before ${s.anchorDay});` +
      ` ${int(files.small.rows)}-row file ${bytes(files.small.bytes)}`,
  );
  out.push(
    `  mix: ${Object.entries(f.byStage).map(([stage, n]) => `${stage} ${percent(n, f.rows)}`).join(', ')}; ${percent(f.datesWithTime, f.rows)} dates with a time;` +
      ` ${percent(f.quotedCustomers, f.rows)} customers quoted (comma or quote), ${percent(f.nonAsciiCustomers, f.rows)} non-ASCII; ${percent(f.teamNamed, f.rows)} name a team;` +
      ` ${int(s.reps)} reps in ${s.teams} teams; workspace ${s.timezone}, ${s.currency}`,
  );
  if (s.nonDefault) out.push('  NOTE: non-default sizes (PACER_BENCH_IMPORT_ROWS / _SMALL_ROWS): not the reference figures');

  out.push(heading(`Rows per second · the same ${int(f.rows)}-row file, the same database, the same run`));
  const copyRuns = copy.runs.map((run) => secs(run.ms));
  const dc = r.dealsCopy;
  const bestDeals = dc.runs.find((run) => run.ms === dc.bestMs);
  const ratios = (rowsPerSecond: number): string[] => [(rowsPerSecond / copy.rowsPerSecond).toFixed(3), (rowsPerSecond / dc.rowsPerSecond).toFixed(3)];
  out.push(
    table([
      ['', 'time', 'rows/s', '÷ COPY', '÷ COPY into deals'],
      [`plain COPY (server-side, text table, no index) ${copyRuns.join(' / ')}, best`, secs(copy.bestMs), perSecond(copy.rowsPerSecond), ...ratios(copy.rowsPerSecond)],
      [`COPY of the rows resolved, into deals (like for like) ${dc.runs.map((run) => secs(run.ms)).join(' / ')}, best`, secs(dc.bestMs), perSecond(dc.rowsPerSecond), ...ratios(dc.rowsPerSecond)],
      ['Pacer importCsv(deals), streamed from the file, committed', secs(main.ms), perSecond(main.rowsPerSecond), ...ratios(main.rowsPerSecond)],
      ['  Pacer\'s CSV reader alone (readCsv, no database)', secs(r.readerOnly.ms), perSecond(r.readerOnly.rowsPerSecond), ...ratios(r.readerOnly.rowsPerSecond)],
      ['  reference: the COPY\'d rows into deals by SQL alone (rolled back)', secs(r.sqlOnly.insertMs + r.sqlOnly.fillMs), perSecond(r.sqlOnly.rowsPerSecond), ...ratios(r.sqlOnly.rowsPerSecond)],
    ]),
  );
  out.push(
    `  COPY into deals: the same rows as deals' own columns (reps and teams as ids, instants, amounts in minor units, numbers 1…n; ${bytes(dc.fileBytes)}, written by PostgreSQL` +
      ` beforehand), server-side COPY into deals with all its indexes, foreign keys and checks, the month totals' triggers aside and one recount, committed` +
      `${bestDeals ? ` (best run: COPY ${secs(bestDeals.copyMs)}, month recount ${secs(bestDeals.fillMs)})` : ''}: what loading these rows into this table costs with nothing to parse, check or number`,
  );
  out.push(
    `  the SQL-only write: INSERT…SELECT ${secs(r.sqlOnly.insertMs)} + month recount ${secs(r.sqlOnly.fillMs)}, with deals' indexes, foreign keys and checks, no Node:` +
      ` the floor under any importer converting the text in the database; Pacer's import runs at ${(main.rowsPerSecond / r.sqlOnly.rowsPerSecond).toFixed(2)} × its speed`,
  );
  out.push(
    `  each COPY ran ${copy.runs.length} times, before and after Pacer's import (alternated so a drift of the machine hits both sides), the better time counts;` +
      ` the runs differ by ${share(Math.abs((copy.runs[0]?.ms ?? 0) - (copy.runs[1]?.ms ?? 0)), copy.bestMs)} (plain) and ${share(Math.abs((dc.runs[0]?.ms ?? 0) - (dc.runs[1]?.ms ?? 0)), dc.bestMs)} (into deals).` +
      ' Each load starts from an empty table after a CHECKPOINT.',
  );
  out.push(`  ratio import ÷ plain COPY = ${r.ratio.toFixed(3)} → ${mark(r.ratio >= 0.5)} (target ≥ 0.5)`);
  out.push(`  ratio import ÷ COPY into deals (like for like) = ${r.ratioDeals.toFixed(3)} → ${mark(r.ratioDeals >= 0.5)} (target ≥ 0.5)`);
  out.push(`  CPU during the import: ${cpuLine(main.cpu)}`);
  out.push(
    `  PostgreSQL during the import: ${int(main.pg.checkpoints)} checkpoints, WAL ${bytes(main.pg.walBytes)}, temporary files ${int(main.pg.tempFiles)} (${bytes(main.pg.tempBytes)});` +
      ` during the COPYs: WAL ${copy.pg.map((p) => bytes(p.walBytes)).join(' / ')}, ${copy.pg.map((p) => p.checkpoints).join(' / ')} checkpoints`,
  );
  const c = main.check;
  out.push(
    `  check: importCsv reported ${int(main.report.rows)} rows, ${int(main.report.created)} created, ${int(main.report.problemRows)} bad, written ${main.report.written};` +
      ` deals ${int(c.deals)}, refs ${int(c.distinctRefs)}, lost ${int(c.lost)}; won total by SQL over deals ${c.wonMinor} = Σ deal_month_totals ${c.monthWonMinor} = the file's ${f.wonMinor}` +
      ` (${int(c.monthWonDeals)} deals); non-ASCII customers ${int(c.nonAsciiCustomers)}, quoted ${int(c.quotedCustomers)}; numbers without a gap ${c.numbersContiguous} → ${c.ok ? 'MATCH' : `MISMATCH: ${c.mismatches.join('; ')}`}`,
  );

  out.push(heading(`Memory of the importing process (V8 heap limit ${Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024)} MB; process.memoryUsage every ${main.memory.intervalMs} ms; VmHWM reset per run${main.memory.hwmReset ? '' : ': NOT possible here, n/a'})`));
  const memoryRow = (label: string, run: ImportRun): string[] => [
    label,
    megabytes(run.memory.startRssMb),
    megabytes(run.memory.peakRssMb),
    `+${megabytes(run.memory.peakRssMb - run.memory.startRssMb)}`,
    megabytes(run.memory.hwmMb),
    `${megabytes(run.memory.startHeapMb)} → ${megabytes(run.memory.peakHeapMb)}`,
    String(run.memory.samples),
  ];
  out.push(
    table([
      ['', 'RSS at start', 'peak RSS', 'growth', 'VmHWM', 'heap used start → peak', 'samples'],
      memoryRow(`${int(small.rows)} rows (${bytes(files.small.bytes)})`, small),
      memoryRow(`${int(main.rows)} rows (${bytes(f.bytes)})`, main),
    ]),
  );
  out.push(`  along the ${int(main.rows)}-row file: ${rssAlongTheFile(main.memory, f.bytes)}`);
  // The first import grows the heap to its working size; measured from before it, that shows too.
  const before = small.memory.startRssMb;
  out.push(
    `  from the RSS before the first import (${megabytes(before)}): peak +${megabytes(small.memory.peakRssMb - before)} with ${int(small.rows)} rows,` +
      ` +${megabytes(main.memory.peakRssMb - before)} with ${int(main.rows)} rows (V8's heap growing to its working size once, then staying there)`,
  );
  out.push(`  ${int(small.rows)}-row import: ${secs(small.ms)}, ${perSecond(small.rowsPerSecond)}; check ${small.check.ok ? 'MATCH' : `MISMATCH: ${small.check.mismatches.join('; ')}`}`);

  if (r.split) {
    const p = r.split;
    out.push(heading(`Where the import's time goes · a second ${int(p.rows)}-row import, dealImporter wrapped in a timer (src/ unchanged)`));
    const drift = (p.totalMs - main.ms) / main.ms;
    out.push(
      `  total ${secs(p.totalMs)}, the plain run ${secs(main.ms)} (${drift >= 0 ? '+' : ''}${(drift * 100).toFixed(0)}%: the wrapper's await per row, and the noise between two runs;` +
        ' the split is read as shares of this run)',
    );
    const row = (label: string, ms: number, note = ''): string[] => [label, secs(ms), share(ms, p.totalMs), note];
    out.push(
      table([
        ['', 'time', 'share', ''],
        row('BEGIN + dealImporter setup (temp table)', p.beginMs + p.setupMs),
        row('streaming the file, whole', p.streamingMs, cpuLine(p.cpu.streaming)),
        row('  parse: csv-parse, readCsv rows, importCsv loop, driver', p.parseMs, `remainder of streaming; the reader alone took ${secs(r.readerOnly.ms)}`),
        row('  read(): cell checks, rep/team lookups', p.readMs, `${int(p.reads)} calls, ${((p.readMs * 1000) / Math.max(1, p.reads)).toFixed(1)} µs each`),
        row('  write(): each batch\'s columns (JS)', p.writeCallMs, `${int(p.writes)} batches`),
        row(
          `  waiting for a staging write${p.overlapped ? ' (one in flight while reading)' : ''}`,
          p.writeWaitMs,
          `staging SQL ${secs(p.writeSqlMs)} in all${p.overlapped ? `, ${share(Math.max(0, p.writeSqlMs - p.writeWaitMs), p.writeSqlMs)} of it hidden behind reading` : ''}`,
        ),
        row('finish(): final INSERT…SELECT, month recount', p.finishMs, cpuLine(p.cpu.finish)),
        row('COMMIT', p.commitMs, cpuLine(p.cpu.commit)),
      ]),
    );
    out.push('  statements (phase, calls, time; from compile to result, driver serialisation included):');
    out.push(table(p.statements.filter((st) => st.totalMs >= 5).map((st) => [st.phase, `×${int(st.count)}`, secs(st.totalMs), st.shape]), '    '));
    out.push(
      `  PostgreSQL during this run: ${int(p.pg.checkpoints)} checkpoints, WAL ${bytes(p.pg.walBytes)}, temporary files ${int(p.pg.tempFiles)} (${bytes(p.pg.tempBytes)}); check ${p.check.ok ? 'MATCH' : `MISMATCH: ${p.check.mismatches.join('; ')}`}`,
    );
  }

  out.push(heading('Targets'));
  out.push(table(r.targets.map((t) => [mark(t.pass), t.name, t.target, t.value])));
  out.push(`\n  whole run ${secs(r.durationMs)}; JSON copy in bench/results/import-latest.json\n`);
  return out.join('\n');
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { ImporterFactory } from '../../src/domain/csv/import/importer.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import type { DealsFileFacts } from './import-generate.ts';
import { cpuSplit, type CpuSplit } from './import-observe.ts';

/**
 * The import benchmark's measuring instruments: the workspace it imports into, a timing wrapper
 * around an importer factory (the split of the import's time, without touching src/), and the check
 * that what landed in `deals` is what the file held. The baselines are in import-baseline.ts, the
 * memory sampler and PostgreSQL's counters in import-observe.ts.
 */

// ── the workspace ─────────────────────────────────────────────────────────────────────────────────

export interface ImportSeedOptions {
  teamId: string;
  timezone: string;
  currency: string;
  reps: number;
  teams: number;
}

/** One Slack workspace, `teams` teams (`Team 01`…) and `reps` reps (`U00001`…), rep k in team k mod teams. */
export async function seedImportWorkspace(db: Kysely<Database>, o: ImportSeedOptions): Promise<Workspace> {
  const workspace = await db
    .insertInto('workspaces')
    .values({ platform: 'slack', external_id: o.teamId, name: 'Bench Import Co', currency: o.currency, locale: 'en', timezone: o.timezone })
    .returningAll()
    .executeTakeFirstOrThrow();
  await sql`insert into teams (workspace_id, name) select ${workspace.id}, 'Team ' || lpad(t::text, 2, '0') from generate_series(1, ${o.teams}::int) t`.execute(db);
  await sql`
    with t as (select id, (row_number() over (order by name) - 1)::int as k from teams where workspace_id = ${workspace.id})
    insert into members (workspace_id, external_id, display_name, role, timezone, locale, team_id)
    select ${workspace.id}, 'U' || lpad(r::text, 5, '0'), 'Rep ' || lpad(r::text, 5, '0'), 'rep', ${o.timezone}, 'en-US', t.id
    from generate_series(1, ${o.reps}::int) r join t on t.k = (r - 1) % ${o.teams}::int`.execute(db);
  return workspace;
}

/**
 * Empties what an import wrote (and what refers to it: nothing, in this database), then forces a
 * checkpoint, so the next timed run starts from the same empty table and does not pay for flushing
 * the previous run's pages.
 */
export async function emptyDeals(db: Kysely<Database>): Promise<void> {
  await sql`truncate deals, deal_month_totals cascade`.execute(db);
  await sql`checkpoint`.execute(db);
}

// ── the split of the import's time ────────────────────────────────────────────────────────────────

type Phase = 'begin' | 'setup' | 'parse' | 'read' | 'write' | 'finish' | 'commit';

export interface StatementFigures {
  phase: Phase;
  /** The statement's first words, whitespace collapsed. */
  shape: string;
  count: number;
  totalMs: number;
}

export interface SplitFigures {
  totalMs: number;
  /** importCsv called → the factory called: BEGIN (kysely's transaction). */
  beginMs: number;
  /** The factory: dealImporter's temp table (and its readers). */
  setupMs: number;
  /** The streaming part, whole: everything between the factory's return and finish(). */
  streamingMs: number;
  /** Of streaming: csv-parse, readCsv's row objects, importCsv's loop, the driver sending batches (the remainder). */
  parseMs: number;
  /** Of streaming: importer.read (cell checks, cached rep and team lookups). */
  readMs: number;
  reads: number;
  /** True when the importer overlaps its writes with reading (KindImporter.overlapWrites). */
  overlapped: boolean;
  /** Of streaming: the synchronous part of importer.write (the batch's columns in JS), which blocks reading. */
  writeCallMs: number;
  /** Of streaming: importCsv waiting for a batch's write to finish (all of each write when it does not overlap). */
  writeWaitMs: number;
  /** Each write from call to result, added up: with overlap, mostly spent while the next batch was read. */
  writeMs: number;
  writes: number;
  /** The staging statements from compile to result (driver serialisation included). */
  writeSqlMs: number;
  /** importer.finish: the final INSERT … SELECT, the month recount and their checks. */
  finishMs: number;
  /** finish() returned → importCsv returned: COMMIT (the WAL flush of everything above). */
  commitMs: number;
  cpu: { streaming: CpuSplit; finish: CpuSplit; commit: CpuSplit };
  statements: StatementFigures[];
}

export interface SplitProbe {
  /** The database to import through: the same pool, every statement timed and attributed to its phase. */
  db: Kysely<Database>;
  /** The real factory, wrapped: each call to read, write and finish is timed. */
  factory: ImporterFactory;
  /** Call right before importCsv. */
  start(): void;
  /** Call right after importCsv returned. */
  end(): SplitFigures;
}

const shapeOf = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 110);

/**
 * A timing wrapper around an importer factory: dealImporter itself runs unchanged; the wrapper only
 * reads the clock around its calls, and a kysely plugin times every statement the import sends, so
 * the time of a run splits into parsing, row checks, staging writes and the final write, each with
 * its SQL. The wrapper costs an await per row: its run is a little slower than the plain one, and
 * the report shows both. A write's or finish's statement belongs to the call it was issued in
 * (AsyncLocalStorage), so a write still running while rows are read is not taken for reading.
 */
export function probeImport(base: Kysely<Database>, inner: ImporterFactory): SplitProbe {
  const executor = base.getExecutor();
  let phase: Phase = 'begin';
  const inCall = new AsyncLocalStorage<Phase>();
  const at: Partial<Record<'start' | 'factoryStart' | 'factoryEnd' | 'finishStart' | 'finishEnd' | 'end', number>> = {};
  let readMs = 0;
  let reads = 0;
  let overlapped = false;
  let writeCallMs = 0;
  let writeWaitMs = 0;
  let writeMs = 0;
  let writes = 0;
  let finishMs = 0;
  // What importCsv's loop did last: a read or a write call ended then. Between a read's end and the
  // next write call, or between the last call and finish(), the loop waits for the write in flight.
  let last: { kind: 'read' | 'write'; at: number } | undefined;
  const cpu: { streaming?: CpuSplit; finish?: CpuSplit; commit?: CpuSplit } = {};
  let window = cpuSplit();
  const started = new WeakMap<QueryId, { node: RootOperationNode; at: number; phase: Phase }>();
  const statements = new Map<string, StatementFigures>();

  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { node: args.node, at: performance.now(), phase: inCall.getStore() ?? phase });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const end = performance.now();
      const start = started.get(args.queryId);
      if (start !== undefined) {
        // Compiled after the clock stopped (the base executor has no plugins: the SQL that was sent).
        const shape = shapeOf(executor.compileQuery(start.node, args.queryId).sql);
        const key = `${start.phase} ${shape}`;
        const figures = statements.get(key) ?? { phase: start.phase, shape, count: 0, totalMs: 0 };
        figures.count += 1;
        figures.totalMs += end - start.at;
        statements.set(key, figures);
      }
      return args.result;
    },
  };

  const factory: ImporterFactory = async (ctx) => {
    at.factoryStart = performance.now();
    phase = 'setup';
    const importer = await inner(ctx);
    at.factoryEnd = performance.now();
    phase = 'parse';
    overlapped = importer.overlapWrites === true;
    window = cpuSplit();
    const { finish } = importer;
    return {
      async read(cells, line) {
        const t = performance.now();
        // Not through inCall: a context per row would cost the run more than the phase flag does.
        phase = 'read';
        try {
          return await importer.read(cells, line);
        } finally {
          phase = 'parse';
          const end = performance.now();
          readMs += end - t;
          reads += 1;
          last = { kind: 'read', at: end };
        }
      },
      write(rows) {
        const t = performance.now();
        if (overlapped && last?.kind === 'read') writeWaitMs += t - last.at;
        const written = inCall.run('write', () => importer.write(rows));
        const called = performance.now();
        writeCallMs += called - t;
        writes += 1;
        last = { kind: 'write', at: called };
        const done = (): void => {
          const end = performance.now();
          writeMs += end - t;
          // Not overlapped: importCsv awaits each write as soon as it is called.
          if (!overlapped) writeWaitMs += end - called;
        };
        written.then(done, done);
        return written;
      },
      ...(importer.overlapWrites !== undefined && { overlapWrites: importer.overlapWrites }),
      ...(finish && {
        async finish() {
          cpu.streaming = window.end();
          window = cpuSplit();
          at.finishStart = performance.now();
          // The last write (and, overlapped, the one before it) awaited after the last row was read.
          if (overlapped && last) writeWaitMs += at.finishStart - last.at;
          phase = 'finish';
          try {
            return await inCall.run('finish', () => finish.call(importer));
          } finally {
            at.finishEnd = performance.now();
            finishMs = at.finishEnd - at.finishStart;
            cpu.finish = window.end();
            window = cpuSplit();
            phase = 'commit';
          }
        },
      }),
    };
  };

  return {
    db: base.withPlugin(plugin),
    factory,
    start() {
      at.start = performance.now();
      phase = 'begin';
    },
    end() {
      at.end = performance.now();
      cpu.commit = window.end();
      const start = at.start ?? at.end;
      const factoryStart = at.factoryStart ?? start;
      const factoryEnd = at.factoryEnd ?? factoryStart;
      const finishStart = at.finishStart ?? at.end;
      const finishEnd = at.finishEnd ?? finishStart;
      const streamingMs = finishStart - factoryEnd;
      const list = [...statements.values()].sort((a, b) => b.totalMs - a.totalMs);
      const empty: CpuSplit = { wallMs: 0, nodeMs: 0, postgresMs: 0, machineBusy: 0, otherMs: 0 };
      return {
        totalMs: at.end - start,
        beginMs: factoryStart - start,
        setupMs: factoryEnd - factoryStart,
        streamingMs,
        parseMs: streamingMs - readMs - writeCallMs - writeWaitMs,
        readMs,
        reads,
        overlapped,
        writeCallMs,
        writeWaitMs,
        writeMs,
        writes,
        writeSqlMs: list.filter((s) => s.phase === 'write').reduce((sum, s) => sum + s.totalMs, 0),
        finishMs,
        commitMs: at.end - finishEnd,
        cpu: { streaming: cpu.streaming ?? empty, finish: cpu.finish ?? empty, commit: cpu.commit },
        statements: list,
      };
    },
  };
}

// ── the check ─────────────────────────────────────────────────────────────────────────────────────

export interface ImportCheck {
  deals: number;
  wonDeals: number;
  /** Σ amount_minor of the deals not lost, by SQL over deals (text: a bigint). */
  wonMinor: string;
  /** Σ of deal_month_totals, which the import recounted once at the end. */
  monthWonMinor: string;
  monthWonDeals: number;
  lost: number;
  distinctRefs: number;
  nonAsciiCustomers: number;
  quotedCustomers: number;
  /** Deal numbers without a gap (max − min + 1 = count). */
  numbersContiguous: boolean;
  ok: boolean;
  mismatches: string[];
}

/** What the workspace's deals hold, against what the generator wrote into the file. */
export async function checkImport(db: Kysely<Database>, workspaceId: number, facts: DealsFileFacts): Promise<ImportCheck> {
  // count() is an int8 (a bigint through Pacer's pool), sum() of one a numeric (a string).
  type Num = string | number | bigint;
  const deals = await sql<{
    deals: Num; won_deals: Num; won_minor: Num | null; lost: Num; refs: Num; non_ascii: Num; quoted: Num; span: Num | null;
  }>`
    select count(*) as deals, count(*) filter (where stage <> 'lost') as won_deals, sum(amount_minor) filter (where stage <> 'lost') as won_minor,
           count(*) filter (where stage = 'lost') as lost, count(distinct ref) as refs,
           count(*) filter (where customer ~ '[^\\x01-\\x7f]') as non_ascii, count(*) filter (where customer ~ '[,"]') as quoted,
           max(number) - min(number) + 1 as span
    from deals where workspace_id = ${workspaceId}`.execute(db);
  const months = await sql<{ won_minor: Num | null; won_deals: Num | null }>`
    select sum(won_minor) as won_minor, sum(won_deals) as won_deals from deal_month_totals where workspace_id = ${workspaceId}`.execute(db);
  const d = deals.rows[0];
  const m = months.rows[0];
  const check: ImportCheck = {
    deals: Number(d?.deals ?? 0),
    wonDeals: Number(d?.won_deals ?? 0),
    wonMinor: String(d?.won_minor ?? '0'),
    monthWonMinor: String(m?.won_minor ?? '0'),
    monthWonDeals: Number(m?.won_deals ?? 0),
    lost: Number(d?.lost ?? 0),
    distinctRefs: Number(d?.refs ?? 0),
    nonAsciiCustomers: Number(d?.non_ascii ?? 0),
    quotedCustomers: Number(d?.quoted ?? 0),
    numbersContiguous: Number(d?.span ?? 0) === Number(d?.deals ?? 0),
    ok: false,
    mismatches: [],
  };
  const expect = (what: string, got: string | number | boolean, want: string | number | boolean): void => {
    if (String(got) !== String(want)) check.mismatches.push(`${what}: ${got} in the database, ${want} expected`);
  };
  expect('deals', check.deals, facts.rows);
  expect('refs', check.distinctRefs, facts.rows);
  expect('deals not lost', check.wonDeals, facts.wonDeals);
  expect('lost deals', check.lost, facts.byStage['lost'] ?? 0);
  expect('won total (SQL over deals)', check.wonMinor, facts.wonMinor);
  expect('won total (deal_month_totals)', check.monthWonMinor, check.wonMinor);
  expect('won deals (deal_month_totals)', check.monthWonDeals, check.wonDeals);
  expect('non-ASCII customers', check.nonAsciiCustomers, facts.nonAsciiCustomers);
  expect('customers with a comma or quote', check.quotedCustomers, facts.quotedCustomers);
  expect('deal numbers without a gap', check.numbersContiguous, true);
  check.ok = check.mismatches.length === 0;
  return check;
}

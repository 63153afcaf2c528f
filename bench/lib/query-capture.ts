import { CompiledQuery, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * The SQL Pacer really runs, as Pacer builds it: a kysely plugin on the app's own connection records
 * every compiled query (text and parameters, exactly what goes to the server) and how long it took.
 * Nothing is copied out of src/: the repositories and the core build their queries as always, so the
 * plans printed are the plans of the code as it is.
 *
 *   const capture = captureQueries(db)
 *   const core = createCore({ db: capture.db, … })
 *   await core.handleCommand(event)
 *   capture.take() // [{ sql: 'select … from "workspaces" …', parameters: […], durationMs: 0.4 }, …]
 */

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  /** From compile to result: the round trip to PostgreSQL plus row parsing. */
  durationMs: number;
}

export interface QueryCapture {
  /** The same database, with every query recorded. */
  db: Kysely<Database>;
  /** The queries recorded since the last take, in completion order. */
  take(): CapturedQuery[];
}

export function captureQueries(base: Kysely<Database>): QueryCapture {
  const executor = base.getExecutor();
  // Keyed by query id, weakly: a compiled-but-never-run query must not leak (kysely's advice).
  const started = new WeakMap<QueryId, { query: CompiledQuery; at: number }>();
  let captured: CapturedQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      // The base executor has no plugins, so this compiles exactly what will be sent.
      started.set(args.queryId, { query: executor.compileQuery(args.node, args.queryId), at: performance.now() });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const start = started.get(args.queryId);
      if (start !== undefined) {
        captured.push({ sql: start.query.sql, parameters: start.query.parameters, durationMs: performance.now() - start.at });
      }
      return args.result;
    },
  };
  return {
    db: base.withPlugin(plugin),
    take() {
      const taken = captured;
      captured = [];
      return taken;
    },
  };
}

export interface Plan {
  lines: string[];
  /** e.g. `Index Only Scan using deals_workspace_occurred_idx on deals` (first scan of `deals`). */
  dealsScan?: string;
  indexScan: boolean;
  executionMs?: number;
  /**
   * Execution time of a second run with `TIMING OFF`: per-row clock reads of the instrumented run
   * inflate scans of many rows, so this is closer to what the query costs when Pacer runs it.
   */
  executionUntimedMs?: number;
  planningMs?: number;
  /** Heap fetches of the index-only scans (0 when the visibility map covers every page read). */
  heapFetches: number;
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of a captured query, with the same parameters. Reads only: never pass it a write. */
export async function explainAnalyze(db: Kysely<Database>, query: CapturedQuery): Promise<Plan> {
  if (!/^\s*(with|select)\b/i.test(query.sql)) throw new Error(`explainAnalyze runs reads only, not: ${query.sql.slice(0, 60)}`);
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
  const lines = result.rows.map((row) => String(Object.values(row)[0] ?? ''));
  const scans = lines.map((line) => /((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)?(?: using \S+)? on (?:deals|deal_month_totals)\b)/.exec(line)?.[1]).filter((s) => s !== undefined);
  const dealsScan = scans[0];
  const number = (pattern: RegExp): number | undefined => {
    const found = lines.map((line) => pattern.exec(line)?.[1]).find((v) => v !== undefined);
    return found === undefined ? undefined : Number(found);
  };
  const heapFetches = lines.reduce((sum, line) => sum + Number(/Heap Fetches: (\d+)/.exec(line)?.[1] ?? 0), 0);
  const executionMs = number(/Execution Time: ([\d.]+) ms/);
  const planningMs = number(/Planning Time: ([\d.]+) ms/);
  const untimed = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`explain (analyze, timing off) ${query.sql}`, [...query.parameters]));
  const untimedMs = untimed.rows.map((row) => /Execution Time: ([\d.]+) ms/.exec(String(Object.values(row)[0] ?? ''))?.[1]).find((v) => v !== undefined);
  return {
    lines,
    ...(dealsScan !== undefined && { dealsScan }),
    indexScan: scans.some((s) => /^(Parallel )?Index (Only )?Scan/.test(s) && /using (deals_|deal_month_totals_)/.test(s)),
    ...(executionMs !== undefined && { executionMs }),
    ...(untimedMs !== undefined && { executionUntimedMs: Number(untimedMs) }),
    ...(planningMs !== undefined && { planningMs }),
    heapFetches,
  };
}

/** A query's first line, shortened, for a one-line listing: `select … from "deals" where …`. */
export function summarizeSql(sql: string, max = 110): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

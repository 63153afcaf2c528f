import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { CapturedQuery } from './query-capture.ts';

/**
 * Every query the digest sends, timed and tagged with the digest (team) it belongs to, even with
 * several digests in flight: a kysely plugin on Pacer's own connection (like ./query-capture.ts,
 * whose CapturedQuery it produces) and an AsyncLocalStorage that carries the team through the
 * digest's awaits. A query's time runs from its compilation to its result: the wait for a pooled
 * connection (none while fewer queries are in flight than the pool has connections), the round trip
 * to PostgreSQL, and row parsing.
 */

export interface TimedQuery extends CapturedQuery {
  /** performance.now() at compile and at result. */
  start: number;
  end: number;
  /** The digest (team id) it was sent for; undefined outside one. */
  tag: number | undefined;
}

export interface QueryTimer {
  db: Kysely<Database>;
  /** Runs `work` with its queries tagged `tag`. */
  tagged<T>(tag: number, work: () => Promise<T>): Promise<T>;
  /** The queries recorded since the last take, in completion order. */
  take(): TimedQuery[];
}

export function timeQueries(base: Kysely<Database>): QueryTimer {
  const executor = base.getExecutor();
  const context = new AsyncLocalStorage<number>();
  const started = new WeakMap<QueryId, { node: RootOperationNode; at: number; tag: number | undefined }>();
  let recorded: TimedQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { node: args.node, at: performance.now(), tag: context.getStore() });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const end = performance.now();
      const start = started.get(args.queryId);
      if (start !== undefined) {
        // Compiled after the clock stopped, so the timing does not include this bookkeeping. The
        // base executor has no plugins: this is exactly the SQL that was sent.
        const compiled = executor.compileQuery(start.node, args.queryId);
        recorded.push({ sql: compiled.sql, parameters: compiled.parameters, durationMs: end - start.at, start: start.at, end, tag: start.tag });
      }
      return args.result;
    },
  };
  return {
    db: base.withPlugin(plugin),
    tagged: (tag, work) => context.run(tag, work),
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

/** Total length of the union of [start, end) intervals: the time at least one of them was running. */
export function unionMs(intervals: readonly { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const { start, end } of sorted) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) to = end;
  }
  if (to > from) total += to - from;
  return total;
}

/** The value at quantile q (0–1) of a list, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** A query's shape: its SQL with whitespace folded (parameters are separate, so equal shapes share a text). */
export const shapeOf = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

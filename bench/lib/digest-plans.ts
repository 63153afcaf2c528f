import type { Db } from '../../src/db/database.ts';
import type { ShapeFigures } from './digest-measure.ts';
import { shapeOf, type TimedQuery } from './digest-timing.ts';
import { explainAnalyze } from './query-capture.ts';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the digest's heaviest query shapes, each with the parameters one
 * digest really sent: the top plan node, every scan (which tables are read by index and which in
 * full), buffers and time, so a reader sees at a glance whether an index serves the query.
 */

export interface ScanLine {
  /** e.g. `Seq Scan on deals`, `Index Only Scan using deals_team_occurred_idx on deals`. */
  node: string;
  /** Rows the scan returned (actual, all loops) and rows its filter threw away. */
  rows: number;
  removedByFilter: number;
}

export interface ShapePlan {
  summary: string;
  meanMs: number;
  perDigest: number;
  share: number;
  top: string;
  scans: ScanLine[];
  indexScan: boolean;
  seqScanOnDeals: boolean;
  executionMs?: number;
  executionUntimedMs?: number;
  planningMs?: number;
  /** From the top node's Buffers line: shared pages found in PostgreSQL's cache and read from the OS. */
  sharedHit: number;
  sharedRead: number;
  /** The plan's lines, for the JSON results. */
  lines: string[];
}

const SCAN = /((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)(?: Backward)?(?: using \S+)? on \S+)(?: \S+)?\s+\(cost=[^)]*\) \(actual time=[^ ]+ rows=(\d+) loops=(\d+)\)/;

function scansOf(lines: readonly string[]): ScanLine[] {
  const scans: ScanLine[] = [];
  lines.forEach((line, i) => {
    const match = SCAN.exec(line);
    if (!match?.[1]) return;
    // The filter line (if any) follows the node within its indented block.
    let removed = 0;
    for (let j = i + 1; j < lines.length && j < i + 8; j++) {
      const next = lines[j] ?? '';
      if (next.includes('->')) break;
      const r = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(next);
      if (r?.[1]) removed += Number(r[1]);
    }
    scans.push({ node: match[1], rows: Number(match[2]) * Number(match[3]), removedByFilter: removed * Number(match[3]) });
  });
  return scans;
}

/** Plans of the `count` costliest shapes, each explained with the parameters of the query sent for `tag`'s digest. */
export async function explainHeaviest(db: Db, shapes: readonly ShapeFigures[], queries: readonly TimedQuery[], tag: number, count: number): Promise<ShapePlan[]> {
  const plans: ShapePlan[] = [];
  for (const shape of shapes.slice(0, count)) {
    const same = queries.filter((q) => shapeOf(q.sql) === shape.sql);
    const sample = same.find((q) => q.tag === tag) ?? same[0];
    if (sample === undefined || !/^\s*(with|select)\b/i.test(sample.sql)) continue;
    const plan = await explainAnalyze(db, sample);
    const scans = scansOf(plan.lines);
    const buffers = plan.lines.find((line) => /^\s*Buffers:/.test(line)) ?? '';
    plans.push({
      summary: shape.summary,
      meanMs: shape.meanMs,
      perDigest: shape.perDigest,
      share: shape.share,
      top: (plan.lines[0] ?? '').trim().replace(/\s+\(cost=.*$/, ''),
      scans,
      indexScan: scans.some((s) => /Index/.test(s.node)),
      seqScanOnDeals: scans.some((s) => /Seq Scan on deals\b/.test(s.node)),
      ...(plan.executionMs !== undefined && { executionMs: plan.executionMs }),
      ...(plan.executionUntimedMs !== undefined && { executionUntimedMs: plan.executionUntimedMs }),
      ...(plan.planningMs !== undefined && { planningMs: plan.planningMs }),
      sharedHit: Number(/shared hit=(\d+)/.exec(buffers)?.[1] ?? 0),
      sharedRead: Number(/read=(\d+)/.exec(buffers)?.[1] ?? 0),
      lines: plan.lines,
    });
  }
  return plans;
}

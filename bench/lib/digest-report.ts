import type { BaselineFigures } from './digest-baseline.ts';
import type { PassFigures } from './digest-measure.ts';
import type { ShapePlan } from './digest-plans.ts';
import type { DigestSeedResult } from './digest-seed.ts';
import type { WhatIfFigures } from './digest-whatif.ts';
import { heading, int, mark, ms, ratio, table } from './report.ts';

/** The digest benchmark's figures (as printed, and as written to bench/results/digest-latest.json) and their printed report. */

export interface DigestBenchResults {
  startedAt: string;
  machine: { cpus: number; node: string; postgres: string; pgSettings: Record<string, string>; busyBefore: number };
  settings: {
    teams: number;
    repsPerTeam: number;
    deals: number;
    feedback: number;
    timezone: string;
    concurrency: number[];
    poolSize: number;
    warmupDigests: number;
    targetMs: number;
    nonDefault: boolean;
  };
  now: { at: string; local: string; week: { start: string; end: string } };
  seed: DigestSeedResult & { migrateMs: number };
  warmup: PassFigures;
  passes: PassFigures[];
  baseline: BaselineFigures;
  plans: ShapePlan[];
  /** The closing experiment with candidate indexes (absent when skipped). */
  whatIf?: WhatIfFigures;
  target: { name: string; value: string; pass: boolean };
  durationMs: number;
}

const secs = (value: number): string => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
const share = (value: number): string => (Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : 'n/a');
const mbytes = (bytes: number): string => (bytes < 10 * 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

function passRow(p: PassFigures, baselineMs: number): string[] {
  return [
    p.concurrency === 1 ? '1 (as the job runs)' : String(p.concurrency),
    `${int(p.digests)}`,
    secs(p.wallMs),
    ms(p.p50Ms),
    ms(p.p95Ms),
    ms(p.maxMs),
    p.queriesPerDigest.min === p.queriesPerDigest.max ? String(p.queriesPerDigest.min) : `${p.queriesPerDigest.min}–${p.queriesPerDigest.max}`,
    secs(p.sqlSumMs),
    share(p.sqlBusyMs / p.wallMs),
    share(p.sqlShareOfDigest),
    `${secs(p.cpu.nodeMs)} / ${secs(p.cpu.postgresMs)}`,
    ratio(p.wallMs, baselineMs),
  ];
}

export function formatDigestReport(r: DigestBenchResults): string {
  const { settings: s, seed, baseline: b } = r;
  const out: string[] = [];
  out.push(heading(`Pacer digest benchmark · ${r.startedAt} · ${r.machine.cpus} CPUs · Node ${r.machine.node} · PostgreSQL ${r.machine.postgres} on loopback`));
  const pg = r.machine.pgSettings;
  out.push(`  PostgreSQL: shared_buffers ${pg['shared_buffers'] ?? '?'}, work_mem ${pg['work_mem'] ?? '?'}, max_parallel_workers_per_gather ${pg['max_parallel_workers_per_gather'] ?? '?'}, jit ${pg['jit'] ?? '?'}; machine busy before the run: ${share(r.machine.busyBefore)} of all cores${r.machine.busyBefore > 0.2 ? ' (NOT quiet: figures are pessimistic)' : ''}`);
  out.push(
    `  data: 1 workspace (${s.timezone}), ${int(s.teams)} teams × ${s.repsPerTeam} reps = ${int(s.teams * s.repsPerTeam)} reps, ${int(seed.deals)} deals over 2 years ` +
      `(${Object.entries(seed.byStage).sort(([a], [b2]) => a.localeCompare(b2)).map(([stage, n]) => `${stage} ${share(n / Math.max(1, seed.deals))}`).join(', ')}; deals + indexes ${mbytes(seed.dealsBytes)}), ` +
      `${int(seed.goals)} month goals, ${int(seed.assignments)} training assignments with ${int(seed.completions)} completions, ${int(seed.coachingNotes)} coaching notes, ${int(seed.feedback)} feedback with ${int(seed.votes)} +1s`,
  );
  out.push(`  indexes on deals (from the migrations): ${seed.dealsIndexes.map((index) => `${index.name} ${index.definition} ${mbytes(index.bytes)}`).join('; ')}`);
  out.push(
    `  seeded in ${secs(seed.seedMs)} (deals insert ${secs(seed.dealsInsertMs)}, index rebuild ${secs(seed.indexRebuildMs)}) + VACUUM ANALYZE and CHECKPOINT ${secs(seed.vacuumMs)}; migrations ${secs(seed.migrateMs)}`,
  );
  out.push(`  now = ${r.now.at} (${r.now.local}, a Monday): the digest covers ${r.now.week.start} … ${r.now.week.end}; Pacer's pool ${s.poolSize} connections (the worker's: 10 + WORKER_CONCURRENCY 8)`);
  if (s.nonDefault) out.push('  NOTE: non-default settings (PACER_BENCH_DIGEST_*): not the reference figures');

  out.push(heading(`composeTeamDigest × ${int(s.teams)} teams, fixed now, after a warm-up of ${s.warmupDigests} digests · baseline: one aggregate query for all teams`));
  out.push(
    table([
      ['in flight', 'digests', 'wall', 'p50', 'p95', 'max', 'queries/digest', 'Σ query time', 'SQL in flight', 'SQL share/digest', 'CPU Node / PostgreSQL', '÷ baseline'],
      ...r.passes.map((p) => passRow(p, b.medianMs)),
      ['baseline: 1 hand-written query', `${int(b.teams)} teams`, ms(b.medianMs), '', '', '', '1', '', '', '', '', '1.0×'],
    ]),
  );
  out.push('  the baseline computes the core numbers only (won/lost per rep, loss reasons, delivery lag, stale count), not goals, training, feedback or the diagnosis');
  out.push(`  baseline runs: ${b.runsMs.map(ms).join(', ')} (median used); its plan: ${b.planTop.replace(/\s+\(cost=.*$/, '')}${b.planExecutionMs !== undefined ? `, ${ms(b.planExecutionMs)} under EXPLAIN ANALYZE` : ''}`);
  out.push(
    `  baseline numbers vs Pacer's teamDigest for ${b.checked} teams (won/lost per rep, loss reasons now/before, median lag now/usual, stale): ` +
      (b.mismatches.length === 0 ? 'all MATCH' : `${b.mismatches.length} MISMATCH: ${b.mismatches.slice(0, 3).join('; ')}`),
  );
  out.push(
    '  "SQL in flight": share of the wall time with at least one of Pacer\'s queries between compile and result; "SQL share/digest": the same inside each digest, averaged.' +
      ' A query\'s time includes waiting for a pooled connection, if all were busy, and for Node\'s one thread while other JavaScript runs (teamDigest awaits several at once):' +
      ' an upper bound of the SQL share. The CPU split (Node vs PostgreSQL, from /proc; PostgreSQL\'s counts every database on the server) says which side is the limit.',
  );
  const posts = r.passes.map((p) => `${p.concurrency} in flight: ${int(p.posts)} posts`).join(', ');
  out.push(`  output: ${posts}; warm-up ${int(r.warmup.digests)} digests in ${secs(r.warmup.wallMs)} (p50 ${ms(r.warmup.p50Ms)})`);

  const sequential = r.passes.find((p) => p.concurrency === 1) ?? r.passes[0];
  if (sequential) {
    out.push(heading(`Where a digest's time goes · the sequential pass, by query shape (${sequential.queriesPerDigest.mean.toFixed(1)} queries per digest)`));
    out.push(
      table([
        ['share of Σ', 'per digest', 'mean', 'p95', 'total', 'query'],
        ...sequential.shapes.map((shape) => [share(shape.share), shape.perDigest.toFixed(1), ms(shape.meanMs), ms(shape.p95Ms), secs(shape.totalMs), shape.summary]),
      ]),
    );
    out.push('  (teamDigest sends four of these at once (Promise.all: counts, loss reasons, delivery lag + stale count, training), so their times overlap and include waiting for CPU the others use.)');
    const js = sequential.wallMs - sequential.sqlBusyMs;
    out.push(`  outside SQL (Pacer's JavaScript between queries: goal status, training cycles, rendering): ${secs(js)} of ${secs(sequential.wallMs)} = ${share(js / sequential.wallMs)}, ${ms(js / Math.max(1, sequential.digests))} per digest`);
  }

  out.push(heading('EXPLAIN (ANALYZE, BUFFERS) · the heaviest shapes, with one digest\'s parameters'));
  out.push(...planLines(r.plans));

  out.push(heading('Target'));
  out.push(table([['', 'target', 'measured', ''], [r.target.name, `< ${secs(s.targetMs)}`, r.target.value, mark(r.target.pass)]]));
  for (const p of r.passes.filter((p2) => p2.concurrency !== 1)) out.push(`  (with ${p.concurrency} in flight: ${secs(p.wallMs)} → ${mark(p.wallMs < s.targetMs)})`);

  if (r.whatIf) out.push(...whatIfLines(r.whatIf, r.passes.find((p) => p.concurrency === 1), b.medianMs, s.targetMs));
  out.push(`\n  digest bench took ${secs(r.durationMs)} in all`);
  return out.join('\n');
}

function whatIfLines(w: WhatIfFigures, before: PassFigures | undefined, baselineMs: number, targetMs: number): string[] {
  const out: string[] = [];
  out.push(heading('EXPERIMENT (not in the migrations): the same sequential pass with candidate indexes, created in the bench database only'));
  for (const [candidate, name] of Object.entries(w.existing)) out.push(`  candidate ${candidate}: the migrations already have it, as ${name}`);
  for (const index of w.indexes) out.push(`  create index … ${index.definition}   — ${mbytes(index.bytes)}, built in ${secs(index.buildMs)}; for ${index.serves}`);
  const p = w.pass;
  if (p === undefined) {
    out.push('  every candidate index exists already: nothing to try, the figures above are with them');
    return out;
  }
  out.push(
    table([
      ['', 'wall', 'p50', 'p95', 'max', 'Σ query time', 'SQL in flight', 'CPU Node / PostgreSQL', '÷ baseline', `< ${secs(targetMs)}`],
      ...(before ? [['as migrated (above)', secs(before.wallMs), ms(before.p50Ms), ms(before.p95Ms), ms(before.maxMs), secs(before.sqlSumMs), share(before.sqlBusyMs / before.wallMs), `${secs(before.cpu.nodeMs)} / ${secs(before.cpu.postgresMs)}`, ratio(before.wallMs, baselineMs), mark(before.wallMs < targetMs)]] : []),
      ['with the candidate indexes', secs(p.wallMs), ms(p.p50Ms), ms(p.p95Ms), ms(p.maxMs), secs(p.sqlSumMs), share(p.sqlBusyMs / p.wallMs), `${secs(p.cpu.nodeMs)} / ${secs(p.cpu.postgresMs)}`, ratio(p.wallMs, baselineMs), mark(p.wallMs < targetMs)],
    ]),
  );
  out.push('  by query shape, with the indexes:');
  out.push(table([['share of Σ', 'mean', 'p95', 'total', 'query'], ...p.shapes.map((shape) => [share(shape.share), ms(shape.meanMs), ms(shape.p95Ms), secs(shape.totalMs), shape.summary])], '    '));
  out.push('  plans with the indexes:');
  out.push(...planLines(w.plans.slice(0, 4)).map((line) => `  ${line}`));
  return out;
}

function planLines(plans: readonly ShapePlan[]): string[] {
  const out: string[] = [];
  for (const plan of plans) {
    out.push(`  ${plan.summary}`);
    out.push(
      `    ${share(plan.share)} of Σ query time, mean ${ms(plan.meanMs)}, ${plan.perDigest.toFixed(1)}/digest · top: ${plan.top} · ` +
        `${plan.executionMs !== undefined ? `execution ${ms(plan.executionMs)}` : ''}${plan.executionUntimedMs !== undefined ? ` (${ms(plan.executionUntimedMs)} untimed)` : ''}` +
        ` · buffers hit ${int(plan.sharedHit)} read ${int(plan.sharedRead)} · ${plan.indexScan ? 'index scan used' : 'NO index scan'}${plan.seqScanOnDeals ? ', SEQ SCAN ON deals' : ''}`,
    );
    for (const scan of plan.scans) out.push(`      ${scan.node}: ${int(scan.rows)} rows${scan.removedByFilter > 0 ? `, ${int(scan.removedByFilter)} removed by filter` : ''}`);
  }
  return out;
}

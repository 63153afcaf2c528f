import type { CpuFigures } from './observe.ts';
import type { BenchResults, Explained } from './figures.ts';

/**
 * Formatting of the printed report: fixed-width columns, numbers with the precision they deserve,
 * and a PASS/MISS mark next to every target. Nothing here measures anything.
 */

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');
export const rate = (value: number): string => `${value.toFixed(1)}/s`;
export const mb = (kb: number | undefined): string => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);
export const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');
export const int = (value: number): string => value.toLocaleString('en-US');
export const mark = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** Rows of cells, left-aligned, padded to the widest cell of each column. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ').trimEnd()).join('\n');
}

export function heading(title: string): string {
  return `\n${title}\n${'─'.repeat(Math.min(100, title.length))}`;
}

export function statuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

const share = (value: number): string => `${(value * 100).toFixed(0)}%`;
const perRequest = (cpuMs: number, requests: number): string => `${(cpuMs / Math.max(1, requests)).toFixed(2)} ms`;

/** The printed report of a run: every figure beside its in-run baseline, then the targets. */
export function formatReport(r: BenchResults): string {
  const { machine, settings, seed, deal, profiles } = r;
  const out: string[] = [];

  out.push(heading(`Pacer benchmark · ${r.startedAt} · ${machine.cpus} CPUs · Node ${machine.node} · PostgreSQL ${machine.postgres}`));
  out.push(`  PostgreSQL settings: shared_buffers ${machine.pgSettings['shared_buffers'] ?? '?'}, synchronous_commit ${machine.pgSettings['synchronous_commit'] ?? '?'}; all traffic on loopback`);
  out.push(`  machine busy before the run: ${share(machine.busyBefore)} of all cores${machine.busyBefore > 0.2 ? ' (NOT quiet: other work was running, figures are pessimistic)' : ''}`);
  out.push(
    `  speed reference (SHA-256 of 64 MiB, lower is faster): ${ms(machine.speedBefore)} before, ${ms(machine.speedAfter)} after;` +
      ` CPU steal during the /deal runs ${(deal.pacerCpu.machineSteal * 100).toFixed(1)}% / ${(deal.bareCpu.machineSteal * 100).toFixed(1)}%`,
  );
  out.push(
    `  data: ${int(settings.reps)} reps in ${settings.teams} teams, ${int(seed.deals)} deals over 2 years (${((seed.lostDeals / Math.max(1, seed.deals)) * 100).toFixed(1)}% lost), ` +
      `${int(seed.goals)} month goals ${seed.monthStart}…${seed.monthEnd} (${settings.timezone}); seeded in ${(seed.seedMs / 1000).toFixed(1)} s,` +
      ` VACUUM ANALYZE + CHECKPOINT ${(seed.vacuumMs / 1000).toFixed(1)} s (${share(seed.allVisible)} of deals pages all-visible)`,
  );
  if (settings.nonDefault) out.push('  NOTE: non-default size (PACER_BENCH_DEALS / PACER_BENCH_SECONDS): not the reference figures');
  if (settings.pacerNodeArgs.length > 0) out.push(`  Pacer ran with the Node flags: ${settings.pacerNodeArgs.join(' ')}${process.env['PACER_BENCH_NODE_ARGS'] === undefined ? ' (as npm start runs it)' : ' (PACER_BENCH_NODE_ARGS, an experiment)'}`);
  if (settings.pacerPgSocket !== '') out.push(`  NOTE: Pacer reached PostgreSQL through the Unix socket in ${settings.pacerPgSocket}, not 127.0.0.1:5432`);

  const { pacer, bare, check } = deal;
  out.push(heading(`/deal · signed POST /slack/events · open loop ${settings.dealRate} req/s for ${settings.dealDurationMs / 1000} s after ${settings.dealWarmupMs / 1000} s warm-up`));
  out.push(
    table([
      ['', 'Pacer', 'bare Bolt', 'Pacer/bare'],
      ['sent', int(pacer.sent), int(bare.sent), ''],
      ['throughput (ok)', rate(pacer.throughput), rate(bare.throughput), ''],
      ['p50', ms(pacer.p50), ms(bare.p50), ratio(pacer.p50, bare.p50)],
      ['p99', ms(pacer.p99), ms(bare.p99), ratio(pacer.p99, bare.p99)],
      ['max', ms(pacer.max), ms(bare.max), ''],
      ['errors', int(pacer.errors), int(bare.errors), ''],
      ['statuses', statuses(pacer.statuses), statuses(bare.statuses), ''],
      ['client send lag (max)', ms(pacer.maxSendLagMs), ms(bare.maxSendLagMs), ''],
    ]),
  );
  out.push(
    `  work done: ${int(check.dealsInserted)} deals inserted (and ${int(check.auditsInserted)} audit rows) vs ${int(check.confirmedInAck)} confirmed in the ack` +
      ` + ${int(check.confirmedLate)} on response_url (warm-up and knee probes included) → ${deal.verified ? 'MATCH' : 'MISMATCH'}`,
  );
  if (Object.keys(check.otherAnswers).length > 0) out.push(`  answers that were not a confirmation: ${JSON.stringify(check.otherAnswers)}`);
  out.push(
    `  knee probe (Pacer, ${settings.sweepDurationMs / 1000} s each): ` +
      deal.sweep.map(({ rate: offered, figures: f }) => `${offered} req/s → p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, ${rate(f.throughput)} ok, ${f.errors} errors`).join(' · '),
  );
  out.push(
    `  CPU per request: Pacer ${perRequest(deal.pacerCpu.serverMs, pacer.sent)} + PostgreSQL ${perRequest(deal.pacerCpu.postgresMs, pacer.sent)}` +
      ` (bare Bolt ${perRequest(deal.bareCpu.serverMs, bare.sent)}); load generator ${perRequest(deal.pacerCpu.clientMs, pacer.sent)};` +
      ` all ${machine.cpus} cores busy ${share(deal.pacerCpu.machineBusy)} (bare run ${share(deal.bareCpu.machineBusy)})`,
  );
  const otherShare = (cpu: CpuFigures): number => cpu.otherMs / Math.max(1, cpu.wallMs);
  out.push(
    `  other processes on the machine used ${share(otherShare(deal.pacerCpu))} of a core during Pacer's run, ${share(otherShare(deal.bareCpu))} during bare Bolt's` +
      (Math.max(otherShare(deal.pacerCpu), otherShare(deal.bareCpu)) > 0.15 ? ' (the machine was shared: those figures are pessimistic)' : ''),
  );
  out.push(
    `  PostgreSQL checkpoints during Pacer's ${settings.dealDurationMs / 1000} s run: ${deal.checkpointsDuring}` +
      (deal.checkpointsDuring > 0 ? ' (a checkpoint flush lands in the tail latency)' : ''),
  );
  const waitTotal = Object.values(deal.pacerWaits.states).reduce((a, b) => a + b, 0);
  out.push(
    `  Pacer's PostgreSQL sessions (${int(deal.pacerWaits.samples)} samples of pg_stat_activity, mean ${deal.pacerWaits.meanBusySessions.toFixed(2)} busy): ` +
      Object.entries(deal.pacerWaits.states)
        .sort(([, a], [, b]) => b - a)
        .map(([state, count]) => `${state} ${share(count / Math.max(1, waitTotal))}`)
        .join(', '),
  );

  const lb = r.leaderboard.pacer;
  const goal = r.goal.pacer;
  const base = r.leaderboard.bare;
  out.push(heading(`/leaderboard and /goal · ${int(seed.deals)} deals · ${settings.readRequests} requests each, closed loop, concurrency ${settings.readConcurrency}`));
  out.push(
    table([
      ['', 'p50', 'p95', 'p99', 'max', 'ok/accepted/errors'],
      ['/leaderboard (month+quarter)', ms(lb.p50), ms(lb.p95), ms(lb.p99), ms(lb.max), `${lb.ok}/${lb.accepted}/${lb.errors}`],
      ['  month only', '', ms(r.leaderboard.monthP95), '', '', ''],
      ['  quarter only', '', ms(r.leaderboard.quarterP95), '', '', ''],
      ['/goal', ms(goal.p50), ms(goal.p95), ms(goal.p99), ms(goal.max), `${goal.ok}/${goal.accepted}/${goal.errors}`],
      ['bare Bolt ack (baseline)', ms(base.p50), ms(base.p95), ms(base.p99), ms(base.max), `${base.ok}/${base.accepted}/${base.errors}`],
      ['/leaderboard ÷ baseline', ratio(lb.p50, base.p50), ratio(lb.p95, base.p95), ratio(lb.p99, base.p99), '', ''],
      ['/goal ÷ baseline', ratio(goal.p50, base.p50), ratio(goal.p95, base.p95), ratio(goal.p99, base.p99), '', ''],
    ]),
  );
  out.push('  sample answers (ack text):');
  out.push(...Object.entries(r.samples).map(([command, text]) => `    ${command}: ${text}`));

  const plans: [string, Explained[]][] = [
    ['/leaderboard (month) · the SQL src/domain/leaderboard/leaderboard.repository.ts sends', r.plans.leaderboardMonth],
    ['/leaderboard quarter', r.plans.leaderboardQuarter],
    ['/goal: its reads of deals', r.plans.goal],
  ];
  plans.forEach(([label, explained], i) => {
    out.push(heading(`EXPLAIN (ANALYZE, BUFFERS) · ${label}`));
    if (explained.length === 0) out.push('  (no read of deals captured: the command did not run one)');
    for (const { query, plan } of explained) {
      // The SQL once (the month run); the quarter run differs only in its parameters.
      if (i === 0) out.push(...query.sql.split('\n').map((line) => `  SQL  ${line}`));
      out.push(...plan.lines.map((line) => `  ${line}`));
      out.push(`  index scan: ${plan.indexScan ? 'yes' : 'no'} (${plan.dealsScan ?? 'no scan of deals'}; heap fetches ${int(plan.heapFetches)})`);
      out.push(`  execution ${ms(plan.executionMs ?? Number.NaN)} instrumented, ${ms(plan.executionUntimedMs ?? Number.NaN)} with TIMING OFF`);
    }
  });

  out.push(heading('Per-command queries, one command at a time on a quiet server (the real core in the bench process)'));
  for (const profile of profiles) {
    out.push(
      `  /${profile.command} × ${profile.runs}: ${ms(profile.meanTotalMs)} per command, ${profile.meanQueryCount.toFixed(1)} queries taking ${ms(profile.meanQueriesMs)}` +
        ` → ${ms(profile.meanTotalMs - profile.meanQueriesMs)} in BEGIN/COMMIT + JS`,
    );
    out.push(table(profile.shapes.map((s) => [ms(s.meanMs), `×${s.perCommand.toFixed(1)}`, s.sql]), '      '));
  }

  const memory = r.memory;
  out.push(heading('Memory (from /proc/<pid>/status)'));
  out.push(
    table([
      ['', 'idle after boot', `peak of ${memory.pacer.samples} VmRSS samples`, 'VmHWM at end'],
      ['Pacer', mb(memory.pacer.idleKb), mb(memory.pacer.peakSampledKb), mb(memory.pacer.hwmKb)],
      ['bare Bolt', mb(memory.bare.idleKb), mb(memory.bare.peakSampledKb), mb(memory.bare.hwmKb)],
    ]),
  );
  out.push(`  Pacer by phase (RSS / peak so far): ${memory.pacerPhases.map((p) => `${p.phase} ${mb(p.rssKb)} / ${mb(p.hwmKb)}`).join(' → ')}`);

  out.push(heading('Targets'));
  out.push(table(r.targets.map((t) => [mark(t.pass), t.name, t.target, t.value])));
  out.push(`\n  whole run ${(r.durationMs / 1000).toFixed(0)} s; JSON copy in bench/results/latest.json\n`);
  return out.join('\n');
}

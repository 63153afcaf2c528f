import type { JobsBenchResults } from './jobs-results.ts';
import { heading, int, ms, rate, ratio, table } from './report.ts';

/** The jobs benchmark's printed report: its figures as text, beside the raw BullMQ baseline. */

const secs = (value: number): string => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
const share = (value: number): string => `${(value * 100).toFixed(0)}%`;

export function formatJobsReport(r: JobsBenchResults): string {
  const { settings: s, enqueue: e, delivery: d, pacing: p } = r;
  const out: string[] = [];
  out.push(heading(`Pacer jobs benchmark · ${r.startedAt} · ${r.machine.cpus} CPUs · Node ${r.machine.node} · PostgreSQL ${r.machine.postgres} · Redis ${r.machine.redis} · all on loopback`));
  out.push(
    `  data: ${int(r.seed.reps)} reps (${s.timezone}), ${int(r.seed.assignments)} daily training assignments due at ${r.due.local} = ${r.due.at};` +
      ` seeded in ${secs(r.seed.seedMs)} on a fresh database (migrations ${secs(r.seed.migrateMs)})`,
  );
  out.push(`  worker: Pacer's createJobRuntime on Redis (own prefix), concurrency ${s.concurrency}${s.concurrency === 8 ? ' (WORKER_CONCURRENCY default)' : ''}, PostgreSQL pool ${s.poolSize}; fake Slack allows 1 chat.postMessage per channel per ${s.postIntervalMs} ms, 429 beyond`);
  out.push(`  the bench waited ${secs(r.due.waitedMs)} for the due minute; machine busy before the run: ${share(r.machine.busyBefore)} of all cores${r.machine.busyBefore > 0.2 ? ' (NOT quiet: figures are pessimistic)' : ''}`);
  if (s.slackLatencyMs > 0) out.push(`  NOTE: PACER_BENCH_JOBS_SLACK_LATENCY_MS=${s.slackLatencyMs}: every Slack call waited that long first (an experiment, not the reference figures)`);
  if (r.due.shiftDays > 0) out.push(`  NOTE: ${r.due.localDay} is not a working day in Slovenia; the workers' clock (only the domain's "today") ran ${r.due.shiftDays} day(s) ahead so the reminders are due`);
  if (s.nonDefault) out.push('  NOTE: non-default settings (PACER_BENCH_JOBS_*): not the reference figures');
  if (s.profile) out.push('  NOTE: PACER_BENCH_JOBS_PROFILE=1: every query was timed by a kysely plugin, which adds a little to every job');

  out.push(heading(`Enqueue · ${int(s.reps)} reminders onto the queue (raw BullMQ on a prefix of its own, same run, same Redis)`));
  out.push(
    table([
      ['', 'count', 'time', 'rate', 'vs addBulk'],
      ['Pacer schedulers.reconcile() (first boot: all new)', int(e.reconcile.declared), secs(e.reconcile.ms), `${rate(e.reconcile.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.reconcile.perSecond) + ' slower'],
      ['Pacer startWorker() (its reconcile finds all unchanged)', int(e.bootReconcile.count), secs(e.bootReconcile.ms), `${rate(e.bootReconcile.perSecond)} checked`, ''],
      ['raw BullMQ upsertJobScheduler, one at a time', int(e.upsertSequential.count), secs(e.upsertSequential.ms), `${rate(e.upsertSequential.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.upsertSequential.perSecond) + ' slower'],
      [`raw BullMQ upsertJobScheduler, ${e.upsertParallel.inFlight} in flight`, int(e.upsertParallel.count), secs(e.upsertParallel.ms), `${rate(e.upsertParallel.perSecond)} schedulers`, ratio(e.addBulk.perSecond, e.upsertParallel.perSecond) + ' slower'],
      ['raw BullMQ addBulk (delayed jobs, one call) = baseline', int(e.addBulk.count), secs(e.addBulk.ms), `${rate(e.addBulk.perSecond)} jobs`, '1.0×'],
    ]),
  );
  out.push(
    `  reconcile: ${int(e.reconcile.changed)} changed, ${int(e.reconcile.removed)} removed (${int(e.reconcile.declared - s.reps)} besides the training ones);` +
      ` Pacer's reconcile ÷ raw sequential upserts: ${ratio(e.upsertSequential.perSecond, e.reconcile.perSecond)} the time;` +
      ` ${int(e.delayedAtDue)} tick jobs sat in the delayed set for the due minute`,
  );

  out.push(heading(`The due minute · ${int(d.jobs)} training.tick jobs due at once`));
  out.push(
    table([
      ['after the due instant', 'time'],
      ['all left the delayed set (due → all enqueued)', secs(d.delayedEmptyMs)],
      ['first job taken by a worker', secs(d.firstActiveMs)],
      ['all jobs taken by a worker (due → all active)', secs(d.allActiveMs)],
      ['first reminder posted', secs(d.firstPostMs)],
      ['all reminders posted', secs(d.allPostedMs)],
      ['all jobs completed', secs(d.allCompletedMs)],
    ]),
  );
  out.push(
    `  send rate: ${rate(d.rateFromDue)} posts from the due instant, ${rate(d.rateSteady)} between the first and the last post` +
      ` (each DM is its own conversation, so Slack's per-channel limit allows all of them at once)`,
  );
  out.push(`  lateness of each post vs the due instant: p50 ${secs(d.lateness.p50)}, p99 ${secs(d.lateness.p99)}, max ${secs(d.lateness.max)} (${int(d.lateness.n)} posts)`);
  out.push(
    `  per job (taken → completed): p50 ${ms(d.jobTime.p50)}, p99 ${ms(d.jobTime.p99)}, max ${ms(d.jobTime.max)};` +
      ` of which Slack calls: conversations.open mean ${ms(d.openMs.mean)}, chat.postMessage mean ${ms(d.postMs.mean)}`,
  );
  const check = d.jobPostsRows === d.jobs && d.slackPostCalls === d.jobs && d.rateLimited === 0 && d.failed === 0;
  out.push(
    `  work done: ${int(d.completed)} completed, ${int(d.failed)} failed; job_posts rows ${int(d.jobPostsRows)}; fake Slack: ${int(d.slackPostCalls)} chat.postMessage,` +
      ` ${int(d.slackOpenCalls)} conversations.open, ${int(d.rateLimited)} × 429 → ${check ? `MATCH (expected ${int(d.jobs)} / ${int(d.jobs)} / 0 × 429)` : 'MISMATCH'}`,
  );
  out.push(`  job outcomes: ${Object.entries(d.outcomes).map(([k, v]) => `${k} ×${int(v)}`).join(', ')}`);
  const cpuTotal = d.cpu.wallMs;
  out.push(
    `  CPU over the ${secs(cpuTotal)} window: this process (workers + fake Slack) ${secs(d.cpu.clientMs)} (${share(d.cpu.clientMs / cpuTotal)} of a core),` +
      ` PostgreSQL ${secs(d.cpu.postgresMs)} (${share(d.cpu.postgresMs / cpuTotal)}), Redis ${secs(d.cpu.serverMs)} (${share(d.cpu.serverMs / cpuTotal)}),` +
      ` other processes ${secs(d.cpu.otherMs)} (${share(d.cpu.otherMs / cpuTotal)}${d.cpu.otherMs / cpuTotal > 0.15 ? ': the machine was shared, figures pessimistic' : ''}); all cores busy ${share(d.cpu.machineBusy)}`,
  );
  const waitTotal = Object.values(d.waits.states).reduce((a, b) => a + b, 0);
  out.push(
    `  the workers' PostgreSQL sessions (${int(d.waits.samples)} samples, mean ${d.waits.meanBusySessions.toFixed(2)} busy of ${s.poolSize}): ` +
      Object.entries(d.waits.states).sort(([, a], [, b]) => b - a).map(([state, count]) => `${state} ${share(count / Math.max(1, waitTotal))}`).join(', '),
  );
  if (d.profile) {
    const perJob = d.profile.reduce((sum, q) => sum + q.perJob, 0);
    const msPerJob = d.profile.reduce((sum, q) => sum + q.totalMs, 0) / d.jobs;
    out.push(`  queries per job: ${perJob.toFixed(1)}, ${ms(msPerJob)} summed per job (round trip + parse; concurrent jobs overlap):`);
    out.push(table(d.profile.slice(0, 12).map((q) => [ms(q.meanMs), `×${q.perJob.toFixed(2)}`, q.sql]), '      '));
  }

  out.push(heading(`Pacing · ${p.channels} goals channels × ${p.postsPerChannel} goal updates (goals.changed jobs), all added at once`));
  out.push(
    table([
      ['channel', 'posts', '429s', 'first → last', 'rate', 'min gap', 'median gap'],
      ...p.perChannel.map((c) => [c.channel, int(c.posts), int(c.refused), secs(c.spanMs), rate(c.rate), ms(c.minGapMs), ms(c.medianGapMs)]),
    ]),
  );
  out.push(
    `  ${int(p.posted)} posts of ${int(p.jobs)} jobs (${p.failed} failed) in ${secs(p.wallMs)} → ${rate(p.aggregateRate)} over all channels;` +
      ` jobs waited for their slot as delayed jobs ${int(p.delays)} times; ${int(p.rateLimited)} × 429 (expected 0)`,
  );
  if (p.refusedGaps.n > 0) {
    out.push(
      `  the refused posts were sent ${ms(p.refusedGaps.min)} … ${ms(p.refusedGaps.max)} (median ${ms(p.refusedGaps.p50)}) after their channel's previous accepted post;` +
        ` each channel's first refusal ${ms(p.firstRefusedGaps.min)} … ${ms(p.firstRefusedGaps.max)} after it (${p.firstRefusedGaps.n} channels)`,
    );
  }
  out.push(`\n  jobs part ${(r.durationMs / 1000).toFixed(0)} s; JSON copy in bench/results/jobs-latest.json\n`);
  return out.join('\n');
}

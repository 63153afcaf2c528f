import { readdirSync, readFileSync } from 'node:fs';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { minuteOfDay } from '../../src/domain/training/training.ts';
import { holidayCalendarOf } from '../../src/domain/workspaces/workspace.holidays.ts';
import { addDays, workCalendar } from '../../src/time/calendar.ts';
import { localDay } from '../../src/time/periods.ts';
import type { FakeSlack } from '../../test/helpers/fake-slack.ts';
import type { PostRecord, WorkerTally } from './jobs-recording.ts';
import { perSecond, spread, type JobsBenchResults, type QueryShape } from './jobs-results.ts';
import type { JobsSettings } from './jobs-settings.ts';
import { sleep } from './jobs-waiting.ts';
import { cpuWindow, sampleWaits } from './observe.ts';
import { summarizeSql, type QueryCapture } from './query-capture.ts';
import { int } from './report.ts';

/** The jobs benchmark's due minute: choosing it (and the workers' clock shift to a working day), then measuring every reminder due at it being delivered. */

export interface DueMinute {
  /** The due instant, epoch ms, and as a Date. */
  dueAt: number;
  due: Date;
  /** The real local day of the due instant, and the working day the workers' clock is moved to (the same unless shifted). */
  realDay: string;
  workDay: string;
  shiftDays: number;
  shiftMs: number;
  /** The local minute of the day the reminders are due, and as hh:mm. */
  minute: number;
  localClock: string;
}

/** The next whole minute at least `leadMs` ahead, and how far the workers' clock moves to make it a working day. */
export function chooseDueMinute(leadMs: number, timezone: string): DueMinute {
  const dueAt = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const due = new Date(dueAt);
  const realDay = localDay(due, timezone);
  // Daily reminders skip weekends and Slovenian holidays. On such a day the workers' clock (only
  // what the domain reads as "today") is moved whole days ahead to the next working day; the
  // scheduler, the queue and every timing stay on real time. The report says when that happened.
  const calendar = workCalendar(holidayCalendarOf({ holiday_country: 'SI', holiday_region: null, locale: 'en' }));
  let shiftDays = 0;
  while (!calendar.isWorkingDay(addDays(realDay, shiftDays)) && shiftDays < 14) shiftDays += 1;
  const shiftMs = shiftDays * 86_400_000;
  const workDay = addDays(realDay, shiftDays);
  const minute = minuteOfDay(due, timezone);
  const localClock = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return { dueAt, due, realDay, workDay, shiftDays, shiftMs, minute, localClock };
}

/** BullMQ's delayed set scores a job `timestamp × 0x1000 + counter`. */
const delayedScore = (timestampMs: number): number => timestampMs * 0x1000;

/** Counts the jobs in the queue's delayed set due by the due minute (or within 30 s after it). */
export function delayedDueCounter(redis: Redis, queue: Queue, dueAt: number): () => Promise<number> {
  const delayedKey = queue.toKey('delayed');
  return () => redis.zcount(delayedKey, 0, delayedScore(dueAt + 30_000));
}

/** The local Redis server's pid (its CPU is read from /proc), or -1 when it runs elsewhere. */
function redisPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return -1;
}

/** Captured queries grouped by shape: how many each job sent and what they took. */
function shapes(queries: readonly { sql: string; durationMs: number }[], jobs: number): QueryShape[] {
  const byShape = new Map<string, { count: number; totalMs: number }>();
  for (const q of queries) {
    const key = summarizeSql(q.sql, 150);
    const entry = byShape.get(key) ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += q.durationMs;
    byShape.set(key, entry);
  }
  return [...byShape]
    .map(([sql, { count, totalMs }]) => ({ sql, perJob: count / jobs, meanMs: totalMs / count, totalMs }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

export interface DueMinuteRun {
  settings: JobsSettings;
  dueAt: number;
  /** Tick jobs in the delayed set once the schedulers were declared (for the progress line). */
  delayedAtDue: number;
  delayedDue: () => Promise<number>;
  /** What the worker's outbound and events record, shared with the rest of the run. */
  posts: PostRecord[];
  opens: number[];
  tally: WorkerTally;
  /** The bench database (its sessions are sampled, its job_posts counted). */
  dbUrl: string;
  dbName: string;
  db: Kysely<Database>;
  capture: QueryCapture | undefined;
  fake: FakeSlack;
  log: (line: string) => void;
}

/** Waits for the due minute, then times everything until every tick job has completed (or failed for good). */
export async function measureDueMinute(run: DueMinuteRun): Promise<{ delivery: JobsBenchResults['delivery']; waitedMs: number }> {
  const { settings: S, dueAt, delayedDue, posts, opens, tally, fake, log } = run;
  const leftMs = dueAt - Date.now();
  if (leftMs < 1_000) throw new Error(`the schedulers were declared only ${leftMs} ms before the due minute: raise PACER_BENCH_JOBS_LEAD_S`);

  log(`waiting ${(leftMs / 1000).toFixed(1)} s for the due minute (${int(run.delayedAtDue)} tick jobs delayed until then)`);
  const waitedMs = leftMs;
  await sleep(leftMs - 300);
  // performance.now() of the due instant (Date.now() is what BullMQ compares delays with).
  const duePerf = performance.now() + (dueAt - Date.now());
  const cpu = cpuWindow(redisPid());
  const waits = await sampleWaits(run.dbUrl, run.dbName, 50);
  const postsBefore = posts.length;
  // The delayed set, polled every 5 ms until every job due at M has left it.
  let delayedEmptyAt = Number.NaN;
  const poller = (async () => {
    for (;;) {
      const left = await delayedDue();
      const now = performance.now();
      if (left === 0 && now >= duePerf) {
        delayedEmptyAt = now;
        return;
      }
      if (now - duePerf > S.deliveryTimeoutMs) return;
      await sleep(5);
    }
  })();
  log('due: delivering');
  await tally.ticksFinished.wait(S.deliveryTimeoutMs);
  await poller;
  const cpuFigures = cpu.end();
  const waitFigures = await waits.stop();
  const profile = run.capture ? shapes(run.capture.take(), S.reps) : undefined;

  const { activeAt, doneAt, tickIds } = tally;
  const tickPosts = posts.slice(postsBefore);
  const okPosts = tickPosts.filter((p) => p.ok);
  const tickActive = [...tickIds].map((id) => activeAt.get(id) ?? Number.NaN);
  const tickTimes = [...tickIds].map((id) => (doneAt.get(id) ?? Number.NaN) - (activeAt.get(id) ?? Number.NaN));
  const firstPost = Math.min(...okPosts.map((p) => p.doneAt));
  const lastPost = Math.max(...okPosts.map((p) => p.doneAt));
  const jobPostsRows = Number(
    (await run.db.selectFrom('job_posts').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'training.reminder').executeTakeFirst())?.n ?? 0,
  );
  const delivery: JobsBenchResults['delivery'] = {
    jobs: S.reps,
    completed: tally.ticksDone,
    failed: tally.ticksFailed,
    outcomes: tally.outcomes,
    delayedEmptyMs: delayedEmptyAt - duePerf,
    firstActiveMs: Math.min(...tickActive) - duePerf,
    allActiveMs: Math.max(...tickActive) - duePerf,
    firstPostMs: firstPost - duePerf,
    allPostedMs: lastPost - duePerf,
    allCompletedMs: Math.max(...[...tickIds].map((id) => doneAt.get(id) ?? Number.NaN)) - duePerf,
    rateFromDue: perSecond(okPosts.length, lastPost - duePerf),
    rateSteady: perSecond(okPosts.length - 1, lastPost - firstPost),
    lateness: spread(okPosts.map((p) => p.doneAt - duePerf)),
    jobTime: spread(tickTimes),
    openMs: spread(opens),
    postMs: spread(okPosts.map((p) => p.doneAt - p.calledAt)),
    jobPostsRows,
    slackPostCalls: fake.callsTo('chat.postMessage').length,
    slackOpenCalls: fake.callsTo('conversations.open').length,
    rateLimited: fake.rateLimitedCount,
    cpu: cpuFigures,
    waits: waitFigures,
    ...(profile && { profile }),
  };
  log(`${int(okPosts.length)} reminders posted ${(delivery.allPostedMs / 1000).toFixed(1)} s after the due minute, ${delivery.rateLimited} × 429`);
  return { delivery, waitedMs };
}

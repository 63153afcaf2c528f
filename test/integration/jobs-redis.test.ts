import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from 'bullmq';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Outbound } from '../../src/bot/ports.ts';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { startFakeSlack, rateLimited, type FakeSlack } from '../helpers/fake-slack.ts';
import { completion, fakeSlackOutbound, seedTraining, testPrefix, testRuntime, TEST_REDIS_URL, type TrainingSeed } from '../helpers/jobs.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/** Monday 7 December 2026, 09:00 in Ljubljana (a working day, not a holiday). */
const MONDAY_9 = new Date('2026-12-07T08:00:00Z');

let t: TestDatabase;
let slack: FakeSlack;
let runtimes: JobRuntime[] = [];
let seed: TrainingSeed;
const clock = fixedClock(MONDAY_9);

function boot(outbound: Outbound = fakeSlackOutbound(slack), prefix = currentPrefix): JobRuntime {
  const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix }, outbound, clock, { goalChangeDelayMs: 0 });
  runtimes.push(runtime);
  return runtime;
}

let currentPrefix = testPrefix();

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  slack = await startFakeSlack();
  currentPrefix = testPrefix();
  await truncateAll(t.db);
  seed = await seedTraining(t.db, { UALICE: { timezone: 'Europe/Ljubljana' }, UBOB: { timezone: 'America/New_York' } });
  clock.set(MONDAY_9);
});
afterEach(async () => {
  vi.useRealTimers();
  for (const runtime of runtimes) {
    await runtime.queue.obliterate({ force: true }).catch(() => undefined);
    await runtime.close();
  }
  runtimes = [];
  await slack.close();
});

describe('job schedulers on Redis', () => {
  it('declares one scheduler per live assignment, the weekly posts, the monthly winners and maintenance; a second boot changes nothing', async () => {
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const b = await seed.assign('UBOB', { cadence: 'daily', minute: 8 * 60 + 30, startsOn: '2026-12-07' });
    const first = boot();
    expect(await first.schedulers.reconcile()).toEqual({ declared: 7, changed: 7, removed: 0 });
    const schedulers = await first.queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((s) => [s.key, s.name, s.pattern, s.tz]).sort()).toEqual([
      [`digest-weekly:${seed.workspaceId}`, 'digest.weekly', '0 8 * * 1', 'Europe/Ljubljana'],
      [`goals-weekly:${seed.workspaceId}`, 'goals.weekly', '0 8 * * 1', 'Europe/Ljubljana'],
      ['maintenance', 'maintenance', '30 3 * * *', 'UTC'],
      [`training:${a}`, 'training.tick', '0 9 * * 1', 'Europe/Ljubljana'],
      [`training:${b}`, 'training.tick', '30 8 * * *', 'America/New_York'],
      [`what-works:${seed.workspaceId}`, 'whatworks.weekly', '0 15 * * 5', 'Europe/Ljubljana'],
      [`winners:${seed.workspaceId}`, 'recognition.winners', '0 9 1-7 * *', 'Europe/Ljubljana'],
    ]);
    const delayed = (await first.queue.getDelayed()).map((j) => j.id).sort();
    await first.close();

    const second = boot();
    expect(await second.schedulers.reconcile()).toEqual({ declared: 7, changed: 0, removed: 0 });
    expect((await second.queue.getDelayed()).map((j) => j.id).sort()).toEqual(delayed);
    expect(await second.queue.getJobSchedulersCount()).toBe(7);
  });

  it('follows an assignment: changed schedule upserted, ended assignment removed (and reconcile removes strays)', async () => {
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const runtime = boot();
    await runtime.schedulers.reconcile();
    await t.db.updateTable('training_assignments').set({ weekday: 3 }).where('id', '=', a).execute();
    await runtime.schedulers.syncAssignments([a]);
    expect((await runtime.queue.getJobScheduler(`training:${a}`))?.pattern).toBe('0 9 * * 3');
    await t.db.updateTable('training_assignments').set({ ended_at: new Date() }).where('id', '=', a).execute();
    await runtime.schedulers.syncAssignments([a]);
    expect(await runtime.queue.getJobScheduler(`training:${a}`)).toBeUndefined();

    await runtime.queue.upsertJobScheduler('training:999999', { pattern: '0 9 * * *' }, { name: 'training.tick', data: { assignmentId: 999999 } });
    await runtime.queue.upsertJobScheduler('someone-elses', { pattern: '0 9 * * *' }, { name: 'other', data: {} });
    expect((await runtime.schedulers.reconcile()).removed).toBe(1);
    expect(await runtime.queue.getJobScheduler('training:999999')).toBeUndefined();
    expect(await runtime.queue.getJobScheduler('someone-elses')).toBeDefined();
  });

  it('a reminder due at 09:00 Europe/Ljubljana fires at 08:00 UTC in winter and 07:00 UTC in summer', async () => {
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-01-01' });
    const runtime = boot();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-06T12:00:00Z'));
    await runtime.schedulers.syncAssignments([a]);
    expect(new Date((await runtime.queue.getJobScheduler(`training:${a}`))?.next ?? 0).toISOString()).toBe('2027-01-11T08:00:00.000Z');
    await runtime.schedulers.remove(`training:${a}`);
    vi.setSystemTime(new Date('2027-07-06T12:00:00Z'));
    await runtime.schedulers.syncAssignments([a]);
    expect(new Date((await runtime.queue.getJobScheduler(`training:${a}`))?.next ?? 0).toISOString()).toBe('2027-07-12T07:00:00.000Z');
  });
});

describe('reminders on Redis', () => {
  it('DMs the rep with a Done button once, however many times the job runs (two workers, same occurrence)', async () => {
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const one = boot();
    const two = boot();
    await one.startWorker();
    await two.startWorker();
    const jobs = await Promise.all([one.add('training.tick', { assignmentId: a }), two.add('training.tick', { assignmentId: a })]);
    const results = await vi.waitFor(async () => {
      const finished = await Promise.all(jobs.map(async (job) => (await one.queue.getJob(job.id ?? ''))?.returnvalue as unknown));
      expect(finished.every((r) => r !== undefined && r !== null)).toBe(true);
      return finished;
    }, { timeout: 10_000 });
    expect(results.sort()).toEqual(['duplicate', 'posted']);
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'DALICE');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.body.blocks)).toContain('training.done');
    expect(JSON.stringify(posts[0]?.body.blocks)).toContain('Negotiation 101');
    const recorded = await t.db.selectFrom('job_posts').selectAll().execute();
    expect(recorded.map((r) => [r.kind, r.recipient, r.period, r.conversation_id])).toEqual([['training.reminder', `member:${seed.members.UALICE}`, `${a}:2026-12-07`, 'DALICE']]);
  });

  it('a 429 with Retry-After: 7 delays that job at least 7 s while other channels go on', async () => {
    const a = await seed.assign('UALICE', { cadence: 'daily', startsOn: '2026-12-07' });
    const b = await seed.assign('UBOB', { cadence: 'daily', startsOn: '2026-12-07', minute: 3 * 60 });
    clock.set(new Date('2026-12-07T08:00:00Z')); // 09:00 for Alice, 03:00 for Bob in New York: both due
    let refused = 0;
    let refusedAt = 0;
    slack.override('chat.postMessage', (body) => {
      if (body.channel === 'DALICE' && refused === 0) {
        refused += 1;
        refusedAt = Date.now();
        return rateLimited(7);
      }
      return { ok: true, channel: body.channel, ts: `${Date.now()}.0001` };
    });
    try {
      const runtime = boot();
      const worker = await runtime.startWorker();
      const bobDone = completion(worker, (job) => job.name === 'training.tick' && (job.data as { assignmentId: number }).assignmentId === b);
      const alice = await runtime.add('training.tick', { assignmentId: a });
      await runtime.add('training.tick', { assignmentId: b });
      await bobDone;
      let delayed: Job | undefined;
      await vi.waitFor(async () => {
        delayed = await runtime.queue.getJob(alice.id ?? '');
        expect(await delayed?.getState()).toBe('delayed');
      });
      expect(refused).toBe(1);
      // Delayed until 7 s after Slack refused it: the moment it was moved to (kept with the job) and BullMQ's own delay.
      expect((delayed?.data as { slotAt?: number }).slotAt).toBeGreaterThanOrEqual(refusedAt + 7_000);
      // BullMQ's own delay counts from when the job was moved, a little after the refusal (more on a busy machine).
      expect(delayed?.delay).toBeGreaterThan(5_000);
      const held = await t.db.selectFrom('send_slots').select('quiet_until').where('conversation_key', '=', 'slack:T1:DALICE').executeTakeFirstOrThrow();
      expect(held.quiet_until?.getTime()).toBeGreaterThanOrEqual(refusedAt + 7_000);
      expect(slack.callsTo('chat.postMessage').map((c) => c.body.channel).sort()).toEqual(['DALICE', 'DBOB']);
      expect(await t.db.selectFrom('job_posts').select('recipient').execute()).toEqual([{ recipient: `member:${seed.members.UBOB}` }]);
    } finally {
      slack.override('chat.postMessage', undefined);
    }
  });

  it('close() during a job lets it finish: nothing lost, posted once', async () => {
    const a = await seed.assign('UALICE', { cadence: 'daily', startsOn: '2026-12-07' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => { entered = resolve; });
    const real = fakeSlackOutbound(slack);
    const slow: Outbound = { ...real, async post(to, message) { entered(); await gate; return real.post(to, message); } };
    const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: currentPrefix }, slow, clock);
    const worker = await runtime.startWorker();
    const done = completion(worker);
    await runtime.add('training.tick', { assignmentId: a });
    await inFlight;
    let closed = false;
    const closing = runtime.close().then(() => { closed = true; });
    expect(closed).toBe(false);
    release();
    await Promise.all([done, closing]);
    expect(await t.db.selectFrom('job_posts').select('kind').execute()).toEqual([{ kind: 'training.reminder' }]);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'DALICE')).toHaveLength(1);
    const after = boot();
    expect(await after.queue.getJobCounts('waiting', 'active', 'failed', 'completed')).toEqual({ waiting: 0, active: 0, failed: 0, completed: 1 });
  });

  it('moves a reminder off an out-of-office day to the next working day at the same local time, once', async () => {
    await t.db.updateTable('members').set({ away_until: '2026-12-07' }).where('id', '=', seed.members.UALICE ?? 0).execute();
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const runtime = boot();
    const worker = await runtime.startWorker();
    for (let i = 0; i < 2; i++) {
      const done = completion(worker, (job) => job.name === 'training.tick');
      await runtime.add('training.tick', { assignmentId: a });
      expect((await done).result).toBe('moved to 2026-12-08T08:00:00.000Z');
    }
    const moved = (await runtime.queue.getDelayed()).filter((job) => job.name === 'training.remind');
    expect(moved.map((job) => [job.id, job.data])).toEqual([[`remind:${a}:2026-12-07`, { assignmentId: a, nominal: '2026-12-07' }]]);
    expect(Math.abs((moved[0]?.timestamp ?? 0) + (moved[0]?.delay ?? 0) - Date.parse('2026-12-08T08:00:00Z'))).toBeLessThan(5_000);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    // On Tuesday at 09:00 it arrives, for Monday's occurrence.
    clock.set(new Date('2026-12-08T08:00:00Z'));
    const done = completion(worker, (job) => job.name === 'training.remind');
    await moved[0]?.promote();
    expect((await done).result).toBe('posted');
    expect(await t.db.selectFrom('job_posts').select('period').execute()).toEqual([{ period: `${a}:2026-12-07` }]);
  });

  it('paces posts into one conversation to Slack\'s one per second: the second waits as a delayed job, no 429', async () => {
    await slack.close();
    slack = await startFakeSlack({ postIntervalMs: 1_000 });
    const a = await seed.assign('UALICE', { cadence: 'daily', startsOn: '2026-12-07' });
    // A second module for the same rep: two reminders into one DM at the same minute.
    const other = await t.db.insertInto('training_modules').values({ workspace_id: seed.workspaceId, name: 'Discovery calls', url: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
    const second = await t.db.insertInto('training_assignments').values({
      workspace_id: seed.workspaceId, module_id: other.id,
      member_id: seed.members.UALICE ?? 0, team_id: null, cadence: 'daily', every_weeks: null, weekday: null, due_on: null, remind_at_minute: 540,
      starts_on: '2026-12-07', ended_at: null, assigned_by: null,
    }).returning('id').executeTakeFirstOrThrow();
    const runtime = boot();
    const worker = await runtime.startWorker();
    const posted: number[] = [];
    worker.on('completed', (_job, result) => { if (result === 'posted') posted.push(performance.now()); });
    const both = Promise.all([completion(worker, (job) => (job.data as { assignmentId: number }).assignmentId === a), completion(worker, (job) => (job.data as { assignmentId: number }).assignmentId === second.id)]);
    await runtime.add('training.tick', { assignmentId: a });
    await runtime.add('training.tick', { assignmentId: second.id });
    await both;
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.rateLimitedCount).toBe(0);
    expect(Math.abs((posted[1] ?? 0) - (posted[0] ?? 0))).toBeGreaterThanOrEqual(900);
  });

  it('a cycle done by command updates its reminder in place, as the button would', async () => {
    const a = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const runtime = boot();
    const worker = await runtime.startWorker();
    let done = completion(worker, (job) => job.name === 'training.tick');
    await runtime.add('training.tick', { assignmentId: a });
    await done;
    const [posted] = slack.callsTo('chat.postMessage');
    await t.db.insertInto('training_completions').values({ assignment_id: a, cycle_start: '2026-12-07', completed_at: new Date('2026-12-08T10:00:00Z'), completed_by: seed.members.UALICE ?? 0 }).execute();
    done = completion(worker, (job) => job.name === 'training.completed');
    await runtime.add('training.completed', { assignmentId: a, cycleStart: '2026-12-07' });
    expect((await done).result).toBe('updated 1');
    const [update] = slack.callsTo('chat.update');
    expect(update?.body.channel).toBe('DALICE');
    expect(update?.body.ts).toBe((await t.db.selectFrom('job_posts').select('message_id').executeTakeFirstOrThrow()).message_id);
    expect(String(update?.body.text)).toContain('Done');
    expect(JSON.stringify(update?.body.blocks)).not.toContain('training.done');
    expect(JSON.stringify(posted?.body.blocks)).toContain('training.done');
  });

  it('fails at once, without retries, what a retry cannot fix (the DM cannot be opened: the user is gone)', async () => {
    const a = await seed.assign('UALICE', { cadence: 'daily', startsOn: '2026-12-07' });
    slack.override('conversations.open', () => ({ ok: false, error: 'user_not_found' }));
    const runtime = boot();
    const worker = await runtime.startWorker();
    const failed = completion(worker, (job) => job.name === 'training.tick');
    const job = await runtime.add('training.tick', { assignmentId: a });
    await expect(failed).rejects.toThrow('user_not_found');
    const after = await runtime.queue.getJob(job.id ?? '');
    expect(await after?.getState()).toBe('failed');
    expect(after?.attemptsMade).toBe(1);
    expect(await t.db.selectFrom('job_posts').select('id').execute()).toEqual([]);
  });
});

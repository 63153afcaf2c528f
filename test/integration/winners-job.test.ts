import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../helpers/fake-slack.ts';
import { completion, fakeSlackOutbound, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * The monthly top performers on real Redis, PostgreSQL and a fake Slack: the job on 1 December
 * announces November to each team's channel once, records the incentives earned once, survives a
 * restart without posting again, pages a big team into the thread, and does nothing the day after.
 * The workspace is in Europe/Ljubljana; 1 December 2026 is a Tuesday.
 */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMIA', 'Mia'),
  ...['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Wanda', 'Walt', 'Nina'].map((name) => person(`U${name.toUpperCase()}`, name)),
];
/** Tuesday 1 December 2026, 09:00 in Ljubljana: when the scheduler ('0 9 1-7 * *') fires. */
const DEC_1_9 = new Date('2026-12-01T08:00:00Z');
/** Monday 2 November 2026, 10:00 in Ljubljana: goals and incentives are set in November. */
const NOV_2 = new Date('2026-11-02T09:00:00Z');

let t: TestDatabase;
let slack: FakeSlack;
let tc: TestCore;
let runtimes: JobRuntime[] = [];
let prefix: string;
let workspaceId: number;

/** A runtime on this test's queue: a second call is another process starting on the same Redis. */
function boot(): JobRuntime {
  const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix }, fakeSlackOutbound(slack), tc.clock);
  runtimes.push(runtime);
  return runtime;
}

async function run(userId: string, command: string, text: string, expected: RegExp): Promise<void> {
  const reply = await tc.say(userId, command, text);
  if (!expected.test(reply)) throw new Error(`/${command} ${text}: ${reply}`);
}

const memberId = async (userId: string): Promise<number> => (await t.db.selectFrom('members').select('id').where('external_id', '=', userId).executeTakeFirstOrThrow()).id;

/** A won deal straight into the table, in the rep's team. */
async function deal(memberOrUser: number | string, euros: number, at: string): Promise<void> {
  const id = typeof memberOrUser === 'number' ? memberOrUser : await memberId(memberOrUser);
  const member = await t.db.selectFrom('members').select(['team_id']).where('id', '=', id).executeTakeFirstOrThrow();
  const occurred = new Date(at);
  await t.db.insertInto('deals').values({
    workspace_id: workspaceId, number: sql<number>`next_deal_number(${workspaceId}::integer)`, member_id: id, team_id: member.team_id, customer: 'Globex', product: null, amount_minor: BigInt(Math.round(euros * 100)),
    currency: 'EUR', stage: 'won', loss_reason: null, occurred_at: occurred, won_at: occurred, delivered_at: null, serviced_at: null, lost_at: null,
  }).execute();
}

/** A month's revenue goal straight into the table. */
async function goal(id: number, start: string, end: string, euros: number): Promise<void> {
  await t.db.insertInto('goals').values({
    workspace_id: workspaceId, scope: 'rep', member_id: id, team_id: null, subject_key: `rep:${id}`, period: 'month', period_start: start, period_end: end,
    target: BigInt(euros * 100), currency: 'EUR', created_by: null,
  }).execute();
}

const awardCount = async (): Promise<number> => Number((await t.db.selectFrom('incentive_awards').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const posts = (): FakeSlackCall[] => slack.callsTo('chat.postMessage');
const textOf = (call: FakeSlackCall | undefined): string => String(call?.body.text);

/** Runs the winners job once on a worker and returns its outcome. */
async function winnersJob(runtime: JobRuntime, worker: Worker): Promise<unknown> {
  const done = completion(worker, (job) => job.name === 'recognition.winners');
  await runtime.add('recognition.winners', { workspaceId });
  return (await done).result;
}

/**
 * Three teams and their channels: East has a recognition channel of its own, West only a goals
 * channel, North neither (the workspace's goals channel). Goals and incentives are set on 2 November.
 *   East: Alice €13,200 of €10,000 (and met September and October), Eve 10 of 8 deals, Bob €11,000 of
 *         €10,000, Carol €10,000 of €10,000, Dan €5,000 of €10,000.
 *   West: Wanda €6,000 of €5,000, Walt €1,000 of €5,000.   North: Nina €4,000 of €5,000.
 * Incentives: "Day off" at 100%, a €500 bonus at 120%, "Team trip" for the top rep.
 */
async function seed(): Promise<void> {
  tc.clock.set(NOV_2);
  await run('UADMIN', 'pacer', 'config timezone Europe/Ljubljana', /Europe\/Ljubljana/);
  await run('UADMIN', 'pacer', 'role <@UMIA> manager', /manager/);
  for (const team of ['East', 'West', 'North']) await run('UADMIN', 'pacer', `team create ${team}`, /created/);
  const teams: [string, string][] = [['UALICE', 'East'], ['UBOB', 'East'], ['UCAROL', 'East'], ['UDAN', 'East'], ['UEVE', 'East'], ['UWANDA', 'West'], ['UWALT', 'West'], ['UNINA', 'North']];
  for (const [user, team] of teams) await run('UADMIN', 'pacer', `team add <@${user}> ${team}`, /is now in team/);
  await run('UADMIN', 'pacer', 'config channel recognition <#CEASTWINS> team East', /CEASTWINS|East/);
  await run('UADMIN', 'pacer', 'config channel goals <#CEASTGOALS> team East', /CEASTGOALS|East/);
  await run('UADMIN', 'pacer', 'config channel goals <#CWEST> team West', /CWEST|West/);
  await run('UADMIN', 'pacer', 'config channel goals <#CSALES>', /CSALES/);
  const goals: [string, string][] = [['UALICE', '10000'], ['UBOB', '10000'], ['UCAROL', '10000'], ['UDAN', '10000'], ['UEVE', '8 deals'], ['UWANDA', '5000'], ['UWALT', '5000'], ['UNINA', '5000']];
  for (const [user, target] of goals) await run('UMIA', 'goal', `set <@${user}> ${target} month`, /^Goal set/);
  await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%', /^Offered/);
  await run('UADMIN', 'pacer', 'incentive add bonus 500 for 120%', /^Offered/);
  await run('UADMIN', 'pacer', 'incentive add travel "Team trip" for top-1', /^Offered/);
  workspaceId = (await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;

  const alice = await memberId('UALICE');
  await goal(alice, '2026-09-01', '2026-10-01', 5_000);
  await goal(alice, '2026-10-01', '2026-11-01', 5_000);
  await deal(alice, 5_000, '2026-09-10T10:00:00Z');
  await deal(alice, 6_000, '2026-10-10T10:00:00Z');
  await deal('UALICE', 13_200, '2026-11-10T10:00:00Z');
  for (let i = 0; i < 10; i++) await deal('UEVE', 100, `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00Z`);
  await deal('UBOB', 11_000, '2026-11-12T10:00:00Z');
  await deal('UCAROL', 10_000, '2026-11-30T22:59:00Z');
  await deal('UDAN', 5_000, '2026-11-13T10:00:00Z');
  await deal('UWANDA', 6_000, '2026-11-13T10:00:00Z');
  await deal('UWALT', 1_000, '2026-11-13T10:00:00Z');
  await deal('UNINA', 4_000, '2026-11-13T10:00:00Z');
  // December's first deal: not November's.
  await deal('UNINA', 9_000, '2026-11-30T23:30:00Z');
  tc.clock.set(DEC_1_9);
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  slack = await startFakeSlack();
  prefix = testPrefix();
  tc = createTestCore(t.db, PEOPLE, { at: NOV_2, effects: (effects) => runtimes[0]?.effects(effects) ?? Promise.resolve() });
  await seed();
});
afterEach(async () => {
  for (const runtime of runtimes) {
    await runtime.queue.obliterate({ force: true }).catch(() => undefined);
    await runtime.close();
  }
  runtimes = [];
  await slack.close();
});

describe('the winners job', () => {
  it('on the month’s first working day posts each team’s November once, to its channel, and records what was earned', async () => {
    const runtime = boot();
    const worker = await runtime.startWorker();
    expect(await winnersJob(runtime, worker)).toBe('2026-11 East: posted, 2026-11 North: posted, 2026-11 West: posted');
    // East to its recognition channel (not its goals channel), West to its goals channel, North to the workspace's.
    expect(posts().map((c) => [c.body.channel, textOf(c).split('\n')[0]])).toEqual([
      ['CEASTWINS', '🏆 Top performers · November 2026 · East'],
      ['CSALES', '🏆 Top performers · November 2026 · North'],
      ['CWEST', '🏆 Top performers · November 2026 · West'],
    ]);
    expect(posts().every((c) => c.body.thread_ts === undefined)).toBe(true);

    expect(textOf(posts()[0])).toBe([
      '🏆 Top performers · November 2026 · East',
      'By share of goal:',
      '🥇 Alice · 132% of €10,000',
      '🥈 Eve · 125% of 8 deals',
      '🥉 Bob · 110% of €10,000',
      'Ranked by share of goal, not revenue, so every territory can win. See what you earned: /recognition',
      '',
      'Met or beat their goal: 4 of 5 reps',
      'Rep    Goal             Streak              Earned',
      'Alice  132% of €10,000  3rd month in a row  Day off, Bonus €500, Team trip',
      'Eve    125% of 8 deals  —                   Day off, Bonus €500',
      'Bob    110% of €10,000  —                   Day off',
      'Carol  100% of €10,000  —                   Day off',
    ].join('\n'));
    // Nobody met their goal in North: the closest is named with what she earned, no table.
    expect(textOf(posts()[1])).toBe([
      '🏆 Top performers · November 2026 · North',
      'Nobody reached their goal in November 2026. Closest by share of goal:',
      '🥇 Nina · 80% of €5,000 · Team trip',
      'Ranked by share of goal, not revenue, so every territory can win. See what you earned: /recognition',
    ].join('\n'));

    const awards = await t.db.selectFrom('incentive_awards as a').innerJoin('incentives as i', 'i.id', 'a.incentive_id').innerJoin('members as m', 'm.id', 'a.member_id')
      .select(['i.name', 'm.display_name', 'a.period', 'a.period_start']).orderBy('i.id').orderBy('m.display_name').execute();
    expect(awards.map((a) => `${a.name}: ${a.display_name} ${a.period} ${a.period_start}`)).toEqual([
      'Day off: Alice month 2026-11-01',
      'Day off: Bob month 2026-11-01',
      'Day off: Carol month 2026-11-01',
      'Day off: Eve month 2026-11-01',
      'Day off: Wanda month 2026-11-01',
      'Bonus: Alice month 2026-11-01',
      'Bonus: Eve month 2026-11-01',
      'Bonus: Wanda month 2026-11-01',
      'Team trip: Alice month 2026-11-01',
      'Team trip: Nina month 2026-11-01',
      'Team trip: Wanda month 2026-11-01',
    ]);
    const keys = await t.db.selectFrom('job_posts').select(['kind', 'recipient', 'period', 'conversation_id']).orderBy('id').execute();
    const team = async (name: string): Promise<number> => (await t.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    expect(keys).toEqual([
      { kind: 'recognition.winners', recipient: `team:${await team('East')}:channel:CEASTWINS`, period: '2026-11', conversation_id: 'CEASTWINS' },
      { kind: 'recognition.winners', recipient: `team:${await team('North')}:channel:CSALES`, period: '2026-11', conversation_id: 'CSALES' },
      { kind: 'recognition.winners', recipient: `team:${await team('West')}:channel:CWEST`, period: '2026-11', conversation_id: 'CWEST' },
    ]);
  });

  it('posts nothing more and records nothing twice when it runs again, or after a restart', async () => {
    const first = boot();
    const worker = await first.startWorker();
    await winnersJob(first, worker);
    expect(posts()).toHaveLength(3);
    const awards = await t.db.selectFrom('incentive_awards').selectAll().orderBy('id').execute();
    expect(awards).toHaveLength(11);

    expect(await winnersJob(first, worker)).toBe('2026-11 East: duplicate, 2026-11 North: duplicate, 2026-11 West: duplicate');
    await first.close();

    // Another process on the same queue and database, as after a deploy.
    const second = boot();
    const secondWorker = await second.startWorker();
    expect(await winnersJob(second, secondWorker)).toBe('2026-11 East: duplicate, 2026-11 North: duplicate, 2026-11 West: duplicate');
    expect(posts()).toHaveLength(3);
    expect(await t.db.selectFrom('incentive_awards').selectAll().orderBy('id').execute()).toEqual(awards);
    expect(await t.db.selectFrom('job_posts').select('id').execute()).toHaveLength(3);
  });

  it('does nothing on the other days of the month', async () => {
    const runtime = boot();
    const worker = await runtime.startWorker();
    for (const at of ['2026-12-02T08:00:00Z', '2026-12-07T08:00:00Z', '2026-11-30T08:00:00Z']) {
      tc.clock.set(new Date(at));
      expect(await winnersJob(runtime, worker)).toBe('not a first working day');
    }
    expect(posts()).toEqual([]);
    expect(await awardCount()).toBe(0);
    expect(await t.db.selectFrom('job_posts').select('id').execute()).toEqual([]);
  });

  it('pages a 30-rep team: the head in the channel, every rep in two pages in its thread', async () => {
    const big = (await t.db.insertInto('teams').values({ workspace_id: workspaceId, name: 'Big' }).returning('id').executeTakeFirstOrThrow()).id;
    await run('UADMIN', 'pacer', 'config channel recognition <#CBIG> team Big', /CBIG|Big/);
    const reps = await t.db.insertInto('members').values(Array.from({ length: 30 }, (_, i) => ({
      workspace_id: workspaceId, external_id: `UREP${i}`, display_name: `Rep ${String(i + 1).padStart(2, '0')}`, timezone: null, locale: null, team_id: big, profile_synced_at: null,
    }))).returning('id').execute();
    for (const [i, { id }] of reps.entries()) {
      await goal(id, '2026-11-01', '2026-12-01', 1_000);
      await deal(id, 1_000 + 10 * (30 - i), '2026-11-20T10:00:00Z');
    }
    tc.clock.set(DEC_1_9);
    const runtime = boot();
    const worker = await runtime.startWorker();
    // The head and two pages go into one channel a second apart: the job waits for its slots as a
    // delayed job and runs again, finding what it already posted.
    const outcome = await winnersJob(runtime, worker);
    expect(outcome).toContain('2026-11 Big: duplicate');
    const inBig = posts().filter((c) => c.body.channel === 'CBIG');
    expect(inBig.map((c) => (c.body.thread_ts === undefined ? 'head' : 'page'))).toEqual(['head', 'page', 'page']);
    const headTs = (await t.db.selectFrom('job_posts').select('message_id').where('recipient', 'like', `team:${big}:%`).where('period', '=', '2026-11').executeTakeFirstOrThrow()).message_id;
    expect(inBig.slice(1).map((c) => c.body.thread_ts)).toEqual([headTs, headTs]);

    const head = textOf(inBig[0]);
    expect(head).toContain('🏆 Top performers · November 2026 · Big');
    expect(head).toContain('🥇 Rep 01 · 130% of €1,000\n🥈 Rep 02 · 129% of €1,000\n🥉 Rep 03 · 128% of €1,000');
    expect(head).toContain('Met or beat their goal: 30 of 30 reps');
    expect(head).toContain('Everyone who met their goal is in the thread (30 reps).');
    expect(head).not.toContain('Rep 04');
    const [page1, page2] = inBig.slice(1).map(textOf);
    expect(page1?.split('\n')[0]).toBe('Met their goal · 1–25 of 30');
    expect(page2?.split('\n')[0]).toBe('Met their goal · 26–30 of 30');
    const names = [page1, page2].flatMap((p) => [...(p ?? '').matchAll(/^Rep \d\d/gm)].map((m) => m[0]));
    expect(names).toEqual(Array.from({ length: 30 }, (_, i) => `Rep ${String(i + 1).padStart(2, '0')}`));

    // Once more: nothing new in the channel or its thread.
    const before = posts().length;
    expect(await winnersJob(runtime, worker)).toContain('2026-11 Big: duplicate');
    expect(posts()).toHaveLength(before);
    expect(await t.db.selectFrom('job_posts').select('period').where('recipient', 'like', `team:${big}:%`).orderBy('period').execute()).toEqual([
      { period: '2026-11' }, { period: '2026-11:page:1' }, { period: '2026-11:page:2' },
    ]);
  });
});

describe('/pacer preview winners', () => {
  it('sends an admin each team’s month so far in a direct message, recording no awards', async () => {
    tc.clock.set(new Date('2026-11-25T10:00:00Z'));
    const runtime = boot();
    const worker = await runtime.startWorker();
    const done = completion(worker, (job) => job.name === 'preview');
    await tc.say('UADMIN', 'pacer', 'preview winners');
    await done;
    const dms = posts();
    expect(dms.every((c) => c.body.channel === 'DADMIN')).toBe(true);
    // Heads only, one per team.
    expect(dms.map((c) => textOf(c).split('\n')[0])).toEqual([
      '🏆 Top performers · November 2026 · East',
      '🏆 Top performers · November 2026 · North',
      '🏆 Top performers · November 2026 · West',
    ]);
    expect(textOf(dms[0])).toContain('Met or beat their goal: 4 of 5 reps');
    expect(textOf(dms[0])).toContain('Alice  132% of €10,000  3rd month in a row  Day off, Bonus €500, Team trip');
    expect(await awardCount()).toBe(0);
    expect(await t.db.selectFrom('job_posts').select('kind').where('kind', '=', 'recognition.winners').execute()).toEqual([]);
  });

  it("prefers a team's own channel to the workspace's recognition channel, and says nothing for a team with nothing won", async () => {
    await run('UADMIN', 'pacer', 'config channel recognition <#CWINS>', /CWINS/);
    await run('UADMIN', 'pacer', 'team create Quiet', /created/);
    await run('UADMIN', 'pacer', 'team add <@UMIA> Quiet', /is now in team/);
    await goal(await memberId('UMIA'), '2026-11-01', '2026-12-01', 5_000);
    const runtime = boot();
    const worker = await runtime.startWorker();
    expect(await winnersJob(runtime, worker)).toBe('2026-11 East: posted, 2026-11 North: posted, 2026-11 West: posted');
    // West keeps its own goals channel; North, with none of its own, gets the workspace's recognition channel.
    expect(posts().map((c) => [c.body.channel, textOf(c).split('\n')[0]])).toEqual([
      ['CEASTWINS', '🏆 Top performers · November 2026 · East'],
      ['CWINS', '🏆 Top performers · November 2026 · North'],
      ['CWEST', '🏆 Top performers · November 2026 · West'],
    ]);
  });

  // A month with nothing won against a goal yet (December on its first day, when an admin is likeliest
  // to try it): the admin still hears, rather than waiting for a DM that never comes.
  it('tells the admin when the month so far has nothing to announce', async () => {
    const runtime = boot();
    const worker = await runtime.startWorker();
    const done = completion(worker, (job) => job.name === 'preview');
    await tc.say('UADMIN', 'pacer', 'preview winners');
    await done;
    expect(posts().map((c) => c.body.channel)).toEqual(['DADMIN']);
    expect(textOf(posts()[0])).toBe('🏆 Top performers · December 2026 (preview)\nNothing to announce for December 2026 yet: no rep with a goal has won anything. Goals are set with /goal set @alice 50000 month.');
  });

  it('is for admins only: a manager or a rep is refused and nothing is sent', async () => {
    const runtime = boot();
    await runtime.startWorker();
    expect(await tc.say('UMIA', 'pacer', 'preview winners')).toBe('Only admins can do that.');
    expect(await tc.say('UALICE', 'pacer', 'preview winners')).toBe('Only admins can do that.');
    // Only the schedulers' next runs are queued: no preview.
    expect((await runtime.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((job) => job.name === 'preview')).toEqual([]);
    expect(posts()).toEqual([]);
    expect(await awardCount()).toBe(0);
  });

  // Each preview's reply has its own words (unit-tested for every post in both languages).
  it('tells the admin the preview is on its way, in words', async () => {
    boot();
    const reply = await tc.say('UADMIN', 'pacer', 'preview winners');
    expect(reply).toBe("Sending you this month's top performers so far, as each team would see them, in a direct message. Nothing is recorded.\nIt shows what the channel would get now; nothing is posted there.");
  });
});

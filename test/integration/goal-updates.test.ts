import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { person, createTestCore, type TestCore } from '../helpers/core.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { completion, fakeSlackOutbound, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * Goal updates: Monday's post and the post after a change, to the goals channels admins chose, with
 * the real core, the real queue on Redis and a fake Slack.
 */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMIA', 'Mia'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
];

let t: TestDatabase;
let slack: FakeSlack;
let tc: TestCore;
let runtime: JobRuntime;

const text = (call: { body: Record<string, unknown> }): string => String(call.body.text);

async function boot(goalChangeDelayMs: number): Promise<void> {
  tc = createTestCore(t.db, PEOPLE, { at: new Date('2026-12-07T07:30:00Z'), effects: (effects) => runtime.effects(effects) });
  runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, fakeSlackOutbound(slack), tc.clock, { goalChangeDelayMs });
  const say = async (user: string, command: string, line: string): Promise<void> => {
    const reply = await tc.say(user, command, line);
    if (/not|can't|cannot|error/i.test(reply) && !/Goal updates now go/.test(reply)) throw new Error(`${command} ${line}: ${reply}`);
  };
  await say('UADMIN', 'pacer', 'role <@UMIA> manager');
  await say('UADMIN', 'pacer', 'team create East');
  await say('UADMIN', 'pacer', 'team add <@UALICE> East');
  await say('UADMIN', 'pacer', 'config channel goals <#CSALES>');
  await say('UADMIN', 'pacer', 'config channel goals <#CEAST> team East');
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  slack = await startFakeSlack();
});
afterEach(async () => {
  await runtime.queue.obliterate({ force: true });
  await runtime.close();
  await slack.close();
});

describe('goal updates', () => {
  it('Monday: each goals channel gets its own goals with progress, pace and projection, once per week', async () => {
    await boot(60_000);
    await tc.say('UMIA', 'goal', 'set company 1M year');
    await tc.say('UMIA', 'goal', 'set team East 250000 quarter');
    await tc.say('UMIA', 'goal', 'set <@UALICE> 50000 month');
    await tc.say('UMIA', 'goal', 'set <@UBOB> 30000 month');
    await tc.say('UALICE', 'deal', '12500 Initech');
    const worker = await runtime.startWorker();
    const workspaceId = (await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;

    let done = completion(worker, (job) => job.name === 'goals.weekly');
    await runtime.add('goals.weekly', { workspaceId });
    expect((await done).result).toBe('CSALES: posted, CEAST: posted');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.body.channel)).toEqual(['CSALES', 'CEAST']);
    const [sales, east] = posts.map(text);
    expect(sales).toContain('Goal update · Mon, Dec 7');
    expect(sales).toContain('€12,500 of €1,000,000 this year — behind pace');
    expect(sales).toContain('Projected');
    expect(sales).toContain('Not in a team');
    expect(sales).toContain('Bob');
    expect(sales).not.toContain('Alice');
    expect(east).toContain('Team East');
    expect(east).toContain('€12,500 of €250,000 this quarter');
    expect(east).toContain('Alice');
    expect(east).toContain('€12,500 of €50,000 this month');
    expect(east).not.toContain('Bob');

    done = completion(worker, (job) => job.name === 'goals.weekly');
    await runtime.add('goals.weekly', { workspaceId });
    expect((await done).result).toBe('CSALES: duplicate, CEAST: duplicate');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a burst of goal changes posts once, after the last, only to the changed goal\'s channel', async () => {
    await boot(400);
    const worker = await runtime.startWorker();
    const done = completion(worker, (job) => job.name === 'goals.changed');
    await tc.say('UMIA', 'goal', 'set <@UALICE> 50000 month');
    await tc.say('UMIA', 'goal', 'set <@UALICE> 60000 month');
    await tc.say('UMIA', 'goal', 'set team East 250000 quarter');
    await done;
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.body.channel)).toEqual(['CEAST']);
    expect(text(posts[0] ?? { body: {} })).toContain('€0 of €60,000 this month');
    expect(await runtime.queue.getJobCounts('waiting', 'delayed', 'active')).toMatchObject({ waiting: 0, active: 0 });
    expect((await runtime.queue.getDelayed()).filter((job) => job.name === 'goals.changed')).toEqual([]);
  });

  it('sends an admin the preview in a direct message; reps may not ask for one', async () => {
    await boot(60_000);
    await tc.say('UMIA', 'goal', 'set <@UBOB> 30000 month');
    const worker = await runtime.startWorker();
    const done = completion(worker, (job) => job.name === 'preview');
    expect(await tc.say('UADMIN', 'pacer', 'preview goals')).toContain('direct message');
    expect((await done).result).toBe('posted');
    expect(slack.callsTo('conversations.open').map((c) => c.body.users)).toEqual(['UADMIN']);
    const [dm] = slack.callsTo('chat.postMessage');
    expect(dm?.body.channel).toBe('DADMIN');
    expect(text(dm ?? { body: {} })).toContain('€0 of €30,000 this month');

    expect(await tc.say('UBOB', 'pacer', 'preview goals')).toContain('Only admins');
    expect(await runtime.queue.getJobCounts('waiting', 'delayed')).toMatchObject({ waiting: 0 });
  });

  it('moves the Monday post to the new zone when an admin changes the workspace time zone', async () => {
    await boot(60_000);
    const worker = await runtime.startWorker();
    const workspaceId = (await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
    expect((await runtime.queue.getJobScheduler(`goals-weekly:${workspaceId}`))?.tz).toBe('UTC');
    const done = completion(worker, (job) => job.name === 'schedules.reconcile');
    await tc.say('UADMIN', 'pacer', 'config timezone America/New_York');
    expect((await done).result).toBe('schedulers 5 declared, 4 changed, 0 removed');
    expect((await runtime.queue.getJobScheduler(`goals-weekly:${workspaceId}`))?.tz).toBe('America/New_York');
  });
});

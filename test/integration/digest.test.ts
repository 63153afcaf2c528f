import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { digestPosts, REPS_PER_PAGE } from '../../src/domain/digest/digest.views.ts';
import { teamDigest } from '../../src/domain/digest/digest.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { completion, fakeSlackOutbound, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { seedDeal, type SeededDealOptions, type SeededDealStage } from '../helpers/seed-deals.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * The weekly manager digest on real PostgreSQL: a seeded team's week, its exact content, both
 * renderers within their limits for a 200-rep team, and the job posting it once with pages in a thread.
 */
const PEOPLE = [person('UADMIN', 'Olivia', { isPlatformAdmin: true }), person('UMIA', 'Mia'), person('UALICE', 'Alice'), person('UBOB', 'Bob')];
/** Monday 7 December 2026, 08:00 in Ljubljana: the digest covers Monday 30 November – Sunday 6 December. */
const MONDAY_8 = new Date('2026-12-07T07:00:00Z');

let t: TestDatabase;
let tc: TestCore;
let workspace: Awaited<ReturnType<typeof workspaceRow>>;
const t_en = translator('en');
const fmt = createFormats('en');

const workspaceRow = () => t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
const memberId = async (userId: string): Promise<number> => (await t.db.selectFrom('members').select('id').where('external_id', '=', userId).executeTakeFirstOrThrow()).id;

/** A deal written straight to the table in the workspace, at a given instant (the history before Pacer's clock). */
const deal = (userId: string, teamId: number, stage: SeededDealStage, at: string, extra: SeededDealOptions = {}): Promise<void> =>
  seedDeal(t.db, { workspaceId: workspace.id, teamId }, userId, stage, at, extra);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  tc = createTestCore(t.db, PEOPLE, { at: new Date('2026-12-01T09:00:00Z') });
  for (const line of ['config timezone Europe/Ljubljana', 'role <@UMIA> manager', 'team create East', 'team add <@UALICE> East', 'team add <@UBOB> East', 'config channel managers <#CLEADS>']) {
    await tc.say('UADMIN', 'pacer', line);
  }
  await tc.say('UMIA', 'goal', 'set team East 100000 month');
  await tc.say('UMIA', 'goal', 'set <@UALICE> 50000 month');
  workspace = await workspaceRow();
});

describe('the weekly digest', () => {
  it('shows last week beside the usual: goals, each rep, loss reasons, delivery lag, training', async () => {
    const east = (await t.db.selectFrom('teams').select(['id', 'name']).executeTakeFirstOrThrow());
    // Last week: Alice won two (one delivered after 12 days), Bob lost three on price and one on product.
    await deal('UALICE', east.id, 'won', '2026-12-01T10:00:00Z');
    await deal('UALICE', east.id, 'delivered', '2026-11-20T10:00:00Z', { deliveredAfterDays: 12 });
    for (const day of ['01', '02', '03']) await deal('UBOB', east.id, 'lost', `2026-12-${day}T10:00:00Z`, { reason: 'price' });
    await deal('UBOB', east.id, 'lost', '2026-12-04T10:00:00Z', { reason: 'product' });
    // The usual (eight weeks before): four lost, one on price; deliveries took 4 days.
    for (const [day, reason] of [['2026-10-12', 'product'], ['2026-10-19', 'product'], ['2026-10-26', 'product'], ['2026-11-02', 'price']] as const) {
      await deal('UBOB', east.id, 'lost', `${day}T10:00:00Z`, { reason });
    }
    await deal('UALICE', east.id, 'delivered', '2026-10-05T10:00:00Z', { deliveredAfterDays: 4 });
    // Won three weeks ago, still not delivered: stale.
    await deal('UALICE', east.id, 'won', '2026-11-10T10:00:00Z');

    const digest = await teamDigest(t.db, workspace, east, MONDAY_8);
    expect(digest.week).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    const { head, pages } = digestPosts(digest, t_en, fmt);
    expect(pages).toEqual([]);
    const text = fallbackText(head);
    expect(text).toContain('Weekly digest · Team East · Mon, Nov 30 – Sun, Dec 6');
    expect(text).toContain('Last week: 1 won, 4 lost');
    expect(text).toContain('price: 3 of 4 lost deals (usually 1 of 4)');
    expect(text).toContain('product: 1 of 4 lost deals (usually 3 of 4)');
    expect(text).toContain('Median 12 days from won to delivered (usually 4)');
    expect(text).toContain('1 deal won but not delivered for over 14 days');
    expect(text).toContain('No training is assigned.');
    const table = head.blocks.find((b) => b.type === 'rows');
    expect(table).toEqual({
      type: 'rows',
      columns: ['Rep', 'Goal', 'Won', 'Lost', 'Training'],
      rows: [['Alice', expect.stringMatching(/^\d+% · (behind pace|on pace|ahead of pace)$/), '1', '0', '—'], ['Bob', 'no goal', '0', '4', '—']],
    });
  });

  it('pages a 200-rep team into its thread, and every post fits Slack and Teams without losing a row', async () => {
    const east = (await t.db.selectFrom('teams').select(['id', 'name']).executeTakeFirstOrThrow());
    await t.db.insertInto('members').values(Array.from({ length: 198 }, (_, i) => ({
      workspace_id: workspace.id, external_id: `UREP${i}`, display_name: `Rep ${String(i).padStart(3, '0')} <!channel>`, timezone: null, locale: null, team_id: east.id, profile_synced_at: null,
    }))).execute();
    const { head, pages } = digestPosts(await teamDigest(t.db, workspace, east, MONDAY_8), t_en, fmt);
    expect(pages).toHaveLength(Math.ceil(200 / REPS_PER_PAGE));
    expect(fallbackText(head)).toContain("Each rep's line follows in the thread (200 reps).");
    const rows = pages.flatMap((p) => p.blocks.flatMap((b) => (b.type === 'rows' ? b.rows : [])));
    expect(rows).toHaveLength(200);
    for (const message of [head, ...pages]) {
      const slack = renderMessage(message);
      expect(slack.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(slack)).not.toMatch(/left out|more not shown/i);
      expect(JSON.stringify(slack)).not.toContain('<!channel>');
      const card = renderActivity(message).attachments[0]?.content;
      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card).length).toBeLessThan(28_000);
    }
  });
});

describe('the digest job', () => {
  let slack: FakeSlack;
  let runtime: JobRuntime;
  beforeEach(async () => {
    slack = await startFakeSlack();
    runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, fakeSlackOutbound(slack), tc.clock);
  });
  afterEach(async () => {
    await runtime.queue.obliterate({ force: true });
    await runtime.close();
    await slack.close();
  });

  it('posts each team\'s digest to its managers\' channel once a week, pages threaded under it', async () => {
    const east = (await t.db.selectFrom('teams').select(['id']).executeTakeFirstOrThrow());
    await t.db.insertInto('members').values(Array.from({ length: 40 }, (_, i) => ({
      workspace_id: workspace.id, external_id: `UREP${i}`, display_name: `Rep ${i}`, timezone: null, locale: null, team_id: east.id, profile_synced_at: null,
    }))).execute();
    tc.clock.set(MONDAY_8);
    const worker = await runtime.startWorker();
    // The head and two pages go into one channel a second apart: the job waits for its slots as a
    // delayed job and runs again, finding what it already posted (so its last word is "duplicate").
    for (let run = 0; run < 2; run++) {
      const done = completion(worker, (job) => job.name === 'digest.weekly');
      await runtime.add('digest.weekly', { workspaceId: workspace.id });
      expect((await done).result).toBe('East: duplicate +2 pages');
      expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    }
    expect(slack.rateLimitedCount).toBe(0);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => [c.body.channel, c.body.thread_ts === undefined ? 'head' : 'reply'])).toEqual([['CLEADS', 'head'], ['CLEADS', 'reply'], ['CLEADS', 'reply']]);
    const headTs = (await t.db.selectFrom('job_posts').select('message_id').where('period', '=', '2026-W49').executeTakeFirstOrThrow()).message_id;
    expect(posts.slice(1).map((c) => c.body.thread_ts)).toEqual([headTs, headTs]);
    // The head carries what the team heard and the diagnosis of its month.
    expect(String(posts[0]?.body.text)).toContain('What the team heard');
    expect(String(posts[0]?.body.text)).toContain('Diagnosis: Team East');
  });

  it('sends an admin each team\'s digest in a direct message on request', async () => {
    tc.clock.set(MONDAY_8);
    const worker = await runtime.startWorker();
    const done = completion(worker, (job) => job.name === 'preview');
    await runtime.add('preview', { post: 'digest', workspaceId: workspace.id, memberId: await memberId('UADMIN') });
    expect((await done).result).toBe('posted');
    const [dm] = slack.callsTo('chat.postMessage');
    expect(dm?.body.channel).toBe('DADMIN');
    expect(String(dm?.body.text)).toContain('Weekly digest · Team East');
  });

  it('posts "what works" to the team channels on Friday, once a week: what sold, techniques with +1s, what customers said', async () => {
    await tc.say('UADMIN', 'pacer', 'config channel goals <#CSALES>');
    tc.clock.set(new Date('2026-12-04T14:00:00Z'));
    await tc.say('UALICE', 'deal', '12500 Globex product: Widgets');
    await tc.say('UALICE', 'feedback', 'technique Leading with the ROI calculator closed Globex');
    await tc.say('UBOB', 'feedback', 'customer They want annual billing');
    const worker = await runtime.startWorker();
    for (const expected of ['CSALES: posted', 'CSALES: duplicate']) {
      const done = completion(worker, (job) => job.name === 'whatworks.weekly');
      await runtime.add('whatworks.weekly', { workspaceId: workspace.id });
      expect((await done).result).toBe(expected);
    }
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const text = JSON.stringify(posts[0]?.body);
    expect(text).toContain('Widgets');
    expect(text).toContain('Leading with the ROI calculator closed Globex');
    expect(text).toContain('They want annual billing');
    expect(JSON.stringify(posts[0]?.body.blocks)).toContain('feedback.vote');
  });
});


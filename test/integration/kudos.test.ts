import type { Job, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import type { JobRuntime } from '../../jobs/runtime.ts';
import type { Effect } from '../../src/bot/effects.ts';
import type { WorkspaceRef } from '../../src/bot/ports.ts';
import { kudosView, type KudosView } from '../../src/domain/kudos/kudos.repository.ts';
import { KUDOS_EXAMPLES } from '../../src/domain/kudos/kudos.grammar.ts';
import { kudosDirectMessage, kudosPostMessage } from '../../src/domain/kudos/kudos.views.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Message } from '../../src/messages/message.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { createTestCore, person, replyMessage, type TestCore } from '../helpers/core.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from '../helpers/fake-slack.ts';
import { completion, fakeSlackOutbound, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * `/kudos` on real PostgreSQL: what the command writes and answers, what it refuses (writing nothing),
 * the `kudos.given` effect handed over only after commit; the `kudos.post` job on real Redis posting to
 * a fake Slack (one day post per channel and local day, each kudos in its thread, a DM per receiver,
 * once); and that nothing typed into a kudos can ping anyone on Slack or Teams.
 */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob', { locale: 'sl-SI' }),
  person('UCAROL', 'Carol'),
  person('UEVE', 'Eve <!channel>'),
];
/** Dave works for another company: only that workspace's directory knows him. */
const OTHER_PEOPLE = [person('UDAVE', 'Dave'), person('UALICE', 'Alice')];
const T1: WorkspaceRef = { platform: 'slack', externalId: 'T1', name: 'Acme Sales' };
const T2: WorkspaceRef = { platform: 'slack', externalId: 'T2', name: 'Other Co' };
// Wednesday 18 November 2026, 11:00 in Ljubljana.
const WED = new Date('2026-11-18T10:00:00Z');
const NO_CHANNEL = 'No recognition channel is chosen, so it is not posted in a channel. An admin can choose one: /pacer config channel recognition #wins';
const SELF = 'Kudos are for colleagues: you cannot give them to yourself.';
const en = translator('en');
const fmtEn = createFormats('en');

let t: TestDatabase;
let tc: TestCore;
/** Each batch of effects handed over, with the kudos ids a separate connection could see at that moment. */
let handedOver: { effects: Effect[]; committed: number[] }[];

const kudosRows = () => t.db.selectFrom('kudos').selectAll().orderBy('id').execute();
const receiverRows = () => t.db.selectFrom('kudos_receivers').selectAll().orderBy('kudos_id').orderBy('member_id').execute();
const audits = () => t.db.selectFrom('audit_log').selectAll().where('action', '=', 'kudos.give').orderBy('id').execute();
const kudosEffects = () => handedOver.filter((h) => h.effects.some((e) => e.kind === 'kudos.given'));
const workspaceId = async (ref = T1): Promise<number> =>
  (await t.db.selectFrom('workspaces').select('id').where('external_id', '=', ref.externalId).executeTakeFirstOrThrow()).id;
const memberId = async (externalId: string, ref = T1): Promise<number> =>
  (await t.db.selectFrom('members').select('members.id').innerJoin('workspaces as w', 'w.id', 'members.workspace_id')
    .where('w.external_id', '=', ref.externalId).where('members.external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const teamId = async (name: string): Promise<number> => (await t.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** Asserts `/kudos <text>` by `userId` is refused with exactly `reply`, writing nothing and handing nothing over. */
async function expectRefused(userId: string, text: string, reply: string): Promise<void> {
  const before = { kudos: await kudosRows(), receivers: await receiverRows(), audits: await audits(), effects: kudosEffects().length };
  expect(await tc.say(userId, 'kudos', text)).toBe(reply);
  expect({ kudos: await kudosRows(), receivers: await receiverRows(), audits: await audits(), effects: kudosEffects().length }).toEqual(before);
}

/** The workspace as the other tests find it: Ljubljana, team East (Alice, Bob), Carol and Eve in no team. */
async function setUp(core: TestCore): Promise<void> {
  for (const line of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@UALICE> East', 'team add <@UBOB> East']) {
    await core.say('UADMIN', 'pacer', line);
  }
  // Registers Carol and Eve, as their first command would.
  await core.say('UCAROL', 'kudos', 'help');
  await core.say('UEVE', 'kudos', 'help');
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

beforeEach(async () => {
  await truncateAll(t.db);
  handedOver = [];
  tc = createTestCore(t.db, PEOPLE, {
    at: WED,
    workspace: T1,
    effects: async (batch) => {
      const committed = (await t.db.selectFrom('kudos').select('id').orderBy('id').execute()).map((k) => k.id);
      handedOver.push({ effects: [...batch], committed });
    },
  });
  await setUp(tc);
  handedOver = [];
});

describe('/kudos', () => {
  it('records the kudos and its receivers (once each), audits it, and hands the effect over after commit', async () => {
    expect(await tc.say('UALICE', 'deal', '12500 Globex')).toContain('Logged D-1');
    const reply = await tc.say('UALICE', 'kudos', "<@UBOB> @bob @carol for landing Globex with <@UBOB>'s help deal D-1");
    expect(reply).toBe(`🙌 Kudos to Bob and Carol sent, with a direct message to each.\n${NO_CHANNEL}`);

    const [alice, bob, carol, east, ws] = [await memberId('UALICE'), await memberId('UBOB'), await memberId('UCAROL'), await teamId('East'), await workspaceId()];
    expect(await kudosRows()).toEqual([{ id: 1, workspace_id: ws, giver_id: alice, team_id: east, reason: "landing Globex with @Bob's help", deal_id: 1n, created_at: WED }]);
    expect(await receiverRows()).toEqual([{ kudos_id: 1, member_id: bob }, { kudos_id: 1, member_id: carol }]);
    expect((await audits()).map((a) => [a.actor_member_id, a.subject, a.details])).toEqual([[alice, 'kudos:1', { receivers: ['Bob', 'Carol'], deal: 'D-1' }]]);
    // Handed over once, when a separate connection already saw the committed row.
    expect(kudosEffects()).toEqual([{ effects: [{ kind: 'kudos.given', workspaceId: ws, kudosId: 1 }], committed: [1] }]);
  });

  it('names one receiver in the singular, with no deal, a team-less giver, and channel references as #name', async () => {
    const reply = await tc.say('UCAROL', 'kudos', '@alice for the demo in <#C0123|sales> and <#C0456>');
    expect(reply).toBe(`🙌 Kudos to Alice sent, with a direct message to them.\n${NO_CHANNEL}`);
    expect(await kudosRows()).toEqual([expect.objectContaining({ giver_id: await memberId('UCAROL'), team_id: null, reason: 'the demo in #sales and #C0456', deal_id: null })]);
    expect((await audits()).map((a) => a.details)).toEqual([{ receivers: ['Alice'], deal: null }]);
  });

  it('answers in the giver’s language', async () => {
    expect(await tc.say('UBOB', 'kudos', '@alice in @carol za podpis pogodbe')).toBe(
      '🙌 Pohvala za Alice in Carol je poslana, vsakemu z neposrednim sporočilom.\n'
      + 'Kanal za priznanja ni izbran, zato ni objavljena v kanalu. Skrbnik ga lahko izbere: /pacer config channel recognition #wins',
    );
    expect((await kudosRows()).map((k) => k.reason)).toEqual(['podpis pogodbe']);
  });

  it('refuses kudos to yourself, by mention or by name, alone or among others', async () => {
    const example = `\nExample: ${KUDOS_EXAMPLES.one}`;
    await expectRefused('UALICE', '<@UALICE> for landing Globex', SELF + example);
    await expectRefused('UALICE', '@alice for landing Globex', SELF + example);
    await expectRefused('UALICE', '<@UBOB> @carol <@UALICE> for landing Globex', SELF + example);
    expect(await kudosRows()).toEqual([]);
    expect(kudosEffects()).toEqual([]);
  });

  it("refuses a deal that does not exist here, another workspace's deal included", async () => {
    const other = createTestCore(t.db, OTHER_PEOPLE, { at: WED, workspace: T2 });
    expect(await other.say('UALICE', 'deal', '900 Initech')).toContain('Logged D-1');
    const example = `\nExample: ${KUDOS_EXAMPLES.many}`;
    await expectRefused('UALICE', '<@UBOB> for landing Globex deal D-1', `There is no deal D-1 here.${example}`);
    await expectRefused('UALICE', '<@UBOB> for landing Globex deal D-9', `There is no deal D-9 here.${example}`);
    expect(await kudosRows()).toEqual([]);
  });

  it('cannot name a rep of another workspace, by mention or by name', async () => {
    const other = createTestCore(t.db, OTHER_PEOPLE, { at: WED, workspace: T2 });
    expect(await other.say('UDAVE', 'kudos', '<@UALICE> for the partner intro')).toContain('🙌 Kudos to Alice sent');
    expect(await memberId('UDAVE', T2)).toBeGreaterThan(0);
    const before = (await kudosRows()).length;
    const unknown = (who: string) => `I can't find ${who} in this workspace. Mention them with @ and pick them from the list, so Slack or Teams says exactly who you mean.\nExample: ${KUDOS_EXAMPLES.one}`;
    await expectRefused('UALICE', '<@UDAVE> for the partner intro', unknown('UDAVE'));
    await expectRefused('UALICE', '@dave for the partner intro', unknown('@dave'));
    await expectRefused('UALICE', '<@UBOB> @dave for the partner intro', unknown('@dave'));
    expect(await kudosRows()).toHaveLength(before);
    // Nobody called Dave was added to this workspace on the way.
    expect(await t.db.selectFrom('members').select('id').where('workspace_id', '=', await workspaceId()).where('external_id', '=', 'UDAVE').execute()).toEqual([]);
  });

  it.each([
    ['for landing Globex @bob', 'Name the people first, then what for.', KUDOS_EXAMPLES.one],
    ['<@UBOB>', 'Say what it is for.', KUDOS_EXAMPLES.one],
    ['<@UBOB> for ok', 'Say a little more about what it is for (at least 3 characters).', KUDOS_EXAMPLES.one],
    [`<@UBOB> for ${'x'.repeat(501)}`, 'That is too long: at most 500 characters.', KUDOS_EXAMPLES.one],
    ['<@UBOB> for landing Globex deal D-4x', '“D-4x” is not a deal number.', KUDOS_EXAMPLES.many],
  ])('refuses "/kudos %s" before anything is looked up, writing nothing', async (text, reason, example) => {
    await expectRefused('UALICE', text, `${reason}\nExample: ${example}`);
  });

  it('opens a form when given no text; its submit gives kudos or names the wrong field, writing nothing until it does', async () => {
    const opened = await tc.command('UALICE', 'kudos', '');
    expect(opened.kind).toBe('form');
    const form = opened.kind === 'form' ? opened.form : undefined;
    expect(form?.id).toBe('kudos');
    expect(form?.fields.map((f) => [f.kind, f.id, f.optional ?? false])).toEqual([['text', 'who', false], ['text', 'reason', false], ['text', 'deal', true]]);

    const submit = (values: Record<string, string>) => tc.core.handleFormSubmit({ workspace: T1, userId: 'UALICE', formId: 'kudos', values });
    expect(await submit({ reason: 'landing Globex' })).toEqual({ kind: 'errors', errors: { who: `Whom is it for? Name them first with @. Example: ${KUDOS_EXAMPLES.one}` } });
    expect(await submit({ who: '@alice', reason: 'landing Globex' })).toEqual({ kind: 'errors', errors: { who: `${SELF} Example: ${KUDOS_EXAMPLES.one}` } });
    expect(await submit({ who: '@bob', reason: 'landing Globex', deal: 'D-9' })).toEqual({ kind: 'errors', errors: { deal: `There is no deal D-9 here. Example: ${KUDOS_EXAMPLES.many}` } });
    expect(await submit({ who: '@bob', reason: 'ok' })).toEqual({ kind: 'errors', errors: { reason: `Say a little more about what it is for (at least 3 characters). Example: ${KUDOS_EXAMPLES.one}` } });
    expect(await kudosRows()).toEqual([]);
    expect(await audits()).toEqual([]);
    expect(kudosEffects()).toEqual([]);

    const done = await submit({ who: 'UBOB @carol', reason: ' landing Globex ' });
    expect(done.kind).toBe('done');
    expect(fallbackText(done.kind === 'done' ? done.message : { blocks: [] })).toBe(`🙌 Kudos to Bob and Carol sent, with a direct message to each.\n${NO_CHANNEL}`);
    expect(await kudosRows()).toEqual([expect.objectContaining({ reason: 'landing Globex' })]);
    expect(await receiverRows()).toEqual([{ kudos_id: 1, member_id: await memberId('UBOB') }, { kudos_id: 1, member_id: await memberId('UCAROL') }]);
    expect(kudosEffects()).toHaveLength(1);
  });

  it("names the recognition channel it will go to: the giver's team's own, else the workspace's", async () => {
    expect(await tc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>')).toContain('CWINS');
    expect(await tc.say('UALICE', 'kudos', '<@UBOB> for landing Globex')).toBe(
      "🙌 Kudos to Bob sent, with a direct message to them.\nIt goes in the thread of today's kudos post in CWINS.",
    );
    expect(await tc.say('UADMIN', 'pacer', 'config channel kudos <#CEASTWINS> team East')).toContain('CEASTWINS');
    expect(await tc.say('UALICE', 'kudos', '<@UBOB> for landing Initech')).toBe(
      "🙌 Kudos to Bob sent, with a direct message to them.\nIt goes in the thread of today's kudos post in CEASTWINS.",
    );
    expect(await tc.say('UCAROL', 'kudos', '<@UBOB> for landing Hooli')).toBe(
      "🙌 Kudos to Bob sent, with a direct message to them.\nIt goes in the thread of today's kudos post in CWINS.",
    );
  });
});

// ——— mention safety ———

/** Every string in a rendered payload. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(strings);
  return [];
}

/** Slack: every `<`, `>` and `&` of the text is an entity, so no `<!channel>`, `<!here>`, `<@U…>` or `<#C…>` is live. */
function expectSlackInert(message: Message): string {
  const wire = JSON.stringify(renderMessage(message));
  expect(wire).not.toMatch(/<[!@#]/);
  expect(wire).not.toContain('<');
  expect(wire).not.toContain('>');
  return wire;
}

/**
 * Teams: the activity carries no mention entities (a card mention needs one), and every `<` in the card's
 * text is backslash-escaped, so no `<at>…</at>` is even left for an entity to match. The summary is
 * plain text that Teams does not parse.
 */
function expectTeamsInert(message: Message): string {
  const activity = renderActivity(message);
  expect(Object.keys(activity).sort()).toEqual(['attachments', 'summary', 'type']);
  expect(activity.summary).toBe(fallbackText(message));
  const card = activity.attachments[0]?.content;
  expect(cardProblems(card)).toEqual([]);
  const wire = JSON.stringify(card);
  expect(wire).not.toMatch(/"entities"|"mention"/);
  for (const text of strings(card)) {
    expect(text).not.toMatch(/(^|[^\\])[<>]/);
    expect(text).not.toMatch(/(^|[^\\])<at/i);
  }
  return wire;
}

describe('mention safety', () => {
  const REASON = '<!channel> <!here> <!everyone> <!subteam^S1|@sales> thanks to <@UBOB> and <@U0GHOST> and <at>Bob</at> & <https://evil.example|click>';

  async function viewOf(kudosId: number): Promise<KudosView> {
    const view = await kudosView(t.db, kudosId);
    if (view === undefined) throw new Error(`no kudos ${kudosId}`);
    return view;
  }

  it('keeps a reason with broadcasts, mentions and Teams tags as inert text in the thread post and the DM', async () => {
    expect(await tc.say('UALICE', 'kudos', `<@UCAROL> for ${REASON}`)).toContain('🙌 Kudos to Carol sent');
    const [kudos] = await kudosRows();
    // People named in the reason become their names (unknown ones "someone"); the rest is kept as typed.
    expect(kudos?.reason).toBe('<!channel> <!here> <!everyone> <!subteam^S1|@sales> thanks to @Bob and @someone and <at>Bob</at> & <https://evil.example|click>');
    const view = await viewOf(kudos?.id ?? 0);
    for (const message of [kudosPostMessage(view, en, fmtEn), kudosDirectMessage(view, en, fmtEn)]) {
      const slack = expectSlackInert(message);
      expect(slack).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S1|@sales&gt; thanks to @Bob and @someone and &lt;at&gt;Bob&lt;/at&gt; &amp; &lt;https://evil.example|click&gt;');
      const teams = expectTeamsInert(message);
      // JSON doubles each backslash of the card's `\<`.
      expect(teams).toContain('\\\\<!channel\\\\> \\\\<!here\\\\>');
      expect(teams).toContain('\\\\<at\\\\>Bob\\\\</at\\\\> \\\\& \\\\<https://evil.example|click\\\\>');
    }
  });

  it('keeps a display name containing <!channel> inert, as giver, receiver and person named in a reason', async () => {
    const toEve = await tc.command('UALICE', 'kudos', '<@UEVE> for the pipeline review');
    expect(fallbackText(replyMessage(toEve))).toContain('🙌 Kudos to Eve <!channel> sent');
    expect(expectSlackInert(replyMessage(toEve))).toContain('Kudos to Eve &lt;!channel&gt; sent');
    expectTeamsInert(replyMessage(toEve));
    expect(await tc.say('UEVE', 'kudos', '<@UBOB> for covering for <@UEVE> on Friday')).toContain('🙌 Kudos to Bob sent');

    const [first, second] = await kudosRows();
    expect(second?.reason).toBe('covering for @Eve <!channel> on Friday');
    const [toHer, fromHer] = [await viewOf(first?.id ?? 0), await viewOf(second?.id ?? 0)];
    // Her kudos' thread post names her as receiver; the one she gave names her as giver and in its reason.
    expect(fallbackText(kudosPostMessage(toHer, en, fmtEn))).toBe('Eve <!channel> · from Alice\nthe pipeline review');
    expect(fallbackText(kudosDirectMessage(fromHer, en, fmtEn))).toBe('🙌 Kudos for you\nFrom Eve <!channel>:\ncovering for @Eve <!channel> on Friday');
    for (const message of [kudosPostMessage(toHer, en, fmtEn), kudosPostMessage(fromHer, en, fmtEn), kudosDirectMessage(fromHer, en, fmtEn)]) {
      expect(fallbackText(message)).toContain('Eve <!channel>');
      expect(expectSlackInert(message)).toContain('Eve &lt;!channel&gt;');
      expect(expectTeamsInert(message)).toContain('Eve \\\\<!channel\\\\>');
    }
  });
});

// ——— the job ———

describe('the kudos job', () => {
  let slack: FakeSlack;
  let runtime: JobRuntime;
  let jc: TestCore;
  let worker: Worker;

  beforeEach(async () => {
    slack = await startFakeSlack();
    jc = createTestCore(t.db, PEOPLE, { at: WED, workspace: T1, effects: (effects) => runtime.effects(effects) });
    runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, fakeSlackOutbound(slack), jc.clock);
    worker = await runtime.startWorker();
  });
  afterEach(async () => {
    await runtime.queue.obliterate({ force: true });
    await runtime.close();
    await slack.close();
  });

  const posts = () => slack.callsTo('chat.postMessage');
  const jobPosts = () => t.db.selectFrom('job_posts').select(['kind', 'recipient', 'period', 'conversation_id', 'message_id']).orderBy('id').execute();
  const dayTs = async (channel: string, day: string): Promise<string> =>
    (await t.db.selectFrom('job_posts').select('message_id').where('kind', '=', 'kudos.day').where('recipient', '=', `channel:${channel}`).where('period', '=', day).executeTakeFirstOrThrow()).message_id ?? '';
  const where = (call: FakeSlackCall): [unknown, string] => [call.body.channel, call.body.thread_ts === undefined ? 'top' : `thread ${String(call.body.thread_ts)}`];

  /** `/kudos` at a moment, and what its job reported once the worker completed it (no sleeps). */
  async function kudosAt(at: Date, userId: string, text: string): Promise<{ reply: string; result: unknown }> {
    const done = completion(worker, (job) => job.name === 'kudos.post');
    jc.clock.set(at);
    const reply = await jc.say(userId, 'kudos', text);
    return { reply, result: (await done).result };
  }

  it('posts one day post per channel and local day, each kudos in its thread, and a DM to each receiver', async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    const [alice, bob] = [await memberId('UALICE'), await memberId('UBOB')];

    const first = await kudosAt(WED, 'UALICE', '<@UBOB> for landing Globex');
    expect(first.reply).toContain("It goes in the thread of today's kudos post in CWINS.");
    await kudosAt(new Date('2026-11-18T15:00:00Z'), 'UCAROL', '@alice @bob for the demo');

    const day = await dayTs('CWINS', '2026-11-18');
    // The receivers' DMs go first: they do not depend on the channel.
    expect(posts().map(where)).toEqual([
      ['DBOB', 'top'], ['CWINS', 'top'], ['CWINS', `thread ${day}`],
      ['DALICE', 'top'], ['DBOB', 'top'], ['CWINS', `thread ${day}`],
    ]);
    const texts = posts().map((c) => String(c.body.text));
    // Bob reads Slovenian; Alice English. Each DM says whom else it was shared with.
    expect(texts[0]).toBe('🙌 Pohvala za vas\nOd Alice:\nlanding Globex');
    expect(texts[1]).toBe("🙌 Kudos · Wed, Nov 18\nToday's shout-outs are in the thread. Give one: /kudos @name for what they did");
    expect(texts[2]).toBe('Bob · from Alice\nlanding Globex');
    expect(texts[3]).toBe('🙌 Kudos for you\nFrom Carol:\nthe demo\nShared with 1 colleague.');
    expect(texts[4]).toBe('🙌 Pohvala za vas\nOd Carol:\nthe demo\nDeljeno z 1 sodelavcem.');
    expect(texts[5]).toBe('Alice and Bob · from Carol\nthe demo');
    expect(slack.rateLimitedCount).toBe(0);

    expect((await jobPosts()).map((p) => [p.kind, p.recipient, p.period, p.conversation_id])).toEqual([
      ['kudos.dm', `member:${bob}`, '1', 'DBOB'],
      ['kudos.day', 'channel:CWINS', '2026-11-18', 'CWINS'],
      ['kudos', 'channel:CWINS', '1', 'CWINS'],
      ['kudos.dm', `member:${alice}`, '2', 'DALICE'],
      ['kudos.dm', `member:${bob}`, '2', 'DBOB'],
      ['kudos', 'channel:CWINS', '2', 'CWINS'],
    ]);
  });

  it('makes one day post when two kudos jobs for the channel run at once', async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    const jobOf = (kudosId: number) => completion(worker, (job) => job.name === 'kudos.post' && (job.data as { kudosId?: number }).kudosId === kudosId);
    const both = Promise.all([jobOf(1), jobOf(2)]);
    await jc.say('UALICE', 'kudos', '<@UBOB> for landing Globex');
    await jc.say('UCAROL', 'kudos', '<@UALICE> for the demo');
    const results = (await both).map((r) => String(r.result));
    expect(results).toEqual([expect.stringContaining('thread: posted'), expect.stringContaining('thread: posted')]);
    const day = await dayTs('CWINS', '2026-11-18');
    const inChannel = posts().filter((c) => c.body.channel === 'CWINS').map(where);
    expect(inChannel.filter(([, w]) => w === 'top')).toHaveLength(1);
    expect(inChannel.filter(([, w]) => w !== 'top')).toEqual([['CWINS', `thread ${day}`], ['CWINS', `thread ${day}`]]);
    expect((await jobPosts()).filter((p) => p.kind === 'kudos.day')).toHaveLength(1);
  });

  it('posts nothing more when the same job runs again or the effect is handed over twice', async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    const bob = await memberId('UBOB');
    await kudosAt(WED, 'UALICE', '<@UBOB> for landing Globex');
    const [kudos] = await kudosRows();
    const kudosId = kudos?.id ?? 0;
    const before = { posts: posts().length, rows: await jobPosts() };
    expect(before.posts).toBe(3);
    const callsBefore = slack.calls.length;

    let done = completion(worker, (job) => job.name === 'kudos.post');
    await runtime.add('kudos.post', { kudosId });
    expect((await done).result).toBe(`${bob}: duplicate, thread: duplicate`);
    done = completion(worker, (job) => job.name === 'kudos.post');
    await runtime.effects([{ kind: 'kudos.given', workspaceId: await workspaceId(), kudosId }]);
    expect((await done).result).toBe(`${bob}: duplicate, thread: duplicate`);

    expect({ posts: posts().length, rows: await jobPosts() }).toEqual(before);
    // No platform call at all since (Bob's DM is known from the first run).
    expect(slack.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
  });

  it("makes a new day post for the next local day (after midnight in the workspace's zone)", async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    await kudosAt(WED, 'UALICE', '<@UBOB> for landing Globex');
    // 00:30 on Thursday in Ljubljana, still Wednesday in UTC.
    await kudosAt(new Date('2026-11-18T23:30:00Z'), 'UALICE', '<@UCAROL> for the late demo');
    const [wed, thu] = [await dayTs('CWINS', '2026-11-18'), await dayTs('CWINS', '2026-11-19')];
    expect(wed).not.toBe(thu);
    expect(posts().filter((c) => c.body.channel === 'CWINS').map(where)).toEqual([['CWINS', 'top'], ['CWINS', `thread ${wed}`], ['CWINS', 'top'], ['CWINS', `thread ${thu}`]]);
    expect(String(posts().filter((c) => c.body.channel === 'CWINS')[2]?.body.text)).toBe("🙌 Kudos · Thu, Nov 19\nToday's shout-outs are in the thread. Give one: /kudos @name for what they did");
  });

  it("posts in the giver's team's own recognition channel before the workspace's", async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CEASTWINS> team East');
    await kudosAt(WED, 'UALICE', '<@UCAROL> for landing Globex');
    await kudosAt(WED, 'UCAROL', '<@UALICE> for the demo');
    expect(posts().filter((c) => String(c.body.channel).startsWith('C')).map(where)).toEqual([
      ['CEASTWINS', 'top'], ['CEASTWINS', `thread ${await dayTs('CEASTWINS', '2026-11-18')}`],
      ['CWINS', 'top'], ['CWINS', `thread ${await dayTs('CWINS', '2026-11-18')}`],
    ]);
    expect(String(posts().filter((c) => c.body.channel === 'CEASTWINS')[1]?.body.text)).toBe('Carol · from Alice\nlanding Globex');
  });

  it('only DMs the receivers when no recognition channel is chosen', async () => {
    const [alice, carol] = [await memberId('UALICE'), await memberId('UCAROL')];
    const { reply, result } = await kudosAt(WED, 'UBOB', '<@UALICE> <@UCAROL> for the intro');
    expect(reply).toContain('Kanal za priznanja ni izbran');
    expect(result).toBe(`${alice}: posted, ${carol}: posted`);
    expect(posts().map(where)).toEqual([['DALICE', 'top'], ['DCAROL', 'top']]);
    expect((await jobPosts()).map((p) => p.kind)).toEqual(['kudos.dm', 'kudos.dm']);
  });

  // A permanent platform error in the channel (`not_in_channel`: the bot was not invited) fails the job
  // unrecoverably, so the DMs, which do not depend on the channel, go out before it is tried.
  it('still DMs the receivers when the recognition channel cannot be posted in', async () => {
    await jc.say('UADMIN', 'pacer', 'config channel recognition <#CWINS>');
    slack.override('chat.postMessage', (body) =>
      body.channel === 'CWINS' ? { ok: false, error: 'not_in_channel' } : { ok: true, channel: String(body.channel), ts: '1700000001.000100' });
    const settled = new Promise<void>((resolve) => {
      const onEnd = (job: Job | undefined): void => {
        if (job?.name === 'kudos.post') resolve();
      };
      worker.on('completed', onEnd);
      worker.on('failed', onEnd);
    });
    await jc.say('UALICE', 'kudos', '<@UBOB> for landing Globex');
    await settled;
    expect(posts().map(where)).toContainEqual(['DBOB', 'top']);
    expect((await jobPosts()).map((p) => p.kind)).toContain('kudos.dm');
  });

  it('reports a kudos that no longer exists as gone, posting nothing', async () => {
    const done = completion(worker, (job) => job.name === 'kudos.post');
    await runtime.add('kudos.post', { kudosId: 999 });
    expect((await done).result).toBe('gone');
    expect(posts()).toEqual([]);
  });
});

/**
 * `/kudos` end to end through the real HTTP endpoints, with text meant to ping everyone in it:
 *
 * - Slack: a signed slash command to `POST /slack/events` is answered ephemerally in its ack; the
 *   committed effect goes to the real job queue (Redis), whose worker posts the day's kudos post, the
 *   kudos in its thread and the receiver's DM through the server's own outbound to a fake Slack;
 * - Teams: a `kudos` message activity naming a colleague by a Teams mention (`<at>…</at>` with its
 *   entity), signed as the Bot Framework signs it, to `POST /api/messages`; the job posts cards to the
 *   fake Bot Connector.
 *
 * Real server (`createPacerServer`), core, registry, PostgreSQL and Redis; only Slack's Web API and
 * Microsoft's key set and Bot Connector are fakes on loopback. No sleeps: every wait is on an event.
 */
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { signConnectorToken, startFakeBotConnector, startTeamsPacer, type ConnectorCall, type FakeBotConnector } from '../helpers/fake-bot-connector.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { completion, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { FORM_CONTENT_TYPE, signSlackRequest, slashCommandBody } from '../helpers/slack-sign.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.close();
});

const silent = () => createLogger({ level: 'silent' });

const workspaceId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('workspaces').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
/** The kudos of a workspace with the external ids of their receivers. */
async function kudosOf(externalId: string): Promise<{ id: number; reason: string; receivers: string[] }[]> {
  const rows = await t.db.selectFrom('kudos').select(['id', 'reason']).where('workspace_id', '=', await workspaceId(externalId)).orderBy('id').execute();
  return Promise.all(rows.map(async (row) => ({
    ...row,
    receivers: (await t.db.selectFrom('kudos_receivers').innerJoin('members', 'members.id', 'kudos_receivers.member_id')
      .select('members.external_id').where('kudos_receivers.kudos_id', '=', row.id).orderBy('members.external_id').execute()).map((m) => m.external_id),
  })));
}
const jobPostsOf = async (externalId: string) =>
  t.db.selectFrom('job_posts').select(['kind', 'period', 'conversation_id', 'message_id']).where('workspace_id', '=', await workspaceId(externalId)).orderBy('id').execute();

/** Every string in a payload. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(strings);
  return [];
}

// ==== Slack ======================================================================================

describe('Slack: /kudos through POST /slack/events, posted by the job', () => {
  const SECRET = 'kudos-e2e-signing-secret-0123456789';
  const TEAM = 'T0001';
  const clock = fixedClock(WED);
  const profile = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
    id, name: name.toLowerCase(), real_name: name, profile: { display_name: name, real_name: name },
    is_admin: false, is_owner: false, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false, ...extra,
  });

  let fake: FakeSlack;
  let pacer: PacerServer;
  let runtime: JobRuntime;
  let worker: Worker;
  let url: string;
  let trigger = 0;

  beforeAll(async () => {
    fake = await startFakeSlack({
      users: { UOLIVIA: profile('UOLIVIA', 'Olivia', { is_owner: true }), UALICE: profile('UALICE', 'Alice'), UBOB: profile('UBOB', 'Bob') },
    });
    pacer = createPacerServer({
      db: t.db, ready: async () => true, slack: { signingSecret: SECRET, botToken: 'xoxb-kudos-e2e', apiUrl: fake.apiUrl },
      port: 0, host: '127.0.0.1', logger: silent(), clock, effects: (effects) => runtime.effects(effects),
    });
    url = (await pacer.start()).url;
    runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, pacer.outbound, clock);
    worker = await runtime.startWorker();
  });

  afterAll(async () => {
    await runtime?.queue.obliterate({ force: true });
    await runtime?.close();
    await pacer?.stop();
    await fake?.close();
  });

  /** A slash command as Slack sends it (text already escaped by Slack), signed; its ack. */
  async function slash(user: string, command: string, text: string): Promise<{ status: number; ack: Record<string, unknown> }> {
    trigger += 1;
    const body = slashCommandBody({ team_id: TEAM, command: `/${command}`, text, user_id: user, user_name: user.slice(1).toLowerCase(), trigger_id: `trig-kudos-${trigger}`, response_url: fake.responseUrl(`kudos-${trigger}`) });
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(body, SECRET) }, body });
    const raw = await res.text();
    return { status: res.status, ack: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) };
  }

  it('answers a /kudos with <!channel> in it ephemerally, and its posts reach Slack with every broadcast and mention escaped', async () => {
    expect((await slash('UOLIVIA', 'pacer', 'config timezone Europe/Ljubljana')).status).toBe(200);
    expect(JSON.stringify((await slash('UOLIVIA', 'pacer', 'config channel recognition <#CWINS|wins>')).ack)).toContain('CWINS');

    // Alice typed `<!channel>` literally (Slack escapes it) and picked @here, @channel and Olivia from the menu.
    const done = completion(worker, (job) => job.name === 'kudos.post');
    const { status, ack } = await slash('UALICE', 'kudos', '<@UBOB|bob> for landing Globex &lt;!channel&gt; <!here> <!channel|@channel> thanks to <@UOLIVIA|olivia> &amp; team');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toBe("🙌 Kudos to Bob sent, with a direct message to them.\nIt goes in the thread of today's kudos post in CWINS.");

    const [kudos] = await kudosOf(TEAM);
    expect(kudos).toEqual({ id: kudos?.id, reason: 'landing Globex <!channel> @here @channel thanks to @Olivia & team', receivers: ['UBOB'] });
    const bob = (await t.db.selectFrom('members').select('id').where('external_id', '=', 'UBOB').executeTakeFirstOrThrow()).id;
    // The job's last run: the DM went out first; the thread post waited for the channel's next slot.
    expect((await done).result).toBe(`${bob}: duplicate, thread: posted`);

    const posts = fake.callsTo('chat.postMessage');
    // The DM first (it does not depend on the channel), then the day's post and the kudos in its thread.
    const [dm, day, thread] = posts;
    expect(posts).toHaveLength(3);
    const dayTs = (await jobPostsOf(TEAM)).find((p) => p.kind === 'kudos.day')?.message_id;
    expect([day?.body.channel, day?.body.thread_ts]).toEqual(['CWINS', undefined]);
    expect([thread?.body.channel, thread?.body.thread_ts]).toEqual(['CWINS', dayTs]);
    expect(dm?.body.channel).toBe('DBOB');
    expect(String(day?.body.text)).toBe("🙌 Kudos · Wed, Nov 18\nToday's shout-outs are in the thread. Give one: /kudos @name for what they did");

    const escaped = 'landing Globex &lt;!channel&gt; @here @channel thanks to @Olivia &amp; team';
    expect(String(thread?.body.text)).toBe(`Bob · from Alice\n${escaped}`);
    expect(String(dm?.body.text)).toBe(`🙌 Kudos for you\nFrom Alice:\n${escaped}`);
    for (const post of [thread, dm]) expect(JSON.stringify(post?.body.blocks)).toContain(escaped);
    for (const post of posts) {
      const wire = JSON.stringify(post.body);
      expect(wire).not.toContain('<!');
      expect(wire).not.toContain('<@');
      expect(wire).not.toContain('<#');
    }
    expect((await jobPostsOf(TEAM)).map((p) => [p.kind, p.conversation_id])).toEqual([['kudos.dm', 'DBOB'], ['kudos.day', 'CWINS'], ['kudos', 'CWINS']]);
  });
});

// ==== Teams ======================================================================================

describe('Teams: a kudos message activity through POST /api/messages, posted by the job', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-00000000c0d0';
  const TENANT = 'tenant-kudos';
  const BOT = { id: `28:${CLIENT_ID}`, name: 'Pacer' };
  const OLIVIA = { id: '29:olivia', name: 'Olivia Owner', aadObjectId: 'aad-olivia' };
  const ALICE = { id: '29:alice', name: 'Alice Novak', aadObjectId: 'aad-alice' };
  const BOB = { id: '29:bob', name: 'Bob Kranjc', aadObjectId: 'aad-bob' };
  type Account = typeof OLIVIA;
  const CHANNEL_ID = '19:wins0123@thread.tacv2';
  const personal = (who: Account) => ({ id: `a:1personal-${who.id}`, conversationType: 'personal', tenantId: TENANT });
  const channel = { id: `${CHANNEL_ID};messageid=1700000000000`, conversationType: 'channel', tenantId: TENANT, isGroup: true };
  const mention = (who: { id: string; name: string }) => ({ type: 'mention', text: `<at>${who.name}</at>`, mentioned: { id: who.id, name: who.name } });
  const clock = fixedClock(WED);

  let fake: FakeBotConnector;
  let pacer: PacerServer;
  let runtime: JobRuntime;
  let worker: Worker;
  let url: string;
  let seq = 0;

  beforeAll(async () => {
    fake = await startFakeBotConnector();
    ({ pacer, url } = await startTeamsPacer({ db: t.db, clientId: CLIENT_ID, fake, clock, effects: (effects) => runtime.effects(effects) }));
    runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, pacer.outbound, clock);
    worker = await runtime.startWorker();
  });

  afterAll(async () => {
    await runtime?.queue.obliterate({ force: true });
    await runtime?.close();
    await pacer?.stop();
    await fake?.close();
    // Every card Pacer sent here passed the official Adaptive Cards parser.
    expect(fake.invalidCards).toEqual([]);
  });

  /** A message activity from a person, as Teams posts it to the bot. */
  function activity(from: Account, conversation: Record<string, unknown>, fields: Record<string, unknown>) {
    seq += 1;
    return {
      type: 'message', id: `f:kudos-${seq}`, timestamp: new Date().toISOString(), serviceUrl: `${fake.url}/`, channelId: 'msteams',
      from, conversation, recipient: BOT, locale: 'en-US', channelData: { tenant: { id: TENANT } }, ...fields,
    };
  }

  async function send(body: Record<string, unknown>): Promise<number> {
    const token = signConnectorToken(fake.privateKey, fake.kid, { aud: CLIENT_ID, serviceurl: `${fake.url}/` });
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  }

  /** Someone types to Pacer; the reply's summary (its fallback text), once the bot has answered. */
  async function say(from: Account, conversation: { id: string }, text: string, entities: unknown[] = []): Promise<string> {
    const before = fake.calls.length;
    expect(await send(activity(from, conversation, { text, textFormat: 'plain', entities }))).toBe(200);
    const reply = await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.conversationId === conversation.id);
    return String(reply.body.summary);
  }

  const cardOf = (call: ConnectorCall | undefined): unknown => (call?.body.attachments as { content: unknown }[] | undefined)?.[0]?.content;

  it('gives the mentioned colleague kudos, and the posted cards carry no mention for the text typed into it', async () => {
    // Olivia installs Pacer (and so administers it) and makes the wins channel the recognition channel.
    expect(await send({ ...activity(OLIVIA, personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    expect(await say(OLIVIA, channel, `<at>${BOT.name}</at> pacer config channel recognition here`, [mention(BOT)])).toContain(CHANNEL_ID);

    // Alice names Bob by a Teams mention, Olivia by another inside the reason, and types `<at>Olivia Owner</at>`
    // and `<!channel>` as text (Teams sends what a person types with `<` and `>` as entities).
    const done = completion(worker, (job) => job.name === 'kudos.post');
    // The job may start before the reply reaches Alice (effects are handed over on commit): count from here.
    const before = fake.calls.length;
    const reply = await say(
      ALICE, personal(ALICE),
      `kudos <at>${BOB.name}</at> for landing Globex with <at>${OLIVIA.name}</at> &lt;at&gt;Olivia Owner&lt;/at&gt; &lt;!channel&gt; <at>Mallory</at>`,
      [mention(BOB), mention(OLIVIA)],
    );
    expect(reply).toBe(`🙌 Kudos to ${BOB.name} sent, with a direct message to them.\nIt goes in the thread of today's kudos post in ${CHANNEL_ID}.`);
    const [kudos] = await kudosOf(TENANT);
    expect(kudos).toEqual({ id: kudos?.id, reason: 'landing Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory', receivers: [BOB.id] });
    const bob = (await t.db.selectFrom('members').select('id').where('external_id', '=', BOB.id).executeTakeFirstOrThrow()).id;
    // The job's last run: the DM went out first; the thread post waited for the channel's next slot.
    expect((await done).result).toBe(`${bob}: duplicate, thread: posted`);

    // A new 1:1 chat with Bob and the DM in it, then the day's post in the channel and the kudos in its thread.
    const posted = fake.calls.slice(before).filter((c) => c.kind === 'create' && c.conversationId !== personal(ALICE).id);
    const rows = await jobPostsOf(TENANT);
    const dayId = rows.find((p) => p.kind === 'kudos.day')?.message_id;
    const dmId = rows.find((p) => p.kind === 'kudos.dm')?.conversation_id;
    expect(rows.map((p) => p.kind)).toEqual(['kudos.dm', 'kudos.day', 'kudos']);
    expect(posted.map((c) => c.conversationId)).toEqual([dmId, CHANNEL_ID, `${CHANNEL_ID};messageid=${dayId}`]);
    expect(fake.calls.slice(before).filter((c) => c.kind === 'conversation').map((c) => c.body.members)).toEqual([[{ id: BOB.id, role: 'user' }]]);
    const [dm, , thread] = posted;
    expect(thread?.body.summary).toBe(`${BOB.name} · from ${ALICE.name}\nlanding Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory`);
    expect(dm?.body.summary).toBe(`🙌 Kudos for you\nFrom ${ALICE.name}:\nlanding Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory`);

    for (const call of posted) {
      // No mention entity anywhere: not on the activity, not in the card.
      expect(call.body.entities ?? []).toEqual([]);
      const card = cardOf(call);
      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/"entities"|"mention"/);
      // Every `<` and `>` of the card's text is backslash-escaped: no `<at>…</at>` for Teams to take as a mention.
      for (const text of strings(card)) expect(text).not.toMatch(/(^|[^\\])[<>]/);
    }
    for (const call of [thread, dm]) {
      expect(JSON.stringify(cardOf(call))).toContain('landing Globex with @Olivia Owner \\\\<at\\\\>Olivia Owner\\\\</at\\\\> \\\\<!channel\\\\> Mallory');
    }
  });
});

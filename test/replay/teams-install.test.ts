/**
 * Installing Pacer in Teams, end to end: signed `installationUpdate` and `conversationUpdate`
 * activities through the real server, core and PostgreSQL store the conversation once (with its own
 * serviceUrl) and make the installer an admin; a proactive post through `teamsOutbound` then reaches
 * that stored conversation at its own serviceUrl (a second fake Bot Connector), paced and retried.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import { systemClock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { ConversationRef, Outbound } from '../../src/bot/ports.ts';
import { signConnectorToken, startFakeBotConnector, teamsTestConfig, type FakeBotConnector } from '../helpers/fake-bot-connector.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const CLIENT_ID = '00000000-0000-4000-8000-0000000b0t02';
const TENANT = 'tenant-fabrikam';
const BOT = { id: `28:${CLIENT_ID}`, name: 'Pacer' };
const OLIVIA = { id: '29:olivia', name: 'Olivia Owner', aadObjectId: 'aad-olivia' };
const BOB = { id: '29:bob', name: 'Bob Kranjc', aadObjectId: 'aad-bob' };
const CHAT = { id: '19:groupchat-sales@thread.v2', conversationType: 'groupChat', tenantId: TENANT, isGroup: true };

let t: TestDatabase;
/** Microsoft's key set and the app-wide Bot Connector. */
let keys: FakeBotConnector;
/** The Bot Connector serving the chat Pacer is installed in: its serviceUrl. */
let region: FakeBotConnector;
let pacer: PacerServer;
let outbound: Outbound;
let baseUrl: string;
const retryDelays: number[] = [];
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  keys = await startFakeBotConnector();
  region = await startFakeBotConnector();
  pacer = createPacerServer({
    db: t.db,
    ready: async () => true,
    teams: {
      ...teamsTestConfig(CLIENT_ID, keys.url),
      // Retries wait by recording the delay: no real waiting in a test.
      pacing: { retry: { sleep: async (ms) => void retryDelays.push(ms) } },
    },
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
  });
  baseUrl = (await pacer.start()).url;
  if (pacer.teamsOutbound === undefined) throw new Error('createPacerServer gave no teamsOutbound with Teams configured');
  outbound = pacer.teamsOutbound;
});

afterAll(async () => {
  await pacer?.stop();
  await region?.close();
  await keys?.close();
  await t?.close();
  // Every card Pacer sent here passed the official Adaptive Cards parser.
  expect([...keys.invalidCards, ...region.invalidCards]).toEqual([]);
});

beforeEach(async () => {
  await truncateAll(t.db);
  retryDelays.length = 0;
});

/** The fields every activity shares, from the chat at the regional serviceUrl. */
function base(from = OLIVIA) {
  seq += 1;
  return {
    id: `f:install-${seq}`,
    timestamp: new Date().toISOString(),
    serviceUrl: `${region.url}/`,
    channelId: 'msteams',
    from,
    conversation: CHAT,
    recipient: BOT,
    channelData: { tenant: { id: TENANT } },
  };
}

const installationUpdate = () => ({ ...base(), type: 'installationUpdate', action: 'add' });
const conversationUpdate = () => ({ ...base(), type: 'conversationUpdate', membersAdded: [BOT], channelData: { tenant: { id: TENANT }, eventType: 'teamMemberAdded' } });

async function send(body: Record<string, unknown>): Promise<number> {
  // Signed by Microsoft's key, for the activity's own serviceUrl (the SDK checks the claim against it).
  const token = signConnectorToken(keys.privateKey, keys.kid, { aud: CLIENT_ID, serviceurl: `${region.url}/` });
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

const conversations = () => t.db.selectFrom('conversations').selectAll().execute();
const memberRole = async (id: string) => (await t.db.selectFrom('members').select('role').where('external_id', '=', id).executeTakeFirst())?.role;

/** The stored conversation as a reference, as a later feature would read it. */
async function storedRef(): Promise<ConversationRef> {
  const row = await t.db
    .selectFrom('conversations')
    .innerJoin('workspaces', 'workspaces.id', 'conversations.workspace_id')
    .select(['conversations.conversation_id', 'conversations.service_url', 'workspaces.external_id'])
    .executeTakeFirstOrThrow();
  return { platform: 'teams', workspaceExternalId: row.external_id, conversationId: row.conversation_id, ...(row.service_url && { serviceUrl: row.service_url }) };
}

async function install(): Promise<void> {
  expect(await send(installationUpdate())).toBe(200);
  expect(await send(conversationUpdate())).toBe(200);
}

describe('Teams install', () => {
  it('stores the chat once (both install events), with its serviceUrl, and makes the installer admin', async () => {
    const [regionBefore, keysBefore] = [region.calls.length, keys.calls.length];
    await install();
    const rows = await conversations();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ conversation_id: CHAT.id, service_url: `${region.url}/`, kind: 'group' });
    const installer = await t.db.selectFrom('members').select(['id', 'role', 'display_name']).where('external_id', '=', OLIVIA.id).executeTakeFirstOrThrow();
    expect(installer).toMatchObject({ role: 'admin', display_name: OLIVIA.name });
    expect(rows[0]?.installed_by).toBe(installer.id);
    const workspace = await t.db.selectFrom('workspaces').select(['platform', 'external_id']).executeTakeFirstOrThrow();
    expect(workspace).toEqual({ platform: 'teams', external_id: TENANT });
    // Audited once, though Teams announced the install twice.
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject', 'details', 'actor_member_id']).execute();
    expect(audit).toEqual([{ action: 'member.role', subject: `member:${OLIVIA.id}`, actor_member_id: installer.id, details: expect.objectContaining({ before: 'rep', after: 'admin', reason: 'install' }) }]);
    // Install events are not messages: nothing was posted anywhere.
    expect(region.calls.length).toBe(regionBefore);
    expect(keys.calls.length).toBe(keysBefore);
  });

  it('makes only the first installer admin: adding the bot to another chat grants nothing', async () => {
    await install();
    const otherChat = { ...CHAT, id: '19:another-chat@thread.v2' };
    expect(await send({ ...base(BOB), conversation: otherChat, type: 'installationUpdate', action: 'add' })).toBe(200);
    expect(await conversations()).toHaveLength(2);
    expect(await memberRole(BOB.id)).toBe('rep');
    expect(await memberRole(OLIVIA.id)).toBe('admin');
  });

  it('ignores a conversationUpdate that adds someone other than the bot', async () => {
    expect(await send({ ...conversationUpdate(), membersAdded: [BOB] })).toBe(200);
    expect(await conversations()).toEqual([]);
    expect(await memberRole(OLIVIA.id)).toBeUndefined();
  });

  it('lets the installer grant manager with a Teams mention', async () => {
    await install();
    const before = region.calls.length;
    const mention = { type: 'mention', text: `<at>${BOB.name}</at>`, mentioned: { id: BOB.id, name: BOB.name } };
    const botMention = { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT };
    const message = { ...base(), type: 'message', text: `<at>${BOT.name}</at> pacer role <at>${BOB.name}</at> manager`, textFormat: 'plain', entities: [botMention, mention] };
    expect(await send(message)).toBe(200);
    const reply = await region.waitFor((c) => region.calls.indexOf(c) >= before && c.conversationId === CHAT.id);
    expect(JSON.stringify(reply.body)).toContain(BOB.name);
    expect(await memberRole(BOB.id)).toBe('manager');
  });

  it('posts proactively to the stored conversation at its own serviceUrl, and updates the post', async () => {
    await install();
    const to = await storedRef();
    const before = region.calls.length;
    const posted = await outbound.post(to, { title: 'Weekly pace', blocks: [{ type: 'text', text: 'Olivia is at 80% of her goal' }] });
    const call = await region.waitFor((c) => region.calls.indexOf(c) >= before && c.kind === 'create' && c.conversationId === CHAT.id);
    expect(posted).toEqual({ conversation: to, messageId: expect.stringMatching(/^sent-/) });
    expect(call.bearer?.split('.')).toHaveLength(3);
    expect(call.body.summary).toContain('Olivia is at 80% of her goal');
    expect(JSON.stringify(call.body.attachments)).toContain('AdaptiveCard');
    await outbound.update(posted, { blocks: [{ type: 'text', text: 'Olivia is at 90%' }] });
    const update = await region.waitFor((c) => region.calls.indexOf(c) >= before && c.kind === 'update');
    expect(update.activityId).toBe(posted.messageId);
    expect(keys.calls).toEqual([]);
  });

  it('retries a 429 after its Retry-After, then succeeds; a 400 is not retried', async () => {
    await install();
    const to = await storedRef();
    region.failNext({ status: 429, headers: { 'retry-after': '2' } });
    const before = region.calls.length;
    const posted = await outbound.post(to, { blocks: [{ type: 'text', text: 'after a 429' }] });
    const attempts = region.calls.slice(before);
    expect(attempts.map((c) => c.failedWith ?? 200)).toEqual([429, 200]);
    expect(retryDelays).toEqual([2_000]);
    expect(posted.messageId).toMatch(/^sent-/);

    region.failNext({ status: 400 });
    const start = region.calls.length;
    await expect(outbound.post(to, { blocks: [{ type: 'text', text: 'bad request' }] })).rejects.toMatchObject({ code: 'platform', message: 'Teams createActivity failed: 400' });
    expect(region.calls.slice(start).map((c) => c.failedWith)).toEqual([400]);
    expect(retryDelays).toEqual([2_000]);
    expect(keys.calls).toEqual([]);
  });

  it('tells a job how long to wait once the 429s outlast its retries, and that a removed conversation is gone', async () => {
    await install();
    const to = await storedRef();
    region.failNext({ status: 429, headers: { 'retry-after': '7' } }, { status: 429, headers: { 'retry-after': '7' } }, { status: 429, headers: { 'retry-after': '7' } });
    await expect(outbound.post(to, { blocks: [{ type: 'text', text: 'busy' }] })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 7_000 });
    region.failNext({ status: 404 });
    await expect(outbound.post(to, { blocks: [{ type: 'text', text: 'gone' }] })).rejects.toMatchObject({ code: 'gone', message: 'Teams createActivity failed: 404' });
  });

  it('opens a 1:1 chat with a person at the service URL stored for the tenant', async () => {
    await install();
    const before = region.calls.length;
    const dm = await outbound.openDirect({ platform: 'teams', externalId: TENANT }, BOB.id);
    expect(dm).toMatchObject({ platform: 'teams', workspaceExternalId: TENANT, serviceUrl: `${region.url}/`, kind: 'direct' });
    const call = await region.waitFor((c) => region.calls.indexOf(c) >= before && c.kind === 'conversation');
    expect(call.conversationId).toBe(dm.conversationId);
    expect(call.body).toMatchObject({ isGroup: false, bot: { id: BOT.id }, members: [{ id: BOB.id }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } });
  });
});

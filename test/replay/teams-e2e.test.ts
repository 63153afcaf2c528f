/**
 * Pacer end to end as Teams sees it: activities in Teams' real shape, signed as the Bot Framework
 * signs them (RS256, key set served on loopback), through the real server (createPacerServer, the
 * same the composition root uses), the real core and registry, the real PostgreSQL. Only Microsoft's
 * key set and Bot Connector are a fake on loopback. This server has no Slack: Teams alone is a mode.
 */
import { generateKeyPairSync } from 'node:crypto';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PacerServer } from '../../adapters/http/pacer-server.ts';
import { mountTeams } from '../../adapters/teams/create-teams-adapter.ts';
import { systemClock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { Inbound } from '../../src/bot/ports.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { cloudAt, signConnectorToken, startFakeBotConnector, startTeamsPacer, type FakeBotConnector, type TokenClaims } from '../helpers/fake-bot-connector.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const CLIENT_ID = '00000000-0000-4000-8000-0000000b0t01';
const TENANT = 'tenant-contoso';
const BOT = { id: `28:${CLIENT_ID}`, name: 'Pacer' };
const ALICE = { id: '29:alice', name: 'Alice Novak', aadObjectId: 'aad-alice' };
const OLIVIA = { id: '29:olivia', name: 'Olivia Owner', aadObjectId: 'aad-olivia' };
const BOB = { id: '29:bob', name: 'Bob Kranjc', aadObjectId: 'aad-bob' };

let t: TestDatabase;
let fake: FakeBotConnector;
let pacer: PacerServer;
let baseUrl: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeBotConnector();
  ({ pacer, url: baseUrl } = await startTeamsPacer({ db: t.db, clientId: CLIENT_ID, fake, clock: systemClock }));
});

afterAll(async () => {
  await pacer?.stop();
  await fake?.close();
  await t?.close();
  // Every card the tests above made Pacer send passed the official Adaptive Cards parser.
  expect(fake.cardsChecked()).toBeGreaterThan(10);
  expect(fake.invalidCards).toEqual([]);
});

beforeEach(async () => {
  await truncateAll(t.db);
});


interface Account {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A message activity as Teams posts it to the bot. */
function activity(text: string, options: { from?: Account; conversation?: Record<string, unknown>; entities?: unknown[]; value?: unknown; replyToId?: string; id?: string } = {}) {
  seq += 1;
  return {
    type: 'message',
    id: options.id ?? `1700000000${String(seq).padStart(3, '0')}`,
    timestamp: new Date().toISOString(),
    serviceUrl: `${fake.url}/`,
    channelId: 'msteams',
    from: options.from ?? ALICE,
    conversation: options.conversation ?? { id: `a:1personal-${(options.from ?? ALICE).id}`, conversationType: 'personal', tenantId: TENANT },
    recipient: BOT,
    text,
    textFormat: 'plain',
    locale: 'en-US',
    entities: options.entities ?? [],
    channelData: { tenant: { id: TENANT } },
    ...(options.value !== undefined && { value: options.value }),
    ...(options.replyToId !== undefined && { replyToId: options.replyToId }),
  };
}

const token = (claims: TokenClaims = {}) => signConnectorToken(fake.privateKey, fake.kid, { aud: CLIENT_ID, serviceurl: `${fake.url}/`, ...claims });

/** `auth`: the Authorization header; `null` sends none. Default: a valid Bot Framework token. */
async function send(body: Record<string, unknown>, auth: string | null = `Bearer ${token()}`, url = baseUrl): Promise<number> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth !== null && { authorization: auth }) },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Sends an activity and waits for the bot's reply to its conversation (the n-th call there). */
async function say(body: ReturnType<typeof activity>): Promise<string> {
  const before = fake.calls.length;
  expect(await send(body)).toBe(200);
  const reply = await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.conversationId === body.conversation.id);
  return JSON.stringify(reply.body);
}

const mention = (who: Account) => ({ type: 'mention', text: `<at>${who.name}</at>`, mentioned: { id: who.id, name: who.name } });
const dealCount = async () => Number((await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);
const CHANNEL = { id: '19:sales0123@thread.tacv2;messageid=1700000000000', conversationType: 'channel', tenantId: TENANT, isGroup: true };

describe('Teams, end to end', () => {
  it('logs "deal 12500 Acme Corp" from a 1:1 chat and replies with a card through the Bot Connector', async () => {
    const body = activity('deal 12500 Acme Corp');
    expect(await send(body)).toBe(200);
    const reply = await fake.waitFor((c) => c.conversationId === body.conversation.id);
    expect(reply.kind).toBe('create');
    expect(reply.bearer?.split('.')).toHaveLength(3);
    expect(reply.body.type).toBe('message');
    expect(reply.body.summary).toContain('Logged D-1: €12,500 won from Acme Corp');
    expect(reply.body.text).toBeUndefined();
    const attachments = reply.body.attachments as { contentType: string; content: { type: string; version: string } }[];
    expect(attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5' } });
    expect(JSON.stringify(attachments[0]?.content)).toContain('Acme Corp');
    const deal = await t.db.selectFrom('deals').select(['amount_minor', 'customer']).executeTakeFirstOrThrow();
    expect(deal).toEqual({ amount_minor: 1250000n, customer: 'Acme Corp' });
    const member = await t.db.selectFrom('members').select(['external_id', 'display_name']).executeTakeFirstOrThrow();
    expect(member).toEqual({ external_id: ALICE.id, display_name: ALICE.name });
    const workspace = await t.db.selectFrom('workspaces').select(['platform', 'external_id']).executeTakeFirstOrThrow();
    expect(workspace).toEqual({ platform: 'teams', external_id: TENANT });
  });

  it('logs one deal when Teams sends the same activity twice', async () => {
    const body = activity('deal 900 Initech', { id: 'repeated-activity-1' });
    await say(body);
    const again = await say(body);
    expect(again).toContain('Already done');
    expect(await dealCount()).toBe(1);
  });

  it('answers "<at>Pacer</at> goal" in a channel, the bot mention removed', async () => {
    const reply = await say(activity('<at>Pacer</at> goal', { conversation: CHANNEL, entities: [mention(BOT)] }));
    expect(reply).toContain('No goals are set for you');
    expect(fake.calls.at(-1)?.conversationId).toBe(CHANNEL.id);
  });

  it('sets a goal for a mentioned person, known from the mention entity though she never used Pacer', async () => {
    await say(activity('goal', { from: OLIVIA }));
    await t.db.updateTable('members').set({ role: 'manager' }).where('external_id', '=', OLIVIA.id).execute();
    const reply = await say(activity(`<at>Pacer</at> goal set <at>${ALICE.name}</at> 50000 month`, { from: OLIVIA, conversation: CHANNEL, entities: [mention(BOT), mention(ALICE)] }));
    expect(reply).toContain('Goal set: €50,000');
    const goal = await t.db
      .selectFrom('goals')
      .innerJoin('members', 'members.id', 'goals.member_id')
      .select(['members.external_id', 'members.display_name'])
      .executeTakeFirstOrThrow();
    expect(goal).toEqual({ external_id: ALICE.id, display_name: ALICE.name });
  });

  it('refuses a goal from a rep, and answers unknown words with help', async () => {
    expect(await say(activity(`goal set <at>${BOB.name}</at> 50000 month`, { entities: [mention(BOB)] }))).toContain('Only managers can do that');
    expect(await say(activity('hello there'))).toContain('I answer');
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(0);
  });

  it('undoes a deal from its card button, updating the card in place', async () => {
    await say(activity('deal 5000 Acme'));
    const reply = await say(activity('', { value: { action: 'deal.undo', value: '1' }, replyToId: 'sent-card-7' }));
    const update = fake.calls.at(-1);
    expect(update?.kind).toBe('update');
    expect(update?.activityId).toBe('sent-card-7');
    expect(reply).toContain('Took back D-1');
    expect(await dealCount()).toBe(0);
  });

  it('opens the deal form on a bare "deal", logs its submit, and re-sends it with errors', async () => {
    const form = JSON.parse(await say(activity('deal'))) as { attachments: { content: { actions: { data: { form: string; state?: string } }[] } }[] };
    const data = form.attachments[0]?.content.actions[0]?.data;
    expect(data?.form).toBe('deal');
    const bad = await say(activity('', { value: { ...data, outcome: 'won', amount: 'lots', customer: 'Acme Corp' } }));
    expect(bad).toContain('Attention');
    expect(bad).toContain('"form":"deal"');
    expect(await dealCount()).toBe(0);
    const done = await say(activity('', { value: { ...data, outcome: 'won', amount: '12.5k', customer: 'Acme Corp' } }));
    expect(done).toContain('€12,500 won from Acme Corp');
    expect(await dealCount()).toBe(1);
  });

  describe('refuses what the Bot Framework did not sign, and writes nothing', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    it.each<[string, () => string | null]>([
      ['no Authorization header', () => null],
      ['a token for another audience', () => `Bearer ${token({ aud: 'another-bot' })}`],
      ['a token from an unknown issuer (our key)', () => `Bearer ${token({ iss: 'https://evil.example' })}`],
      ['an Entra-issued token (the SDK alone would accept it)', () => `Bearer ${token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })}`],
      ['an sts.windows.net token', () => `Bearer ${token({ iss: `https://sts.windows.net/${TENANT}/` })}`],
      ['a token expired beyond the 300 s tolerance', () => `Bearer ${token({ expiresIn: -400 })}`],
      ['a serviceurl claim that does not match the activity', () => `Bearer ${token({ serviceurl: 'https://smba.evil.example/' })}`],
      ['a token signed by another key', () => `Bearer ${signConnectorToken(other, fake.kid, { aud: CLIENT_ID, serviceurl: `${fake.url}/` })}`],
      ['not a JWT', () => 'Bearer not-a-jwt'],
    ])('%s → 401', async (_name, auth) => {
      const before = fake.calls.length;
      expect(await send(activity('deal 5000 Acme'), auth())).toBe(401);
      expect(await dealCount()).toBe(0);
      expect(fake.calls.length).toBe(before);
    });
  });
});

/** An inbound port that only records the commands it was given. */
function stubInbound(calls: string[]): Inbound {
  return {
    handleCommand: async (e) => {
      calls.push(e.command);
      return { kind: 'message', message: { blocks: [] } };
    },
    handleAction: async () => undefined,
    handleFormSubmit: async () => ({ kind: 'done', message: { blocks: [] } }),
    handleInstall: async () => undefined,
    handleFile: async () => ({ blocks: [] }),
  };
}

describe('Teams without credentials', () => {
  it('answers 401 to everything, signed or not', async () => {
    const app = express();
    const calls: string[] = [];
    const inbound = stubInbound(calls);
    const teams = mountTeams(app, { inbound, commands: ['deal'], allowUnauthenticated: false, logger: createLogger({ level: 'silent' }), cloud: cloudAt(fake.url) });
    await teams.initialize();
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await send(activity('deal 5000 Acme'), null, url)).toBe(401);
      expect(await send(activity('deal 5000 Acme'), `Bearer ${token()}`, url)).toBe(401);
      expect(calls).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('never takes a client id without a secret or token', () => {
    expect(() => mountTeams(express(), { inbound: stubInbound([]), commands: [], clientId: CLIENT_ID, allowUnauthenticated: false, logger: createLogger({ level: 'silent' }) })).toThrow(/client secret/);
  });

  it('refuses TEAMS_ALLOW_UNAUTHENTICATED in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toThrow(ConfigError);
  });
});

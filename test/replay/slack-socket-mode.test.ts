/**
 * Pacer over Socket Mode, end to end: the real createPacerServer with an app token, the real Bolt
 * SocketModeReceiver and @slack/socket-mode client (undici WebSocket), the real core and PostgreSQL.
 * Slack's side is a fake on loopback: the Web API (apps.connections.open, auth.test, users.info, …)
 * and a WebSocket server that sends `hello` and envelopes and reads the acks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import { PacerFault } from '../../src/bot/errors.ts';
import { systemClock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { SlackConfig } from '../../src/config.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { startFakeSocketMode, type FakeSocketMode, type SocketModeAck } from '../helpers/fake-socket-mode.ts';

const BOT_TOKEN = 'xoxb-socket-bot-token';
const APP_TOKEN = 'xapp-1-A0001-socket-app-token';
const slackUser = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, name, real_name: name, profile: { display_name: name, real_name: name }, is_admin: false, is_owner: false, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false, ...extra,
});

let t: TestDatabase;
let fake: FakeSlack;
let socket: FakeSocketMode;
let pacer: PacerServer;
let baseUrl: string;
let trigger = 0;

const pacerOver = (slack: SlackConfig): PacerServer =>
  createPacerServer({ db: t.db, ready: async () => true, slack, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }), clock: systemClock });

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeSlack({ users: { UOWNER: slackUser('UOWNER', 'olivia', { is_owner: true }), UALICE: slackUser('UALICE', 'alice') } });
  socket = await startFakeSocketMode(fake);
  pacer = pacerOver({ signingSecret: 'x', botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: fake.apiUrl });
  baseUrl = (await pacer.start()).url;
});

afterAll(async () => {
  await pacer?.stop();
  await socket?.close();
  await fake?.close();
  await t?.close();
});

beforeEach(async () => {
  await truncateAll(t.db);
});

interface AckBody {
  response_type?: string;
  text?: string;
  blocks?: unknown[];
}

async function slash(command: string, text: string, user_id = 'UALICE'): Promise<{ ack: SocketModeAck; body: AckBody }> {
  trigger += 1;
  const ack = await socket.slashCommand({ command: `/${command}`, text, user_id, trigger_id: `trig-${trigger}`, response_url: fake.responseUrl(`cmd-${trigger}`) });
  return { ack, body: (ack.payload ?? {}) as AckBody };
}

const dealCount = async () => Number((await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);

describe('Slack over Socket Mode, end to end', () => {
  it('connects with the app token (apps.connections.open), checks the bot token (auth.test), and leaves HTTP to the health checks', async () => {
    await socket.connected();
    expect(socket.connections).toBe(1);
    expect(fake.callsTo('apps.connections.open').map((c) => c.bearer)).toEqual([APP_TOKEN]);
    expect(fake.callsTo('auth.test').every((c) => c.bearer === BOT_TOKEN)).toBe(true);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('logs /deal 12500 Acme Corp and answers in the ack payload; a rep’s /goal then shows the pace', async () => {
    await slash('goal', 'set <@UALICE|alice> 50000 month', 'UOWNER');
    const { ack, body } = await slash('deal', '12500 Acme Corp');
    expect(ack.envelope_id).toMatch(/^env-/);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Logged D-1: €12,500 won from Acme Corp');
    expect(JSON.stringify(body.blocks)).toContain('€12,500 of €50,000 this month');
    expect(await t.db.selectFrom('deals').select(['amount_minor', 'customer']).executeTakeFirstOrThrow()).toEqual({ amount_minor: 1250000n, customer: 'Acme Corp' });

    const goal = await slash('goal', '');
    expect(goal.body.response_type).toBe('ephemeral');
    expect(goal.body.text).toContain('Your goals');
    expect(goal.body.text).toContain('€12,500 of €50,000 this month');
    expect(await dealCount()).toBe(1);
  });

  it('acks an empty /deal with an empty payload, then opens the deal modal with the trigger', async () => {
    const { ack } = await slash('deal', '');
    expect(ack.payload).toEqual({});
    const open = await fake.waitFor('views.open', (c) => c.body.trigger_id === `trig-${trigger}`);
    expect(open.bearer).toBe(BOT_TOKEN);
    expect((open.body.view as { callback_id: string }).callback_id).toBe('deal');
    expect(await dealCount()).toBe(0);
  });

  it('takes a button click (interactive envelope): acks it, then replaces the message through the response_url', async () => {
    const { body } = await slash('deal', '5000 Acme');
    const actions = (body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const undo = actions?.elements?.find((e) => e.action_id === 'deal.undo');
    expect(undo).toBeDefined();
    const ack = await socket.send('interactive', {
      type: 'block_actions',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'UALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0001', is_ephemeral: true },
      trigger_id: 'trig-undo-1',
      channel: { id: 'C0001', name: 'sales' },
      response_url: fake.responseUrl('undo-1'),
      actions: [{ type: 'button', action_id: 'deal.undo', block_id: 'b', value: undo?.value, text: { type: 'plain_text', text: 'Undo' }, action_ts: '2.2' }],
    });
    expect(ack.payload).toEqual({});
    const replaced = await fake.waitFor('respond', (c) => c.id === 'undo-1');
    expect(replaced.body.replace_original).toBe(true);
    expect(JSON.stringify(replaced.body)).toContain('Took back D-1');
    expect(await dealCount()).toBe(0);
  });
});

describe('Socket Mode start-up and shut-down', () => {
  it('fails the start with a clear error when Slack refuses the app token, without retrying', async () => {
    socket.refuse('invalid_auth');
    const refused = pacerOver({ signingSecret: 'x', botToken: BOT_TOKEN, appToken: 'xapp-1-A0001-revoked', apiUrl: fake.apiUrl });
    try {
      const started = refused.start();
      await expect(started).rejects.toBeInstanceOf(PacerFault);
      await expect(started).rejects.toThrow('Slack refused the app token at start-up (apps.connections.open: invalid_auth)');
      // invalid_auth is final: one attempt, no retry loop, no socket.
      expect(fake.callsTo('apps.connections.open').filter((c) => c.bearer === 'xapp-1-A0001-revoked')).toHaveLength(1);
      expect(socket.connections).toBe(1);
    } finally {
      socket.refuse(undefined);
      await refused.stop();
    }
  });

  it('stop() resolves once the socket is closed, with a normal close handshake, and does not reconnect', async () => {
    expect(socket.closeCode).toBeUndefined();
    await pacer.stop();
    expect(socket.closeCode).toBe(1000);
    expect(socket.connections).toBe(1);
    expect(fake.callsTo('apps.connections.open').filter((c) => c.bearer === APP_TOKEN)).toHaveLength(1);
  });
});

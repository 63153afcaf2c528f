/**
 * Pacer end to end as Slack sees it: signed requests in Slack's real formats through the real server
 * (the same createPacerServer the composition root uses), the real core and registry, the real
 * PostgreSQL. Only Slack's Web API and response_urls are a fake on loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import { systemClock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { FORM_CONTENT_TYPE, interactionBody, nowSeconds, signSlackRequest, slashCommandBody, type SlashCommandFields } from '../helpers/slack-sign.ts';

const SECRET = 'e2e-signing-secret-0123456789abcdef';
const slackUser = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, name, real_name: name, profile: { display_name: name, real_name: name }, is_admin: false, is_owner: false, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false, ...extra,
});

let t: TestDatabase;
let fake: FakeSlack;
let pacer: PacerServer;
let baseUrl: string;
let trigger = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeSlack({
    users: {
      UOWNER: slackUser('UOWNER', 'olivia', { is_owner: true }),
      UALICE: slackUser('UALICE', 'alice'),
      UBOB: slackUser('UBOB', 'bob'),
      UMOJCA: slackUser('UMOJCA', 'mojca', { locale: 'sl-SI' }),
    },
  });
  pacer = createPacerServer({
    db: t.db,
    ready: async () => true,
    slack: { signingSecret: SECRET, botToken: 'xoxb-e2e-token', apiUrl: fake.apiUrl },
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
  });
  baseUrl = (await pacer.start()).url;
});

afterAll(async () => {
  await pacer?.stop();
  await fake?.close();
  await t?.close();
});

beforeEach(async () => {
  await truncateAll(t.db);
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE, ...headers }, body });

interface SlackAck {
  response_type?: string;
  text?: string;
  blocks?: unknown[];
}

async function slash(command: string, text: string, fields: Partial<SlashCommandFields> = {}): Promise<{ status: number; ack: SlackAck }> {
  trigger += 1;
  const body = slashCommandBody({ command: `/${command}`, text, user_id: 'UALICE', trigger_id: `trig-${trigger}`, response_url: fake.responseUrl(`cmd-${trigger}`), ...fields });
  const res = await post(body, signSlackRequest(body, SECRET));
  const raw = await res.text();
  return { status: res.status, ack: raw ? (JSON.parse(raw) as SlackAck) : {} };
}

const dealCount = async () => Number((await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);

describe('Slack, end to end', () => {
  it('logs /deal 12500 Acme Corp and answers in the ack, ephemerally, with the reference and the goal', async () => {
    await slash('goal', 'set <@UALICE|alice> 50000 month', { user_id: 'UOWNER' });
    const { status, ack } = await slash('deal', '12500 Acme Corp');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Logged D-1: €12,500 won from Acme Corp');
    expect(JSON.stringify(ack.blocks)).toContain('€12,500 of €50,000 this month');
    expect(await dealCount()).toBe(1);
  });

  it('escapes a customer called <!channel> exactly once: stored raw, notifies no one', async () => {
    const { ack } = await slash('deal', '900 &lt;!channel&gt; &amp; <@UBOB|bob> Corp');
    const deal = await t.db.selectFrom('deals').select('customer').executeTakeFirstOrThrow();
    expect(deal.customer).toBe('<!channel> & <@UBOB> Corp');
    const wire = JSON.stringify(ack);
    expect(wire).toContain('&lt;!channel&gt; &amp; &lt;@UBOB&gt; Corp');
    expect(wire).not.toContain('<!channel>');
    expect(wire).not.toContain('<@UBOB>');
  });

  it('makes Slack workspace owners Pacer admins (from users.info) and refuses goals from reps', async () => {
    const refused = await slash('goal', 'set <@UBOB|bob> 50000 month', { user_id: 'UALICE' });
    expect(refused.ack.text).toContain('Only managers can do that');
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(0);
    const granted = await slash('pacer', 'role <@UALICE|alice> manager', { user_id: 'UOWNER' });
    expect(granted.ack.text).toContain('manager');
    const set = await slash('goal', 'set <@UBOB|bob> 50000 month', { user_id: 'UALICE' });
    expect(set.ack.text).toContain('Goal set: €50,000');
    expect(fake.callsTo('users.info').map((c) => c.body.user)).toEqual(expect.arrayContaining(['UALICE', 'UOWNER', 'UBOB']));
  });

  it('opens the deal modal on an empty /deal, and its signed submission logs the deal', async () => {
    const { status } = await slash('deal', '');
    expect(status).toBe(200);
    const open = await fake.waitFor('views.open', (c) => c.body.trigger_id === `trig-${trigger}`);
    const view = open.body.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('deal');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['outcome', 'amount', 'customer', 'product', 'reason']);
    const payload = {
      type: 'view_submission',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'UALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0001',
      trigger_id: 'trig-submit-1',
      view: {
        id: 'V1', team_id: 'T0001', type: 'modal', callback_id: 'deal', private_metadata: view.private_metadata, hash: 'h',
        state: { values: {
          outcome: { outcome: { type: 'static_select', selected_option: { value: 'won', text: { type: 'plain_text', text: 'Won' } } } },
          amount: { amount: { type: 'plain_text_input', value: '12.5k' } },
          customer: { customer: { type: 'plain_text_input', value: 'Acme Corp' } },
          product: { product: { type: 'plain_text_input', value: 'Widgets' } },
          reason: { reason: { type: 'static_select', selected_option: null } },
        } },
      },
    };
    const body = interactionBody(payload);
    const res = await post(body, signSlackRequest(body, SECRET));
    expect(res.status).toBe(200);
    const confirmation = await fake.waitFor('chat.postEphemeral', (c) => c.body.user === 'UALICE');
    expect(confirmation.body.channel).toBe('C0001');
    expect(JSON.stringify(confirmation.body.blocks)).toContain('€12,500 won from Acme Corp');
    expect(await t.db.selectFrom('deals').select(['amount_minor', 'product']).executeTakeFirstOrThrow()).toEqual({ amount_minor: 1250000n, product: 'Widgets' });
  });

  it('undoes a deal from its Undo button, replacing the confirmation through the response_url', async () => {
    const { ack } = await slash('deal', '5000 Acme');
    const actions = (ack.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const button = actions?.elements?.[0];
    expect(button).toMatchObject({ action_id: 'deal.undo', value: '1' });
    const payload = {
      type: 'block_actions',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'UALICE', username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0001',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0001', is_ephemeral: true },
      trigger_id: 'trig-undo-1',
      channel: { id: 'C0001', name: 'sales' },
      response_url: fake.responseUrl('undo-1'),
      actions: [{ type: 'button', action_id: 'deal.undo', block_id: 'b', value: '1', text: { type: 'plain_text', text: 'Undo' }, action_ts: '2.2' }],
    };
    const body = interactionBody(payload);
    expect((await post(body, signSlackRequest(body, SECRET))).status).toBe(200);
    const replaced = await fake.waitFor('respond', (c) => c.id === 'undo-1');
    expect(replaced.body.replace_original).toBe(true);
    expect(JSON.stringify(replaced.body)).toContain('Took back D-1');
    expect(await dealCount()).toBe(0);
  });

  describe('refuses what Slack did not sign, and writes nothing', () => {
    const body = () => slashCommandBody({ command: '/deal', text: '5000 Acme', user_id: 'UALICE', trigger_id: `trig-bad-${++trigger}` });
    it.each([
      ['unsigned', (b: string) => ({})],
      ['tampered', (b: string) => signSlackRequest(b.replace('5000', '9000'), SECRET)],
      ['signed with another secret', (b: string) => signSlackRequest(b, 'not-the-secret')],
      ['stale (6 minutes old)', (b: string) => signSlackRequest(b, SECRET, nowSeconds() - 6 * 60)],
    ])('%s → 401', async (_name, headersFor) => {
      const b = body();
      const res = await post(b, headersFor(b));
      expect(res.status).toBe(401);
      expect(await dealCount()).toBe(0);
    });

    it('ssl_check smuggling a command without a valid signature → 401', async () => {
      const b = `ssl_check=1&${body()}`;
      const res = await post(b, signSlackRequest(b, 'wrong'));
      expect(res.status).toBe(401);
      expect(await dealCount()).toBe(0);
    });
  });

  it("answers in the person's own Slack language when Pacer speaks it, amounts in the workspace's format", async () => {
    const { ack } = await slash('deal', '12,500 Acme', { user_id: 'UMOJCA' });
    expect(ack.text).toContain('Zabeleženo D-1');
    expect(ack.text).toContain('12.500');
    expect((await slash('deal', '900 Initech')).ack.text).toContain('Logged D-2');
  });

  it('answers help and bad input with what was wrong and an example, writing nothing', async () => {
    expect((await slash('deal', 'help')).ack.text).toContain('/deal');
    const bad = await slash('deal', 'lots Acme');
    expect(JSON.stringify(bad.ack)).toContain('Example: /deal 12500 Acme Corp');
    expect((await slash('pacer', 'frobnicate')).ack.text).toContain('/pacer help');
    expect(await dealCount()).toBe(0);
  });
});

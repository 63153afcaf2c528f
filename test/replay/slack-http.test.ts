/**
 * The Slack adapter through the real HTTP stack: signed requests (Slack's v0 scheme) go to the real
 * server (express + Bolt's ExpressReceiver); Slack's Web API and response_urls are a fake on loopback.
 * The inbound port is a recorder with canned replies: this tests the adapter, not the core.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.ts';
import { slackCommandNames } from '../../adapters/slack/commands.ts';
import { SOMETHING_WENT_WRONG } from '../../adapters/slack/listeners.ts';
import { renderForm, renderMessage } from '../../adapters/slack/render.ts';
import { createSlackClient, slackDirectory, slackOutbound } from '../../adapters/slack/web-api.ts';
import type {
  ActionEvent,
  ActionReply,
  CommandEvent,
  CommandReply,
  FormResult,
  FormSubmitEvent,
  Inbound,
} from '../../src/bot/ports.ts';
import type { Form, Message } from '../../src/messages/message.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { FORM_CONTENT_TYPE, interactionBody, nowSeconds, signSlackRequest, slashCommandBody } from '../helpers/slack-sign.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';

// ---- a recording inbound port with canned replies ------------------------------------------------

const recorded = {
  commands: [] as CommandEvent[],
  actions: [] as ActionEvent[],
  forms: [] as FormSubmitEvent[],
};
const defaultReplies = {
  command: (_e: CommandEvent): Promise<CommandReply> => Promise.resolve({ kind: 'message', message: textMessage('ok') }),
  action: (_e: ActionEvent): Promise<ActionReply | undefined> => Promise.resolve(undefined),
  form: (_e: FormSubmitEvent): Promise<FormResult> => Promise.resolve({ kind: 'done', message: textMessage('saved') }),
};
const replies = { ...defaultReplies };
const inbound: Inbound = {
  handleCommand: (e) => {
    recorded.commands.push(e);
    return replies.command(e);
  },
  handleAction: (e) => {
    recorded.actions.push(e);
    return replies.action(e);
  },
  handleFormSubmit: (e) => {
    recorded.forms.push(e);
    return replies.form(e);
  },
  handleInstall: () => Promise.resolve(),
  handleFile: () => Promise.resolve(textMessage('file')),
};
const nothingRecorded = () => recorded.commands.length + recorded.actions.length + recorded.forms.length === 0;

function textMessage(text: string, extra: Partial<Message> = {}): Message {
  return { blocks: [{ type: 'text', text }], ...extra };
}

// ---- server, fake Slack, captured logs ----------------------------------------------------------

const logLines: string[] = [];
// Debug level, so Bolt's and the WebClient's own debug lines are checked for secrets too.
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });

let fake: FakeSlack;
let server: HttpServer;
let baseUrl: string;
let isReady = true;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: {
      U0001: {
        id: 'U0001',
        name: 'alice',
        real_name: 'Alice Archer',
        profile: { display_name: '', real_name: 'Alice Archer' },
        is_admin: false,
        is_owner: true,
        tz: 'Europe/Ljubljana',
        locale: 'sl-SI',
        is_bot: false,
      },
    },
  });
  server = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    ready: () => Promise.resolve(isReady),
    logger,
    slack: {
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      apiUrl: fake.apiUrl,
      inbound,
      commands: slackCommandNames,
      retries: 0,
      // Short, so the slow-core test is quick; the canned replies here answer in microseconds.
      ackDeadlineMs: 500,
    },
  });
  baseUrl = (await server.listen()).url;
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

beforeEach(() => {
  recorded.commands.length = 0;
  recorded.actions.length = 0;
  recorded.forms.length = 0;
  Object.assign(replies, defaultReplies);
  isReady = true;
});

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

async function postEvents(body: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': FORM_CONTENT_TYPE, ...headers },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

const postSigned = (body: string): Promise<Answer> => postEvents(body, signSlackRequest(body, SIGNING_SECRET));

function blockActionsPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: 'U0001', username: 'alice', name: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0001', is_ephemeral: true },
    trigger_id: 'trig-action-1',
    channel: { id: 'C0001', name: 'sales' },
    message: { type: 'message', ts: '1700000000.000100', text: 'Deal 42' },
    response_url: fake.responseUrl('action-1'),
    actions: [
      {
        type: 'button',
        action_id: 'deal.close#2',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Close', emoji: true },
        value: 'deal-42',
        action_ts: '1700000001.000200',
      },
    ],
    ...overrides,
  };
}

function viewSubmissionPayload(privateMetadata: string, triggerId: string): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: 'U0001', username: 'alice', name: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: triggerId,
    view: {
      id: 'V0001',
      team_id: 'T0001',
      type: 'modal',
      callback_id: 'deal.new',
      private_metadata: privateMetadata,
      hash: '1700000000.abc',
      title: { type: 'plain_text', text: 'Log a deal' },
      submit: { type: 'plain_text', text: 'Log' },
      close: null,
      blocks: [
        { type: 'input', block_id: 'amount', label: { type: 'plain_text', text: 'Amount' }, element: { type: 'plain_text_input', action_id: 'amount' } },
        { type: 'input', block_id: 'customer', label: { type: 'plain_text', text: 'Customer' }, element: { type: 'plain_text_input', action_id: 'customer' } },
      ],
      state: {
        values: {
          amount: { amount: { type: 'plain_text_input', value: '12x' } },
          customer: { customer: { type: 'plain_text_input', value: null } },
        },
      },
      app_id: 'A0001',
      bot_id: 'BBOT',
      root_view_id: 'V0001',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
}

const dealForm: Form = {
  id: 'deal.new',
  title: 'Log a deal',
  submitLabel: 'Log',
  fields: [
    { kind: 'text', id: 'amount', label: 'Amount' },
    { kind: 'text', id: 'customer', label: 'Customer', optional: true },
  ],
  state: 'draft-1',
};

// ---- health ------------------------------------------------------------------------------------

describe('health endpoints', () => {
  it('GET /healthz answers 200 { ok: true }', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('GET /readyz follows ready(): 200 when true, 503 when false', async () => {
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    isReady = false;
    const res = await fetch(`${baseUrl}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false });
  });
});

// ---- what arrives, and what goes back ----------------------------------------------------------

describe('signed Slack requests', () => {
  it('verified the bot token once with auth.test before listening', () => {
    const authTests = fake.callsTo('auth.test');
    expect(authTests).toHaveLength(1);
    expect(authTests[0]?.hasAuth).toBe(true);
  });

  it('a slash command reaches inbound normalised, and its answer rides in the ack body', async () => {
    const message: Message = { title: 'Deal logged', blocks: [{ type: 'text', text: '12.5k for <Acme & Co>' }], visibility: 'public' };
    replies.command = () => Promise.resolve({ kind: 'message', message });

    const answer = await postSigned(
      slashCommandBody({ command: '/deal', text: '<@U0002|bob> 12.5k Acme &amp; Co &lt;3', trigger_id: 'trig-cmd-1' }),
    );

    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('application/json');
    expect(JSON.parse(answer.text)).toEqual({ response_type: 'in_channel', ...renderMessage(message) });
    expect(recorded.commands).toEqual([
      {
        workspace: { platform: 'slack', externalId: 'T0001', name: 'acme' },
        userId: 'U0001',
        conversation: { platform: 'slack', workspaceExternalId: 'T0001', conversationId: 'C0001' },
        deliveryId: 'trig-cmd-1',
        command: 'deal',
        text: '<@U0002> 12.5k Acme & Co <3',
      },
    ]);
  });

  it('a private answer is ephemeral', async () => {
    const message = textMessage('only you');
    replies.command = () => Promise.resolve({ kind: 'message', message });
    const answer = await postSigned(slashCommandBody({ command: '/goal', text: '' }));
    expect(JSON.parse(answer.text)).toEqual({ response_type: 'ephemeral', ...renderMessage(message) });
    expect(recorded.commands[0]?.command).toBe('goal');
  });

  it('a form reply acks empty, then opens the rendered modal with the state and channel in private_metadata', async () => {
    replies.command = () => Promise.resolve({ kind: 'form', form: dealForm, fallback: textMessage('Use /deal 12500 Acme') });

    const answer = await postSigned(slashCommandBody({ command: '/deal', text: '', trigger_id: 'trig-form-1' }));

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const open = await fake.waitFor('views.open', (c) => c.body.trigger_id === 'trig-form-1');
    expect(open.hasAuth).toBe(true);
    expect(open.body.view).toEqual({ ...renderForm(dealForm), private_metadata: JSON.stringify({ s: 'draft-1', c: 'C0001' }) });
  });

  it('when the modal cannot open, the fallback message goes to the response_url', async () => {
    const fallback = textMessage('Use /deal 12500 Acme');
    replies.command = () => Promise.resolve({ kind: 'form', form: dealForm, fallback });
    fake.override('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    try {
      const answer = await postSigned(
        slashCommandBody({ command: '/deal', text: '', trigger_id: 'trig-form-2', response_url: fake.responseUrl('cmd-2') }),
      );
      expect(answer.status).toBe(200);
      const respond = await fake.waitFor('respond', (c) => c.id === 'cmd-2');
      expect(respond.body).toEqual({ response_type: 'ephemeral', ...renderMessage(fallback) });
    } finally {
      fake.override('views.open', undefined);
    }
  });

  it('a button click reaches handleAction, and the answer replaces the message through the response_url', async () => {
    const message = textMessage('Deal 42 closed');
    replies.action = () => Promise.resolve({ kind: 'replace', message });

    const answer = await postSigned(interactionBody(blockActionsPayload()));

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const respond = await fake.waitFor('respond', (c) => c.id === 'action-1');
    expect(respond.body).toEqual({ replace_original: true, ...renderMessage(message) });
    expect(recorded.actions).toEqual([
      {
        workspace: { platform: 'slack', externalId: 'T0001', name: 'acme' },
        userId: 'U0001',
        conversation: { platform: 'slack', workspaceExternalId: 'T0001', conversationId: 'C0001' },
        deliveryId: 'trig-action-1',
        // The renderer's copy suffix is gone: the core sees its own action id.
        actionId: 'deal.close',
        value: 'deal-42',
      },
    ]);
  });

  it('a form submit with errors keeps the modal open with response_action: errors', async () => {
    replies.form = () => Promise.resolve({ kind: 'errors', errors: { amount: 'That is not an amount: 12x' } });

    const answer = await postSigned(interactionBody(viewSubmissionPayload(JSON.stringify({ s: 'draft-1', c: 'C0001' }), 'trig-view-1')));

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ response_action: 'errors', errors: { amount: 'That is not an amount: 12x' } });
    expect(recorded.forms).toHaveLength(1);
    const [event] = recorded.forms;
    expect(event).toEqual({
      workspace: { platform: 'slack', externalId: 'T0001', name: 'acme' },
      userId: 'U0001',
      conversation: { platform: 'slack', workspaceExternalId: 'T0001', conversationId: 'C0001' },
      deliveryId: 'trig-view-1',
      formId: 'deal.new',
      values: { amount: '12x', customer: undefined },
      state: 'draft-1',
    });
    expect(Object.keys(event?.values ?? {})).toEqual(['amount', 'customer']);
  });

  it('a done form submit acks empty and posts the message ephemerally in the channel it came from', async () => {
    const message = textMessage('Deal logged: 12,500 Acme');
    replies.form = () => Promise.resolve({ kind: 'done', message });

    const answer = await postSigned(interactionBody(viewSubmissionPayload(JSON.stringify({ s: 'draft-1', c: 'C0001' }), 'trig-view-2')));

    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const { text, blocks } = renderMessage(message);
    const posted = await fake.waitFor('chat.postEphemeral', (c) => c.body.text === text);
    expect(posted.body).toMatchObject({ channel: 'C0001', user: 'U0001', text, blocks });
  });

  it('a done form submit without a channel goes by DM', async () => {
    const message = textMessage('Saved, privately');
    replies.form = () => Promise.resolve({ kind: 'done', message });

    const answer = await postSigned(interactionBody(viewSubmissionPayload('', 'trig-view-3')));

    expect(answer.status).toBe(200);
    const { text, blocks } = renderMessage(message);
    const posted = await fake.waitFor('chat.postMessage', (c) => c.body.text === text);
    expect(fake.callsTo('conversations.open').some((c) => c.body.users === 'U0001')).toBe(true);
    expect(posted.body).toMatchObject({ channel: 'D0001', text, blocks });
  });

  it('a failure in the core is logged and the user is told, in the ack', async () => {
    replies.command = () => Promise.reject(new Error(`database is down (while using ${BOT_TOKEN})`));

    const answer = await postSigned(slashCommandBody({ command: '/leaderboard', text: 'quarter' }));

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ response_type: 'ephemeral', text: SOMETHING_WENT_WRONG });
    const line = logLines.find((l) => l.includes('slack command failed'));
    expect(line).toBeDefined();
    expect(line).toContain('database is down');
    expect(line).toContain('[redacted]');
  });

  it('a command slower than the ack deadline is acked empty in time, and answered through the response_url', async () => {
    const message = textMessage('Leaderboard, eventually');
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    replies.command = async () => {
      await released;
      return { kind: 'message', message };
    };

    const answer = await postSigned(slashCommandBody({ command: '/leaderboard', text: '', response_url: fake.responseUrl('slow-1') }));

    // The ack came while the core was still working.
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    release();
    const respond = await fake.waitFor('respond', (c) => c.id === 'slow-1');
    expect(respond.body).toEqual({ response_type: 'ephemeral', ...renderMessage(message) });
  });

  it('accepts a request signed 4 minutes ago (inside Slack’s window)', async () => {
    const body = slashCommandBody({ command: '/pacer', text: 'help' });
    const answer = await postEvents(body, signSlackRequest(body, SIGNING_SECRET, nowSeconds() - 4 * 60));
    expect(answer.status).toBe(200);
    expect(recorded.commands).toHaveLength(1);
  });
});

// ---- what must never reach the core ------------------------------------------------------------

describe('requests Slack did not sign are refused with 401 and reach nothing', () => {
  const command = () => slashCommandBody({ command: '/deal', text: '99999 Evil Corp' });
  // Clear of the 5-minute edge by 30 s, so a second ticking over during the test cannot flip it.
  const beyondWindow = 5 * 60 + 30;

  const cases: [string, () => { body: string; headers: Record<string, string> }][] = [
    ['unsigned', () => ({ body: command(), headers: {} })],
    [
      'tampered body (the signature of another body)',
      () => ({ body: command(), headers: signSlackRequest(slashCommandBody({ command: '/deal', text: '1 Acme' }), SIGNING_SECRET) }),
    ],
    ['signed with the wrong secret', () => ({ body: command(), headers: signSlackRequest(command(), 'not-the-signing-secret') })],
    ['stale: more than 5 minutes old', () => ({ body: command(), headers: signSlackRequest(command(), SIGNING_SECRET, nowSeconds() - beyondWindow) })],
    ['more than 5 minutes in the future', () => ({ body: command(), headers: signSlackRequest(command(), SIGNING_SECRET, nowSeconds() + beyondWindow) })],
    [
      'signature header missing',
      () => {
        const { 'x-slack-request-timestamp': ts = '' } = signSlackRequest(command(), SIGNING_SECRET);
        return { body: command(), headers: { 'x-slack-request-timestamp': ts } };
      },
    ],
    [
      'timestamp header missing',
      () => {
        const { 'x-slack-signature': sig = '' } = signSlackRequest(command(), SIGNING_SECRET);
        return { body: command(), headers: { 'x-slack-signature': sig } };
      },
    ],
    ['ssl_check=1 smuggling a command, unsigned', () => ({ body: `ssl_check=1&${command()}`, headers: {} })],
    [
      'ssl_check=1 smuggling a command, with an invalid signature',
      () => ({ body: `ssl_check=1&${command()}`, headers: signSlackRequest(command(), SIGNING_SECRET) }),
    ],
    [
      'an interaction payload, unsigned',
      () => ({ body: interactionBody(blockActionsPayload()), headers: {} }),
    ],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const before = fake.calls.length;
    const { body, headers } = make();
    const answer = await postEvents(body, headers);
    expect(answer.status).toBe(401);
    expect(nothingRecorded()).toBe(true);
    expect(fake.calls.length).toBe(before);
  });

  it('a signed ssl_check is answered 200 with an empty body and still reaches nothing (Bolt 5.1 checks the signature first)', async () => {
    const body = `ssl_check=1&${command()}`;
    const answer = await postSigned(body);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(nothingRecorded()).toBe(true);
  });
});

// ---- the Web API side: directory and outbound over the fake ------------------------------------

describe('slackDirectory and slackOutbound over the Web API', () => {
  it('reads a profile with users.info, once for a burst, and again after the TTL', async () => {
    let now = 1_000_000;
    const client = createSlackClient({ token: BOT_TOKEN, apiUrl: fake.apiUrl, retries: 0, logger });
    const directory = slackDirectory(client, { ttlMs: 60_000, now: () => now });
    const workspace = { platform: 'slack' as const, externalId: 'T0001' };
    const lookups = () => fake.callsTo('users.info').filter((c) => c.body.user === 'U0001').length;
    const before = lookups();

    const [a, b, c] = await Promise.all([
      directory.lookupUser(workspace, 'U0001'),
      directory.lookupUser(workspace, 'U0001'),
      directory.lookupUser(workspace, 'U0001'),
    ]);

    expect(lookups() - before).toBe(1);
    expect(a).toEqual({
      userId: 'U0001',
      displayName: 'Alice Archer',
      isPlatformAdmin: true,
      timezone: 'Europe/Ljubljana',
      locale: 'sl-SI',
      isBot: false,
    });
    // One shared promise: the very same object.
    expect(b).toBe(a);
    expect(c).toEqual(a);
    expect(fake.callsTo('users.info').at(-1)?.body.include_locale).toBe('true');

    now += 60_001;
    await directory.lookupUser(workspace, 'U0001');
    expect(lookups() - before).toBe(2);

    expect(await directory.lookupUser(workspace, 'U9999')).toBeUndefined();
  });

  it('posts, updates, posts ephemerally and opens a DM', async () => {
    const client = createSlackClient({ token: BOT_TOKEN, apiUrl: fake.apiUrl, retries: 0 });
    const outbound = slackOutbound(client);
    const channel = { platform: 'slack' as const, workspaceExternalId: 'T0001', conversationId: 'C0002' };
    const first = textMessage('Leaderboard');
    const second = textMessage('Leaderboard (updated)');

    const posted = await outbound.post(channel, first);
    expect(posted.conversation.conversationId).toBe('C0002');
    await outbound.update(posted, second);
    await outbound.postEphemeral(channel, 'U0001', first);
    const dm = await outbound.openDirect({ platform: 'slack', externalId: 'T0001' }, 'U0001');

    expect(dm).toEqual({ platform: 'slack', workspaceExternalId: 'T0001', conversationId: 'D0001' });
    const update = fake.callsTo('chat.update').at(-1);
    expect(update?.body).toMatchObject({ channel: 'C0002', ts: posted.messageId, ...renderMessage(second) });
    expect(fake.callsTo('chat.postEphemeral').at(-1)?.body).toMatchObject({ channel: 'C0002', user: 'U0001', ...renderMessage(first) });
    expect(fake.calls.filter((c) => c.kind === 'api').every((c) => c.hasAuth)).toBe(true);
  });
});

// ---- last: nothing secret was ever logged ------------------------------------------------------

describe('logs', () => {
  it('never contain the bot token or the signing secret, in any line written during this file', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const leaks = logLines.filter((line) => line.includes(BOT_TOKEN) || line.includes(SIGNING_SECRET));
    expect(leaks).toEqual([]);
    // The token's secret part alone, in case something logged it cut or re-encoded.
    expect(logLines.some((line) => line.includes('pdFZKVeTuE8sk7oOcBrzbqgy'))).toBe(false);
  });
});

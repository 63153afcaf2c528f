/**
 * Scaffolding for end-to-end replay tests: a real Pacer server on loopback with a fake platform, and
 * the platform's side of the conversation as it arrives at Pacer's real endpoints (signed Slack
 * requests to `POST /slack/events`, Bot Framework-signed activities to `POST /api/messages`).
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import type { JobControl } from '../../jobs/deliver.ts';
import type { Clock } from '../../src/bot/clock.ts';
import type { EffectSink } from '../../src/bot/effects.ts';
import type { FileLinksConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/bot/logger.ts';
import type { Database } from '../../src/db/database.ts';
import { signConnectorToken, startFakeBotConnector, startTeamsPacer, type ConnectorCall, type FakeBotConnector } from './fake-bot-connector.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from './fake-slack.ts';
import { FORM_CONTENT_TYPE, interactionBody, signSlackRequest, slashCommandBody } from './slack-sign.ts';

/** A logger that writes nothing. */
export const silent = (): Logger => createLogger({ level: 'silent' });

/** A delivery that must post now: a job asked to wait for a send slot fails the test instead. */
export const mustPostNow: JobControl = {
  delay: (until) => Promise.reject(new Error(`deliverOnce wanted to wait until ${new Date(until).toISOString()}`)),
};

// ==== Slack ======================================================================================

/** A person as Slack's users.info describes them: in Ljubljana, in English, no admin; `extra` overrides. */
export const slackProfile = (id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id, name: name.toLowerCase(), real_name: name, profile: { display_name: name, real_name: name },
  is_admin: false, is_owner: false, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false, ...extra,
});

/** A message Pacer posted with one button, as Slack holds it: what Slack sends back when it is clicked. */
/** The Slack people most replay suites need: Olivia, a workspace owner (so a Pacer admin), Alice and Bob. */
export const slackTeamOfThree = (): Record<string, Record<string, unknown>> => ({
  UOLIVIA: slackProfile('UOLIVIA', 'Olivia', { is_owner: true }), UALICE: slackProfile('UALICE', 'Alice'), UBOB: slackProfile('UBOB', 'Bob'),
});

export interface SlackButtonMessage {
  channel: string;
  /** The channel's name as a click names it (`directmessage` for a DM). */
  channelName: string;
  ts: string;
  /** The message as Slack holds it (what it sends back in `message` on a click). */
  text: string;
  blocks: Record<string, unknown>[];
  /** The button exactly as rendered: the one element of the one `actions` block, and that block's id. */
  button: Record<string, unknown>;
  blockId: string;
}

/**
 * The message of a `chat.postMessage` call with its button, at the conversation and message id Pacer
 * recorded for the post. Expects exactly one `actions` block holding exactly one element.
 */
export function slackButtonMessage(post: FakeSlackCall, at: { conversationId: string; messageId: string; channelName: string }): SlackButtonMessage {
  const blocks = post.body.blocks as Record<string, unknown>[];
  const actions = blocks.filter((b) => b.type === 'actions');
  expect(actions).toHaveLength(1);
  const elements = actions[0]?.elements as Record<string, unknown>[];
  expect(elements).toHaveLength(1);
  return {
    channel: at.conversationId,
    channelName: at.channelName,
    ts: at.messageId,
    text: String(post.body.text),
    blocks,
    button: elements[0] ?? {},
    // Slack gives a block without an id one of its own; Pacer's renderer may or may not set it.
    blockId: typeof actions[0]?.block_id === 'string' ? actions[0].block_id : 'slack-assigned-1',
  };
}

/** What Pacer answered a click's POST with, and the id of the click's response_url. */
export interface SlackClick {
  status: number;
  text: string;
  respondId: string;
}

/** Pacer serving Slack on loopback against a fake Slack, and Slack's requests to it. */
export interface SlackReplay {
  fake: FakeSlack;
  pacer: PacerServer;
  url: string;
  /**
   * `user` clicks the message's button, as Slack posts it: a `block_actions` payload with a loopback
   * response_url (`<tag>-<n>`, trigger `trig-<tag>-<n>` for the n-th request), signed with the signing
   * secret unless another `secret` is given.
   */
  click(user: string, message: SlackButtonMessage, options?: { secret?: string }): Promise<SlackClick>;
  /** A slash command as Slack sends it (text already escaped by Slack), signed; its ack (`{}` if empty). */
  slash(user: string, command: string, text: string): Promise<{ status: number; ack: Record<string, unknown> }>;
  /** What the response_url of a click received: event-driven. */
  answerTo(respondId: string): Promise<Record<string, unknown>>;
  /**
   * `user` drops a file into their DM with Pacer: the fake keeps it (served to the bot token only) and
   * Slack's `message` event of subtype `file_share` is posted, signed (by `secret` if given). `again`
   * sends the same event once more, as Slack's retry does. The event's status and the file's id.
   */
  shareInDm(user: string, name: string, content: Buffer | string, options?: { secret?: string; again?: boolean }): Promise<{ status: number; fileId: string; statuses: number[] }>;
  /** Stops the server, then the fake. */
  stop(): Promise<void>;
}

/**
 * Starts a fake Slack knowing `users` and Pacer serving Slack alone on loopback against it. `team` is
 * the workspace requests come from; `tag` marks their trigger ids and response_urls; `clickTs` is the
 * `action_ts` second of clicks (the n-th click n microseconds on), by default the clock's at the start.
 */
export async function startSlackReplay(options: {
  db: Kysely<Database>;
  users: Record<string, Record<string, unknown>>;
  signingSecret: string;
  botToken: string;
  team: string;
  tag: string;
  clock: Clock;
  effects?: EffectSink;
  clickTs?: number;
  /** What users.lookupByEmail knows: address → user id. */
  emails?: Record<string, string>;
}): Promise<SlackReplay> {
  const { team, tag, signingSecret } = options;
  const fake = await startFakeSlack({ users: options.users, ...(options.emails && { emails: options.emails }) });
  let pacer: PacerServer;
  let url: string;
  try {
    pacer = createPacerServer({
      db: options.db,
      ready: async () => true,
      slack: { signingSecret, botToken: options.botToken, apiUrl: fake.apiUrl },
      port: 0,
      host: '127.0.0.1',
      logger: silent(),
      clock: options.clock,
      ...(options.effects && { effects: options.effects }),
    });
    url = (await pacer.start()).url;
  } catch (error) {
    await fake.close();
    throw error;
  }
  const clickTs = options.clickTs ?? Math.floor(options.clock.now().getTime() / 1000);
  let n = 0;

  const post = async (body: string, secret: string): Promise<Response> =>
    fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(body, secret) }, body });

  return {
    fake,
    pacer,
    url,
    async click(user, message, { secret = signingSecret } = {}) {
      n += 1;
      const respondId = `${tag}-${n}`;
      const payload = {
        type: 'block_actions',
        team: { id: team, domain: 'acme' },
        user: { id: user, username: user.slice(1).toLowerCase(), name: user.slice(1).toLowerCase(), team_id: team },
        api_app_id: 'A0001',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        trigger_id: `trig-${tag}-${n}`,
        channel: { id: message.channel, name: message.channelName },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, bot_id: 'BBOT', user: 'UBOT' },
        state: { values: {} },
        response_url: fake.responseUrl(respondId),
        actions: [{ ...message.button, block_id: message.blockId, action_ts: `${clickTs}.${String(n).padStart(6, '0')}` }],
      };
      const res = await post(interactionBody(payload), secret);
      return { status: res.status, text: await res.text(), respondId };
    },
    async slash(user, command, text) {
      n += 1;
      const body = slashCommandBody({ team_id: team, command: `/${command}`, text, user_id: user, user_name: user.slice(1).toLowerCase(), trigger_id: `trig-${tag}-${n}`, response_url: fake.responseUrl(`${tag}-${n}`) });
      const res = await post(body, signingSecret);
      const raw = await res.text();
      return { status: res.status, ack: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) };
    },
    answerTo: async (respondId) => (await fake.waitFor('respond', (c) => c.id === respondId)).body,
    async shareInDm(user, name, content, { secret = signingSecret, again = false } = {}) {
      n += 1;
      const file = fake.shareFile(name, content, options.botToken);
      const event = {
        token: 'legacy-verification-token', team_id: team, api_app_id: 'A0001', type: 'event_callback', event_id: `Ev${tag}${n}`, event_time: clickTs,
        authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }],
        event: {
          type: 'message', subtype: 'file_share', channel: `D${user.slice(1)}`, channel_type: 'im', user, text: '', ts: `${clickTs}.${String(n).padStart(6, '0')}`, upload: true,
          files: [{ ...file, title: name, filetype: 'csv', user, url_private: file.url_private_download }],
        },
      };
      const body = JSON.stringify(event);
      const statuses: number[] = [];
      for (let i = 0; i < (again ? 2 : 1); i += 1) {
        const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signSlackRequest(body, secret) }, body });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return { status: statuses[0] ?? 0, fileId: file.id, statuses };
    },
    async stop() {
      await pacer.stop();
      await fake.close();
    },
  };
}

// ==== Teams ======================================================================================

/** A person as Teams names them on an activity. */
export interface TeamsAccount {
  id: string;
  name: string;
  aadObjectId: string;
}

/** The people of the Teams replay tests: Olivia installs and administers Pacer; Alice and Bob sell. */
export const TEAMS_PEOPLE = {
  OLIVIA: { id: '29:olivia', name: 'Olivia Owner', aadObjectId: 'aad-olivia' },
  ALICE: { id: '29:alice', name: 'Alice Novak', aadObjectId: 'aad-alice' },
  BOB: { id: '29:bob', name: 'Bob Kranjc', aadObjectId: 'aad-bob' },
} as const satisfies Record<string, TeamsAccount>;

/** The bot as Teams names it (the recipient of every activity) for a bot client id. */
export const teamsBot = (clientId: string): { id: string; name: string } => ({ id: `28:${clientId}`, name: 'Pacer' });

/** A message activity from a person in a conversation, as Teams posts it to the bot. */
export interface TeamsActivity extends Record<string, unknown> {
  conversation: Record<string, unknown>;
}

/** Every Action.Submit in a card, wherever it sits. */
export function submitActions(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(submitActions);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  return [...(record.type === 'Action.Submit' ? [record] : []), ...Object.values(record).flatMap(submitActions)];
}

/** The card of a connector call (its first attachment's content). */
export const cardOf = (call: ConnectorCall | undefined): unknown => (call?.body.attachments as { content: unknown }[] | undefined)?.[0]?.content;

/** Pacer serving Teams on loopback against a fake Bot Connector, and Teams' activities to it. */
export interface TeamsReplay {
  fake: FakeBotConnector;
  pacer: PacerServer;
  url: string;
  /** A person's 1:1 chat with Pacer. */
  personal(who: TeamsAccount): { id: string; conversationType: string; tenantId: string };
  /** A message activity (id `f:<tag>-<n>`) from a person in a conversation; `fields` add to or override it. */
  activity(from: TeamsAccount, conversation: Record<string, unknown>, fields: Record<string, unknown>): TeamsActivity;
  /** Posts an activity to `POST /api/messages` with a token signed as the Bot Framework signs it; the status. */
  send(body: Record<string, unknown>): Promise<number>;
  /** Sends an activity (expecting 200) and waits for the bot's next call into that conversation that matches. */
  sendAndWait(body: TeamsActivity, match?: (c: ConnectorCall) => boolean): Promise<ConnectorCall>;
  /** Someone types to Pacer; the reply's summary (its fallback text), once the bot has answered. */
  say(from: TeamsAccount, conversation: Record<string, unknown>, text: string, entities?: unknown[]): Promise<string>;
  /** Stops the server, then the fake. */
  stop(): Promise<void>;
}

/**
 * Starts a fake Bot Connector and Pacer serving Teams alone on loopback against it, for the bot
 * `clientId` in the tenant `tenant`; `tag` marks the ids of the activities sent.
 */
export async function startTeamsReplay(options: { db: Kysely<Database>; clientId: string; tenant: string; tag: string; clock: Clock; effects?: EffectSink; files?: FileLinksConfig }): Promise<TeamsReplay> {
  const { clientId, tenant, tag } = options;
  const bot = teamsBot(clientId);
  const fake = await startFakeBotConnector();
  let started: { pacer: PacerServer; url: string };
  try {
    started = await startTeamsPacer({ db: options.db, clientId, fake, clock: options.clock, ...(options.effects && { effects: options.effects }), ...(options.files && { files: options.files }) });
  } catch (error) {
    await fake.close();
    throw error;
  }
  const { pacer, url } = started;
  let seq = 0;

  const activity = (from: TeamsAccount, conversation: Record<string, unknown>, fields: Record<string, unknown>): TeamsActivity => {
    seq += 1;
    return {
      type: 'message', id: `f:${tag}-${seq}`, timestamp: new Date().toISOString(), serviceUrl: `${fake.url}/`, channelId: 'msteams',
      from, conversation, recipient: bot, locale: 'en-US', channelData: { tenant: { id: tenant } }, ...fields,
    };
  };
  const send = async (body: Record<string, unknown>): Promise<number> => {
    const token = signConnectorToken(fake.privateKey, fake.kid, { aud: clientId, serviceurl: `${fake.url}/` });
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  };
  const sendAndWait = async (body: TeamsActivity, match: (c: ConnectorCall) => boolean = () => true): Promise<ConnectorCall> => {
    const before = fake.calls.length;
    expect(await send(body)).toBe(200);
    return fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.conversationId === body.conversation.id && match(c));
  };

  return {
    fake,
    pacer,
    url,
    personal: (who) => ({ id: `a:1personal-${who.id}`, conversationType: 'personal', tenantId: tenant }),
    activity,
    send,
    sendAndWait,
    say: async (from, conversation, text, entities = []) => String((await sendAndWait(activity(from, conversation, { text, textFormat: 'plain', entities }))).body.summary),
    async stop() {
      await pacer.stop();
      await fake.close();
    },
  };
}

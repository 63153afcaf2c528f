/**
 * Each platform behind one tiny driver, so a scenario can be written once and run against Slack and
 * Teams through their real HTTP endpoints: one real `createPacerServer` per platform (the same the
 * composition root builds), the real core and PostgreSQL, and only the platform's own API faked on
 * loopback (`fake-slack.ts`, `fake-bot-connector.ts`).
 *
 * People are named by a short key (`alice`); in a command's text, `@alice` stands for a real mention
 * on that platform: `<@UALICE|alice>` in a Slack slash command, `<at>Alice Novak</at>` plus a mention
 * entity (`mentioned.id`) in a Teams activity.
 */
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import type { Clock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { Role } from '../../src/bot/command.ts';
import { signConnectorToken, startFakeBotConnector, startTeamsPacer, type FakeBotConnector } from './fake-bot-connector.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { FORM_CONTENT_TYPE, signSlackRequest, slashCommandBody } from './slack-sign.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

/** A person of the scenario, the same on every platform. */
export interface Person {
  /** The key the scenario names them by, and writes `@key` for a mention of them. */
  key: string;
  displayName: string;
}

export interface PlatformDriver {
  /** The reply to `command text` typed by `user`, as plain text (the platform's fallback text). */
  say(user: string, command: string, text: string): Promise<string>;
  /** Makes `user` hold `role` by the platform's own means (below Pacer's `/pacer role`). */
  promote(user: string, role: Role): Promise<void>;
}

/** A running platform: its driver, its database (to check what was written) and its shutdown. */
export interface RunningPlatform {
  driver: PlatformDriver;
  db: TestDatabase['db'];
  close(): Promise<void>;
}

export interface PlatformFactory {
  name: string;
  start(people: readonly Person[], clock: Clock): Promise<RunningPlatform>;
}

const silent = () => createLogger({ level: 'silent' });

/** `@key` → the platform's mention, for the scenario's people; other `@words` stay as typed. */
function replaceMentions(text: string, people: readonly Person[], mention: (p: Person) => string): { text: string; mentioned: Person[] } {
  const mentioned: Person[] = [];
  const replaced = text.replace(/(^|\s)@([a-z]+)\b/g, (whole, space: string, key: string) => {
    const person = people.find((p) => p.key === key);
    if (person === undefined) return whole;
    mentioned.push(person);
    return `${space}${mention(person)}`;
  });
  return { text: replaced, mentioned };
}

/** Slack's mrkdwn escaping undone (`&lt;` `&gt;` `&amp;`, once), so the text reads as the user sees it. */
const unescapeSlack = (text: string): string => text.replace(/&(lt|gt|amp);/g, (_m, name: string) => (name === 'lt' ? '<' : name === 'gt' ? '>' : '&'));

/** The text of Slack blocks (headers, sections, fields, context), for when the ack has no top-level text. */
function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

export const slackPlatform: PlatformFactory = {
  name: 'Slack',
  async start(people, clock) {
    const SECRET = 'contract-signing-secret-0123456789abcdef';
    const idOf = (key: string): string => `U${key.toUpperCase()}`;
    const profile = (p: Person, owner = false) => ({
      id: idOf(p.key), name: p.key, real_name: p.displayName, profile: { display_name: p.displayName, real_name: p.displayName },
      is_admin: false, is_owner: owner, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false,
    });
    const t = await createTestDatabase();
    const fake: FakeSlack = await startFakeSlack({ users: Object.fromEntries(people.map((p) => [idOf(p.key), profile(p)])) });
    const pacer: PacerServer = createPacerServer({
      db: t.db,
      ready: async () => true,
      slack: { signingSecret: SECRET, botToken: 'xoxb-contract-token', apiUrl: fake.apiUrl },
      port: 0,
      host: '127.0.0.1',
      logger: silent(),
      clock,
    });
    const { url } = await pacer.start();
    let trigger = 0;
    const find = (key: string): Person => {
      const person = people.find((p) => p.key === key);
      if (person === undefined) throw new Error(`no person ${key} in the scenario`);
      return person;
    };
    return {
      db: t.db,
      driver: {
        async say(user, command, text) {
          trigger += 1;
          const typed = replaceMentions(text, people, (p) => `<@${idOf(p.key)}|${p.key}>`).text;
          const body = slashCommandBody({
            command: `/${command}`, text: typed, user_id: idOf(user), user_name: user,
            trigger_id: `contract-${trigger}`, response_url: fake.responseUrl(`contract-${trigger}`),
          });
          const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(body, SECRET) }, body });
          if (res.status !== 200) throw new Error(`Slack answered ${res.status}`);
          const raw = await res.text();
          const ack = raw === '' ? {} : (JSON.parse(raw) as { text?: unknown; blocks?: unknown });
          return unescapeSlack(typeof ack.text === 'string' && ack.text !== '' ? ack.text : blocksText(ack.blocks));
        },
        async promote(user, role) {
          // Slack has platform admins: a workspace owner (users.info `is_owner`) is a Pacer admin.
          // Other roles are Pacer's own, granted with `/pacer role`, never by Slack.
          if (role !== 'admin') throw new Error('On Slack only workspace owners are made admins by the platform');
          fake.users.set(idOf(user), profile(find(user), true));
        },
      },
      async close() {
        await pacer.stop();
        await fake.close();
        await t.close();
      },
    };
  },
};

export const teamsPlatform: PlatformFactory = {
  name: 'Teams',
  async start(people, clock) {
    const CLIENT_ID = '00000000-0000-4000-8000-0000c0ntract';
    const TENANT = 'tenant-contract';
    const BOT = { id: `28:${CLIENT_ID}`, name: 'Pacer' };
    const account = (p: Person) => ({ id: `29:${p.key}`, name: p.displayName, aadObjectId: `aad-${p.key}` });
    const t = await createTestDatabase();
    const fake: FakeBotConnector = await startFakeBotConnector();
    const { pacer, url } = await startTeamsPacer({ db: t.db, clientId: CLIENT_ID, fake, clock });
    let seq = 0;
    const find = (key: string): Person => {
      const person = people.find((p) => p.key === key);
      if (person === undefined) throw new Error(`no person ${key} in the scenario`);
      return person;
    };

    async function say(user: string, command: string, text: string): Promise<string> {
      seq += 1;
      const from = account(find(user));
      const typed = replaceMentions(text, people, (p) => `<at>${p.displayName}</at>`);
      const conversation = { id: `a:1personal-${from.id}`, conversationType: 'personal', tenantId: TENANT };
      const activity = {
        type: 'message',
        id: `contract-${seq}`,
        timestamp: new Date().toISOString(),
        serviceUrl: `${fake.url}/`,
        channelId: 'msteams',
        from,
        conversation,
        recipient: BOT,
        text: `${command} ${typed.text}`.trim(),
        textFormat: 'plain',
        locale: 'en-US',
        entities: typed.mentioned.map((p) => ({ type: 'mention', text: `<at>${p.displayName}</at>`, mentioned: { id: account(p).id, name: p.displayName } })),
        channelData: { tenant: { id: TENANT } },
      };
      const before = fake.calls.length;
      const token = signConnectorToken(fake.privateKey, fake.kid, { aud: CLIENT_ID, serviceurl: `${fake.url}/` });
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
      const reply = await fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.conversationId === conversation.id);
      const summary = reply.body.summary;
      if (typeof summary !== 'string') throw new Error(`reply without a summary: ${JSON.stringify(reply.body)}`);
      return summary;
    }

    return {
      db: t.db,
      driver: {
        say,
        async promote(user, role) {
          // Teams tells a bot nothing like Slack's workspace owner flag, so no Teams user is a platform
          // admin. The installer will be made admin by the install flow (being built); until then the
          // role is set in the database directly, as the Teams end-to-end test does. The member must
          // exist first: one harmless command registers them.
          await say(user, 'goal', '');
          const updated = await t.db.updateTable('members').set({ role }).where('external_id', '=', account(find(user)).id).executeTakeFirst();
          if (updated.numUpdatedRows !== 1n) throw new Error(`could not promote ${user}`);
        },
      },
      async close() {
        await pacer.stop();
        await fake.close();
        await t.close();
        // Every card this scenario made Pacer send must pass the official Adaptive Cards parser.
        if (fake.invalidCards.length > 0) throw new Error(`invalid Adaptive Cards sent: ${JSON.stringify(fake.invalidCards)}`);
      },
    };
  },
};

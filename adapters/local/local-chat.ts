import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeTeamsText } from '../teams/parse.ts';
import type { CommandReply, Inbound, WorkspaceRef } from '../../src/bot/ports.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Form } from '../../src/messages/message.ts';
import { DEMO_PEOPLE, DEMO_WORKSPACES, seedDemo, type DemoPlatform } from './demo.ts';

export interface LocalChatOptions {
  inbound: Inbound;
  /** Commands Pacer serves (`deal`, `goal`, …), so `deal 12500 Acme` works without the slash. */
  commands: readonly string[];
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who you are at the start. */
  as?: string;
  /** The demo platform at the start: `local` (default) or `teams`. */
  platform?: DemoPlatform;
  /**
   * Whether a demo workspace was never used, so switching to it seeds it first (as the local one is
   * at start). Without it, a switched-to workspace is not seeded.
   */
  isNew?: (workspace: WorkspaceRef) => Promise<boolean>;
}

const HELP = [
  'You are chatting with Pacer as one of the Demo Co team. Type commands as in Slack or Teams:',
  '  /deal 12500 Acme Corp · /goal · /leaderboard · /pacer help',
  'Local commands: /as <alice|bob|carol|dave|erin> (bob is a manager, carol an admin) · /who',
  '  /platform <local|teams> (act in the demo Slack-like workspace, or as a Teams user in a demo tenant)',
  '  /send <path> (send Pacer a file, as an upload to its DM: after /pacer import deals, as carol) · /quit',
].join('\n');

const PLATFORM_NAMES: Record<DemoPlatform, string> = { local: 'the local demo workspace', teams: 'a demo Microsoft Teams tenant' };
const isDemoPlatform = (word: string): word is DemoPlatform => Object.hasOwn(DEMO_WORKSPACES, word);

/** `@alice` typed by hand becomes the mention a platform would send, so mentions work the same. */
const toMentions = (text: string): string =>
  text.replace(/(^|\s)@([a-z]+)\b/gi, (whole, space: string, name: string) =>
    DEMO_PEOPLE.some((p) => p.userId === name.toLowerCase()) ? `${space}<@${name.toLowerCase()}>` : whole);

/** The demo bot's id in the Teams mode, as the recipient of the activities the terminal stands for. */
const DEMO_TEAMS_BOT = '28:pacer-demo';

/**
 * A typed line as Teams would send it: the user's `&`, `<`, `>` as entities, `@alice` as
 * `<at>Alice</at>` with a mention entity naming her, so the Teams adapter's own parser reads it.
 */
function asTeamsActivity(line: string): { text: string; entities: unknown[] } {
  const entities: unknown[] = [];
  const escaped = line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = escaped.replace(/(^|\s)@([a-z]+)\b/gi, (whole, space: string, name: string) => {
    const person = DEMO_PEOPLE.find((p) => p.userId === name.toLowerCase());
    if (person === undefined) return whole;
    const at = `<at>${person.displayName}</at>`;
    entities.push({ type: 'mention', text: at, mentioned: { id: person.userId, name: person.displayName } });
    return `${space}${at}`;
  });
  return { text, entities };
}

function formText(form: Form, platform: DemoPlatform): string {
  const fields = form.fields.map((f) => `  ${f.label}${'optional' in f && f.optional ? ' (optional)' : ''}`).join('\n');
  const where = platform === 'teams' ? 'in Teams this sends a card form' : 'in Slack this opens a form';
  return `${form.title} — ${where} with:\n${fields}\nHere, type the command with its text instead.`;
}

const replyText = (reply: CommandReply, platform: DemoPlatform): string =>
  reply.kind === 'message' ? fallbackText(reply.message) : `${formText(reply.form, platform)}\n\n${fallbackText(reply.fallback)}`;

/**
 * The terminal chat of the embedded default: read a line, send it to the core as the current demo
 * user, print the reply as plain text. Works on piped input too, so a session can be scripted.
 * Resolves when the input ends or the user types /quit.
 */
export async function runLocalChat(options: LocalChatOptions): Promise<void> {
  const { inbound, output } = options;
  let user = options.as ?? 'alice';
  let platform: DemoPlatform = options.platform ?? 'local';
  const say = (text: string): void => void output.write(`${text}\n`);
  const lines = createInterface({ input: options.input, terminal: false });
  // Ctrl+C ends the chat like /quit, so the embedded database is closed cleanly rather than killed.
  const stop = (): void => lines.close();
  process.once('SIGINT', stop);
  const prompt = (): void => void output.write(platform === 'local' ? `${user}> ` : `${user}@${platform}> `);
  say(HELP);
  prompt();
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '/quit' || line === '/exit') break;
      if (line) say(await answer(line));
      prompt();
    }
  } finally {
    process.off('SIGINT', stop);
  }
  say('');

  async function answer(line: string): Promise<string> {
    const [word = '', ...rest] = line.replace(/^\//, '').split(/\s+/);
    const command = word.toLowerCase();
    if (command === 'as') {
      const next = rest[0]?.toLowerCase().replace(/^@/, '') ?? '';
      if (!DEMO_PEOPLE.some((p) => p.userId === next)) return `Who? Try one of: ${DEMO_PEOPLE.map((p) => p.userId).join(', ')}`;
      user = next;
      return `You are now ${next}.`;
    }
    if (command === 'platform') {
      const next = rest[0]?.toLowerCase() ?? '';
      if (!isDemoPlatform(next)) return `Which platform? Try one of: ${Object.keys(DEMO_WORKSPACES).join(', ')}`;
      const workspace = DEMO_WORKSPACES[next];
      if (options.isNew && (await options.isNew(workspace))) await seedDemo(inbound, true, workspace);
      platform = next;
      return `You are now in ${PLATFORM_NAMES[next]} (${workspace.platform} ${workspace.externalId}), as ${user}.`;
    }
    if (command === 'send') return send(rest.join(' '));
    if (command === 'who') return `You are ${user}, in ${PLATFORM_NAMES[platform]}.`;
    if (command === 'help' && rest.length === 0) return `${HELP}\n\n${await answer('/pacer help')}`;
    if (!options.commands.includes(command)) return `Unknown command "${word}". ${HELP}`;
    const workspace = DEMO_WORKSPACES[platform];
    // In the Teams mode the line goes through the Teams adapter's parser, as a Teams message would.
    const text = platform === 'teams' ? normalizeTeamsText(asTeamsActivity(line), DEMO_TEAMS_BOT, options.commands).text : toMentions(line.replace(/^\/?\S+\s*/, ''));
    const conversation = { platform: workspace.platform, workspaceExternalId: workspace.externalId, conversationId: 'terminal' };
    const reply = await inbound.handleCommand({ workspace, userId: user, command, text, conversation });
    return replyText(reply, platform);
  }

  /** `/send docs/csv/deals.csv`: the file as if uploaded to Pacer's DM (an import's file). */
  async function send(path: string): Promise<string> {
    if (!path) return 'Send which file? For example: /send docs/csv/deals.csv';
    const full = resolve(path);
    const size = await stat(full).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
    if (size === undefined) return `There is no file at ${full}.`;
    const workspace = DEMO_WORKSPACES[platform];
    const conversation = { platform: workspace.platform, workspaceExternalId: workspace.externalId, conversationId: `dm:${user}`, kind: 'direct' as const };
    const reply = await inbound.handleFile({ workspace, userId: user, conversation, file: { name: basename(full), size, ref: full } });
    return reply ? fallbackText(reply) : '';
  }
}


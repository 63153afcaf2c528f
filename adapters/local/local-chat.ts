import { createInterface } from 'node:readline';
import type { CommandReply, Inbound } from '../../src/bot/ports.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Form } from '../../src/messages/message.ts';
import { DEMO_PEOPLE, DEMO_WORKSPACE } from './demo.ts';

export interface LocalChatOptions {
  inbound: Inbound;
  /** Commands Pacer serves (`deal`, `goal`, …), so `deal 12500 Acme` works without the slash. */
  commands: readonly string[];
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who you are at the start. */
  as?: string;
}

const HELP = [
  'You are chatting with Pacer as one of the Demo Co team. Type commands as in Slack:',
  '  /deal 12500 Acme Corp · /goal · /leaderboard · /pacer help',
  'Local commands: /as <alice|bob|carol|dave|erin> (bob is a manager, carol an admin) · /who · /quit',
].join('\n');

/** `@alice` typed by hand becomes the mention a platform would send, so mentions work the same. */
const toMentions = (text: string): string =>
  text.replace(/(^|\s)@([a-z]+)\b/gi, (whole, space: string, name: string) =>
    DEMO_PEOPLE.some((p) => p.userId === name.toLowerCase()) ? `${space}<@${name.toLowerCase()}>` : whole);

function formText(form: Form): string {
  const fields = form.fields.map((f) => `  ${f.label}${'optional' in f && f.optional ? ' (optional)' : ''}`).join('\n');
  return `${form.title} — in Slack this opens a form with:\n${fields}\nHere, type the command with its text instead.`;
}

const replyText = (reply: CommandReply): string =>
  reply.kind === 'message' ? fallbackText(reply.message) : `${formText(reply.form)}\n\n${fallbackText(reply.fallback)}`;

/**
 * The terminal chat of the embedded default: read a line, send it to the core as the current demo
 * user, print the reply as plain text. Works on piped input too, so a session can be scripted.
 * Resolves when the input ends or the user types /quit.
 */
export async function runLocalChat(options: LocalChatOptions): Promise<void> {
  const { inbound, output } = options;
  let user = options.as ?? 'alice';
  const say = (text: string): void => void output.write(`${text}\n`);
  const lines = createInterface({ input: options.input, terminal: false });
  // Ctrl+C ends the chat like /quit, so the embedded database is closed cleanly rather than killed.
  const stop = (): void => lines.close();
  process.once('SIGINT', stop);
  const prompt = (): void => void output.write(`${user}> `);
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
    if (command === 'who') return `You are ${user}.`;
    if (command === 'help' && rest.length === 0) return `${HELP}\n\n${await answer('/pacer help')}`;
    if (!options.commands.includes(command)) return `Unknown command "${word}". ${HELP}`;
    const text = toMentions(line.replace(/^\/?\S+\s*/, ''));
    const reply = await inbound.handleCommand({ workspace: DEMO_WORKSPACE, userId: user, command, text, conversation: { platform: 'local', workspaceExternalId: DEMO_WORKSPACE.externalId, conversationId: 'terminal' } });
    return replyText(reply);
  }
}


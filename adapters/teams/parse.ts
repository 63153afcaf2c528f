import { RESERVED_SUBMIT_KEYS } from './render.ts';

/** The first words Pacer answers to in Teams (its slash commands on Slack). */
export const TEAMS_COMMANDS: readonly string[] = ['deal', 'goal', 'leaderboard', 'training', 'coach', 'feedback', 'diagnose', 'kudos', 'recognition', 'pacer', 'help'];

/** The part of an inbound message activity the text comes from. */
export interface TeamsTextActivity {
  text?: string;
  entities?: unknown[];
}

export interface NormalizedText {
  /** The command word, lower-cased, when the text starts with one (`/` optional). */
  command?: string;
  /** The rest: raw user text in which only `<@USERID>` is structured. */
  text: string;
}

/**
 * Turns the text of a Teams message activity into the core's form.
 *
 * Teams sends message text HTML-ish: mentions as `<at>Name</at>` with a `mention` entity naming the
 * person (`{ type: 'mention', mentioned: { id, name }, text: '<at>Name</at>' }`), the user's own `<`,
 * `&` as entities, and formatted messages wrapped in tags (`<p>…</p>`, `<br>`).
 * - the bot's own mention (channels and group chats must @mention it) is removed;
 * - another person's mention becomes `<@ID>` with the entity's `mentioned.id` (`29:…`); an `<at>`
 *   with no entity is just the name (nothing identifies the person);
 * - block tags (`p`, `div`, `br`, `li`…) become line breaks, other tags go, keeping their text (an
 *   emoji tag keeps its `alt`);
 * - entities (`&amp;`, `&lt;`, `&nbsp;`, `&#39;`, `&#x1F600;`) decode, once;
 * - runs of spaces collapse and lines are trimmed;
 * - the first word, with or without a leading `/`, is the command when it is one of `commands`.
 *
 * Tags, mentions and entities are read in one pass over the input, so text the user typed (`&lt;b&gt;`)
 * is never taken for a tag, and nothing decoded is decoded again.
 *
 * @example normalizeTeamsText({ text: '<at>Pacer</at> goal set <at>Alice</at> 50000', entities: [botMention, aliceMention] }, '28:bot')
 * // { command: 'goal', text: 'set <@29:alice> 50000' }
 */
export function normalizeTeamsText(
  activity: TeamsTextActivity,
  botId: string,
  commands: readonly string[] = TEAMS_COMMANDS,
): NormalizedText {
  const mentions = mentionEntities(activity.entities);
  const used = new Set<Mention>();
  const decoded = (activity.text ?? '').replace(TOKEN, (match: string, atInner: string | undefined, tagName: string | undefined, entity: string | undefined) => {
    if (atInner !== undefined) return mentionText(match, atInner, mentions, used, botId);
    if (tagName !== undefined) return tagText(match, tagName);
    return decodeEntity(match, entity ?? '');
  });
  const text = tidy(decoded);
  const first = /^\/?(\S+)\s*/.exec(text);
  const word = first?.[1]?.toLowerCase();
  if (first === null || word === undefined || !commands.includes(word)) return { text };
  return { command: word, text: text.slice(first[0].length) };
}

/** `<at …>…</at>`, then any other tag, then an entity; case-insensitive. */
const TOKEN = /<at\b[^>]*>([\s\S]*?)<\/at\s*>|<\/?([a-z][a-z0-9]*)\b[^>]*>|&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface Mention {
  id: string;
  name?: string;
  text?: string;
}

function mentionEntities(entities: unknown[] | undefined): Mention[] {
  const mentions: Mention[] = [];
  for (const entity of entities ?? []) {
    if (!isRecord(entity) || entity.type !== 'mention' || !isRecord(entity.mentioned)) continue;
    const { id, name } = entity.mentioned;
    if (typeof id !== 'string' || id === '') continue;
    mentions.push({
      id,
      ...(typeof name === 'string' && { name }),
      ...(typeof entity.text === 'string' && { text: entity.text }),
    });
  }
  return mentions;
}

/**
 * The entity that goes with an `<at>` tag: the first unused one whose `text` is the tag as sent, else
 * one whose name is the tag's text (Teams' own text for an entity is sometimes differently escaped).
 */
function mentionText(match: string, inner: string, mentions: Mention[], used: Set<Mention>, botId: string): string {
  const name = tidy(decodeAll(inner));
  const mention =
    mentions.find((m) => !used.has(m) && m.text === match) ?? mentions.find((m) => !used.has(m) && m.name !== undefined && tidy(m.name) === name);
  if (mention === undefined) return name;
  used.add(mention);
  if (sameBot(mention.id, botId)) return ' ';
  // Spaces around it, so a mention typed right against a word still reads as its own word.
  return ` <@${mention.id}> `;
}

/** Bot ids come as `28:<app id>` in activities; configuration may hold the bare app id. */
function sameBot(id: string, botId: string): boolean {
  const bare = (s: string): string => s.replace(/^28:/, '').toLowerCase();
  return botId !== '' && bare(id) === bare(botId);
}

function tagText(match: string, tagName: string): string {
  const name = tagName.toLowerCase();
  if (BLOCK_TAGS.has(name)) return '\n';
  if (name === 'img' || name === 'emoji') {
    const alt = /\balt\s*=\s*"([^"]*)"/i.exec(match)?.[1];
    return alt === undefined ? '' : decodeAll(alt);
  }
  return '';
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** One entity to its character; an unknown or invalid one stays as it was written. */
function decodeEntity(match: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    const valid = Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : match;
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? match;
}

/** Tags and entities of a fragment (a mention's name, an alt text), without mentions. */
function decodeAll(fragment: string): string {
  return fragment.replace(/<[^>]*>|&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (match: string, entity: string | undefined) =>
    entity === undefined ? '' : decodeEntity(match, entity),
  );
}

/** Spaces (no-break ones too) collapse, lines are trimmed, blank runs become one blank line. */
function tidy(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ——— Action.Submit payloads ———

/** A form card's submit as it arrives in `activity.value`: our `{ form, state }` and the inputs' values. */
export interface FormSubmit {
  formId: string;
  state?: string;
  /** Input id (= field id) → value; an input left empty is `undefined`. */
  values: Record<string, string | undefined>;
}

/**
 * Reads the `value` of a message activity sent by a form card's `Action.Submit` (see `renderFormCard`).
 * Anything else — a button click, a payload from elsewhere — gives `undefined`.
 *
 * @example readFormSubmit({ form: 'deal', state: 's', amount: '5000', product: '' })
 * // { formId: 'deal', state: 's', values: { amount: '5000', product: undefined } }
 */
export function readFormSubmit(value: unknown): FormSubmit | undefined {
  if (!isRecord(value)) return undefined;
  const formId = value.form;
  if (typeof formId !== 'string' || formId === '') return undefined;
  const values: Record<string, string | undefined> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (RESERVED_SUBMIT_KEYS.includes(key)) continue;
    values[key] = inputValue(raw);
  }
  return { formId, ...(typeof value.state === 'string' && { state: value.state }), values };
}

/** Input values are strings; a number or boolean from another input type is kept as its text. */
function inputValue(raw: unknown): string | undefined {
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  return raw;
}

export interface ActionSubmit {
  actionId: string;
  value?: string;
}

/**
 * Reads the `value` of a message activity sent by a button (`Action.Submit` with `{ action, value }`,
 * see `renderCard`). A form's submit (which has `form`) or anything else gives `undefined`.
 *
 * @example readActionSubmit({ action: 'deal.undo', value: '42' }) // { actionId: 'deal.undo', value: '42' }
 */
export function readActionSubmit(value: unknown): ActionSubmit | undefined {
  if (!isRecord(value) || 'form' in value) return undefined;
  const { action, value: payload } = value;
  if (typeof action !== 'string' || action === '') return undefined;
  return { actionId: action, ...(typeof payload === 'string' && { value: payload }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A channel message's conversation id names its thread (`19:…@thread.tacv2;messageid=123`). The core
 * keeps the channel and the thread apart, so a channel chosen from inside a thread (`… channel goals
 * here`) gets posts of its own, not replies in that thread.
 */
export function splitThread(id: string): { conversationId: string; threadId?: string } {
  const at = id.indexOf(';messageid=');
  return at < 0 ? { conversationId: id } : { conversationId: id.slice(0, at), threadId: id.slice(at + ';messageid='.length) };
}

import type {
  ActionsBlock,
  Button as SlackButton,
  ContextBlock,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { PacerFault } from '../../src/bot/errors.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { cutText } from '../../src/messages/cut.ts';
import type { Block, Button, Field, Form, FormField, Message, Tone } from '../../src/messages/message.ts';
import { escapeMrkdwn } from './escape.ts';

/**
 * Block Kit limits (docs.slack.dev/reference/block-kit). Slack rejects a whole message or view when one
 * is broken, so the renderer keeps every one of them instead of trusting the content to be short.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  /** Section `text`, context elements and any other text object. */
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerActions: 25,
  actionId: 255,
  blockId: 255,
  imageAltText: 2000,
  imageUrl: 3000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  placeholder: 150,
  plainTextInput: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
  callbackId: 255,
  /**
   * Not in Slack's reference: `chat.postMessage` answers `msg_blocks_too_long` once the text of all
   * blocks together passes roughly 11–13k characters (slackapi/bolt-js#2509, #2867). Kept well below.
   */
  totalText: 10_000,
  /** Slack recommends at most 4,000 characters of top-level `text` (it truncates far later). */
  fallbackText: 4000,
} as const;

/**
 * Separates a neutral action id from the copy number the renderer adds when several buttons in one
 * message share it (`deal.close`, `deal.close#2`): Slack wants action ids unique. `neutralActionId` in
 * ./parse.ts strips it again.
 */
export const ACTION_ID_COPY_SEPARATOR = '#';

export interface RenderOptions {
  /**
   * Text of the context block that stands in for the blocks left out when a message is over Slack's
   * limits; gets how many were left out. Pass a translated one (`n => t('more', { count: n })`).
   */
  moreLabel?: (count: number) => string;
}

export interface SlackMessage {
  /** Notification and screen-reader text: the shared fallback text, escaped. */
  text: string;
  blocks: KnownBlock[];
}

const defaultMoreLabel = (count: number): string => `… +${count}`;

/**
 * Renders a neutral message as Block Kit. Every piece of text is escaped exactly once here; plain_text
 * objects are not parsed by Slack, so they are only cut to length.
 *
 * @example renderMessage({ title: 'Deal logged', blocks: [{ type: 'text', text: 'Acme <3' }] })
 * // { text: 'Deal logged\nAcme &lt;3', blocks: [header 'Deal logged', section 'Acme &lt;3'] }
 */
export function renderMessage(message: Message, options: RenderOptions = {}): SlackMessage {
  const actionIds = new Map<string, number>();
  const pieces: Piece[] = [];
  if (message.title !== undefined) pieces.push(...headerPieces(message.title));
  for (const block of message.blocks) pieces.push(...blockPieces(block, actionIds));
  return {
    text: renderFallback(message),
    blocks: withinMessageLimits(pieces, options.moreLabel ?? defaultMoreLabel),
  };
}

/** A rendered block and how many characters of text it carries (for the message-wide budget). */
interface Piece {
  block: KnownBlock;
  chars: number;
}

function blockPieces(block: Block, actionIds: Map<string, number>): Piece[] {
  switch (block.type) {
    case 'header':
      return headerPieces(block.text);
    case 'text':
      return textPieces(block.text, block.tone);
    case 'context':
      return textPieces(block.text, 'muted');
    case 'fields':
      return fieldPieces(block.fields);
    case 'actions':
      return actionPieces(block.buttons, actionIds);
    case 'divider':
      return [{ block: { type: 'divider' }, chars: 0 }];
    case 'image':
      return imagePieces(block.url, block.alt);
    case 'rows':
      return rowPieces(block.columns, block.rows);
  }
}

function headerPieces(text: string): Piece[] {
  if (text.trim() === '') return [];
  const element = plain(text, SLACK_LIMITS.headerText);
  return [{ block: { type: 'header', text: element }, chars: element.text.length }];
}

/** Long text becomes several sections split at line ends; only a single over-long line is cut. */
function textPieces(raw: string, tone: Tone | undefined): Piece[] {
  const max = SLACK_LIMITS.sectionText;
  const lines = splitLines(raw).map((line) => (tone === 'strong' ? boldLine(line, max) : fitEscaped(line, max)));
  return chunkLines(lines, max).map((text) =>
    tone === 'muted'
      ? { block: contextBlock(text), chars: text.length }
      : { block: { type: 'section', text: { type: 'mrkdwn', text } }, chars: text.length },
  );
}

/** Slack's bold does not cross line ends or start or end on a space, so each line is wrapped alone. */
function boldLine(line: string, max: number): string {
  const core = line.trim();
  return core === '' ? '' : `*${fitEscaped(core, max - 2)}*`;
}

function fieldPieces(fields: Field[]): Piece[] {
  const texts = fields.map(fieldText).filter((t) => t !== '');
  const pieces: Piece[] = [];
  for (let i = 0; i < texts.length; i += SLACK_LIMITS.fieldsPerSection) {
    const group = texts.slice(i, i + SLACK_LIMITS.fieldsPerSection);
    const block: SectionBlock = { type: 'section', fields: group.map((text) => ({ type: 'mrkdwn', text })) };
    pieces.push({ block, chars: sum(group.map((t) => t.length)) });
  }
  return pieces;
}

function fieldText(field: Field): string {
  const max = SLACK_LIMITS.fieldText;
  const label = field.label.trim();
  const value = field.value.trim() === '' ? '' : field.value;
  if (label === '') return fitEscaped(value, max);
  // The label gets at most half, so a long label can never crowd out the value.
  const bold = `*${fitEscaped(label, max / 2 - 2)}*`;
  return value === '' ? bold : `${bold}\n${fitEscaped(value, max - bold.length - 1)}`;
}

function actionPieces(buttons: Button[], actionIds: Map<string, number>): Piece[] {
  const elements = buttons.map((b) => slackButton(b, actionIds));
  const pieces: Piece[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.buttonsPerActions) {
    const group = elements.slice(i, i + SLACK_LIMITS.buttonsPerActions);
    const block: ActionsBlock = { type: 'actions', elements: group };
    pieces.push({ block, chars: sum(group.map((b) => b.text.text.length)) });
  }
  return pieces;
}

function slackButton(button: Button, actionIds: Map<string, number>): SlackButton {
  const copy = (actionIds.get(button.actionId) ?? 0) + 1;
  actionIds.set(button.actionId, copy);
  const actionId = copy === 1 ? button.actionId : `${button.actionId}${ACTION_ID_COPY_SEPARATOR}${copy}`;
  // Ids and values are data the core routes on: cutting them would misroute a click, so an over-long
  // one is a bug to report, not text to shorten.
  assertMax('button action id', actionId, SLACK_LIMITS.actionId);
  if (button.value !== undefined) assertMax('button value', button.value, SLACK_LIMITS.buttonValue);
  return {
    type: 'button',
    action_id: actionId,
    text: plain(button.label, SLACK_LIMITS.buttonText),
    ...(button.value !== undefined && button.value !== '' && { value: button.value }),
    ...(button.style !== undefined && { style: button.style }),
  };
}

function imagePieces(url: string, alt: string): Piece[] {
  const altText = cutText(alt.trim() === '' ? url : alt, SLACK_LIMITS.imageAltText);
  // Slack rejects the whole message over an image URL it cannot use; the alt text still says what it was.
  if (!/^https?:\/\//i.test(url) || url.length > SLACK_LIMITS.imageUrl) return textPieces(altText, 'muted');
  return [{ block: { type: 'image', image_url: url, alt_text: altText }, chars: altText.length }];
}

/**
 * A leaderboard as readable lines rather than a monospace table (which wraps badly on phones):
 * `1. *Alice* — 120% · €31,500`, under an italic line naming the columns.
 */
function rowPieces(columns: string[], rows: string[][]): Piece[] {
  if (rows.length === 0) return [];
  const max = SLACK_LIMITS.sectionText;
  // A first column of plain numbers is a rank: it becomes the list number instead of a cell.
  const ranked = rows.every((r) => /^\d+\.?$/.test((r[0] ?? '').trim()));
  const names = (ranked ? columns.slice(1) : columns).map((c) => c.trim());
  const lines: string[] = [];
  if (names.some((n) => n !== '')) lines.push(`_${fitEscaped(rowLine(names), max - 2)}_`);
  for (const row of rows) {
    const rank = ranked ? `${(row[0] ?? '').trim().replace(/\.$/, '')}. ` : '';
    const [first = '', ...rest] = (ranked ? row.slice(1) : row).map((c) => c.trim());
    const name = first === '' ? '' : `*${fitEscaped(first, 200)}*`;
    lines.push(truncateEscaped(rank + joinRow(name, rest.filter((c) => c !== '').map(escapeMrkdwn)), max));
  }
  return chunkLines(lines, max).map((text) => ({
    block: { type: 'section', text: { type: 'mrkdwn', text } },
    chars: text.length,
  }));
}

function rowLine(cells: string[]): string {
  const [first = '', ...rest] = cells;
  return joinRow(first, rest.filter((c) => c !== ''));
}

function joinRow(first: string, rest: string[]): string {
  const tail = rest.join(' · ');
  if (first === '') return tail;
  return tail === '' ? first : `${first} — ${tail}`;
}

function contextBlock(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/**
 * Keeps the message within 50 blocks and the text budget: when over, the first blocks that fit are kept
 * and one context block says how many were left out.
 */
function withinMessageLimits(pieces: Piece[], moreLabel: (count: number) => string): KnownBlock[] {
  const total = sum(pieces.map((p) => p.chars));
  if (pieces.length <= SLACK_LIMITS.blocksPerMessage && total <= SLACK_LIMITS.totalText) {
    return pieces.map((p) => p.block);
  }
  const markerMax = 200;
  const kept: KnownBlock[] = [];
  let used = 0;
  for (const piece of pieces) {
    if (kept.length === SLACK_LIMITS.blocksPerMessage - 1) break;
    if (used + piece.chars > SLACK_LIMITS.totalText - markerMax) break;
    kept.push(piece.block);
    used += piece.chars;
  }
  const marker = fitEscaped(moreLabel(pieces.length - kept.length), markerMax);
  kept.push(contextBlock(marker === '' ? '…' : marker));
  return kept;
}

/** The shared fallback text, escaped (top-level `text` is mrkdwn) and kept to Slack's recommended size. */
function renderFallback(message: Message): string {
  const max = SLACK_LIMITS.fallbackText;
  const lines = splitLines(fallbackText(message)).map((line) => fitEscaped(line, max));
  const [first = '', ...more] = chunkLines(lines, max - 2);
  return more.length === 0 ? first : `${first}\n…`;
}

export interface FormOptions {
  /** Label of the close button; without it Slack shows its own, in the reader's language. */
  closeLabel?: string;
}

/**
 * Renders a neutral form as a modal view. Each input's `block_id` and `action_id` are the field id, so
 * `readViewValues` in ./parse.ts gives back `field id → value`; `callback_id` is the form id and
 * `private_metadata` carries `form.state` through to the submit.
 */
export function renderForm(form: Form, options: FormOptions = {}): ModalView {
  assertMax('form id', form.id, SLACK_LIMITS.callbackId);
  if (form.state !== undefined) assertMax('form state', form.state, SLACK_LIMITS.privateMetadata);
  if (form.fields.length > SLACK_LIMITS.blocksPerModal) {
    throw new PacerFault('internal', `form ${form.id} has ${form.fields.length} fields; Slack allows 100`);
  }
  const ids = new Set<string>();
  for (const f of form.fields) {
    assertMax('form field id', f.id, SLACK_LIMITS.blockId);
    if (ids.has(f.id)) throw new PacerFault('internal', `form ${form.id} repeats field id ${f.id}`);
    ids.add(f.id);
  }
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalButton),
    ...(options.closeLabel !== undefined && { close: plain(options.closeLabel, SLACK_LIMITS.modalButton) }),
    ...(form.state !== undefined && { private_metadata: form.state }),
    blocks: form.fields.map(inputBlock),
  };
}

function inputBlock(field: FormField): InputBlock {
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label.trim() === '' ? field.id : field.label, SLACK_LIMITS.inputLabel),
    ...(field.optional === true && { optional: true }),
    element: inputElement(field),
  };
}

function inputElement(field: FormField): InputBlock['element'] {
  switch (field.kind) {
    case 'text': {
      const max = Math.max(1, Math.min(field.maxLength ?? SLACK_LIMITS.plainTextInput, SLACK_LIMITS.plainTextInput));
      return {
        type: 'plain_text_input',
        action_id: field.id,
        ...(field.multiline === true && { multiline: true }),
        ...(field.maxLength !== undefined && { max_length: max }),
        ...(field.placeholder !== undefined &&
          field.placeholder.trim() !== '' && { placeholder: plain(field.placeholder, SLACK_LIMITS.placeholder) }),
        ...(field.initial !== undefined && field.initial !== '' && { initial_value: cutText(field.initial, max) }),
      };
    }
    case 'select': {
      const options: PlainTextOption[] = field.options.slice(0, SLACK_LIMITS.selectOptions).map((o) => {
        assertMax('select option value', o.value, SLACK_LIMITS.optionValue);
        return { text: plain(o.label.trim() === '' ? o.value : o.label, SLACK_LIMITS.optionText), value: o.value };
      });
      // Slack rejects an initial option that is not one of the options, so an unknown one is dropped.
      const initial = options.find((o) => field.initial !== undefined && o.value === field.initial);
      return {
        type: 'static_select',
        action_id: field.id,
        options,
        ...(initial !== undefined && { initial_option: initial }),
      };
    }
    case 'user':
      return { type: 'users_select', action_id: field.id };
  }
}

// ——— text helpers ———

function plain(text: string, max: number): PlainTextElement {
  const fitted = cutText(text.trim(), max);
  // Slack rejects empty text objects; an ellipsis is the least wrong stand-in.
  return { type: 'plain_text', text: fitted === '' ? '…' : fitted, emoji: true };
}


/** Escapes, then cuts to `max` (measured after escaping, since that is what Slack receives). */
function fitEscaped(raw: string, max: number): string {
  return truncateEscaped(escapeMrkdwn(raw), max);
}

/** Cuts already-escaped text without splitting an entity (`&am…`) or a surrogate pair. */
function truncateEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/** Greedy packing of lines (each already ≤ max) into texts of at most `max`; blank texts are dropped. */
function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = (): void => {
    const text = current.join('\n');
    if (text.trim() !== '') chunks.push(text);
    current = [];
    length = 0;
  };
  for (const line of lines) {
    const added = current.length === 0 ? line.length : length + 1 + line.length;
    if (added > max) {
      flush();
      if (line.trim() === '') continue;
      current = [line];
      length = line.length;
    } else {
      current.push(line);
      length = added;
    }
  }
  flush();
  return chunks;
}

function assertMax(what: string, value: string, max: number): void {
  if (value.length > max) {
    throw new PacerFault('internal', `${what} is ${value.length} characters; Slack allows ${max}: ${value.slice(0, 40)}…`);
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

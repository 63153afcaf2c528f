import type {
  CardElement,
  IActionSet,
  IAdaptiveCard,
  IChoiceSetInput,
  IColumnDefinition,
  IFact,
  IFactSet,
  IImage,
  ISubmitAction,
  ITable,
  ITableCell,
  ITableRow,
  ITextBlock,
  ITextInput,
} from '@microsoft/teams.cards';
import { PacerFault } from '../../src/bot/errors.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Block, Button, Field, Form, FormField, Message, Tone } from '../../src/messages/message.ts';
import { escapeTeamsText } from './escape.ts';

/**
 * Limits the Teams renderer keeps. Teams rejects a whole message that is too big, so the renderer cuts
 * instead of trusting the content to be short.
 */
export const TEAMS_LIMITS = {
  /**
   * A whole message with a card. Teams has documented 28 KB (incoming webhooks and older bot docs),
   * 40 KB and now 100 KB for bot messages, counted "encoded as UTF-16"; 28 KB, counted by `payloadBytes`
   * (the larger of UTF-8 and UTF-16), is within every one of them.
   */
  messageBytes: 28 * 1024,
  /** The card, leaving room in the message for the fallback text and the activity around them. */
  cardBytes: 24 * 1024,
  /** The activity's `text` (the escaped fallback text), as a JSON string. */
  fallbackTextBytes: 3 * 1024,
  /** Text of one TextBlock or fact value; longer text is split at line ends into several. */
  textChars: 2000,
  /** Titles, fact titles, table cells, button titles, input labels and choices. */
  shortTextChars: 200,
  /** Facts per FactSet: a long list becomes several, so the size budget can drop whole groups. */
  factsPerSet: 10,
  /**
   * Buttons per ActionSet: the Adaptive Cards default host config allows 5 (`maxActions`) and the
   * validator reports more; several sets keep every button visible.
   */
  actionsPerSet: 5,
} as const;

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * An Adaptive Card 1.5 as Teams gets it. `msteams.width` is `Full` as the Teams docs write it
 * ("Full width Adaptive Card"); the SDK's own type spells it `full`, hence the override.
 */
export type AdaptiveCard = Omit<IAdaptiveCard, 'msteams' | 'version' | '$schema'> & {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: '1.5';
  msteams: { width: 'Full' };
};

/** A message activity for the Bot Connector: the shared fallback text plus the card. */
export interface TeamsMessageActivity {
  type: 'message';
  /** Teams parses `text` as markdown; it is escaped for that, once. */
  textFormat: 'markdown';
  text: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
}

export interface RenderOptions {
  /**
   * Text of the subtle line that stands in for what was left out when a card is over Teams' size;
   * gets how many blocks (or table rows) were left out. Pass a translated one (`n => t('more', { count: n })`).
   */
  moreLabel?: (count: number) => string;
}

/**
 * What an `Action.Submit` button sends. No `msteams` property: a plain object `data` already reaches
 * the bot as a `message` activity whose `value` is this object (merged with any input values) and whose
 * `text` is empty, and nothing is echoed into the chat. `messageBack`/`imBack` would only add chat text.
 */
export interface ActionSubmitData {
  action: string;
  value?: string;
}

/** What a form's submit button sends; Teams merges the inputs' values in, keyed by input id. */
export interface FormSubmitData {
  form: string;
  state?: string;
}

/** Keys of our own submit data. Input values share the object with them, so no field may use one. */
export const RESERVED_SUBMIT_KEYS: readonly string[] = ['action', 'value', 'form', 'state', 'msteams'];

const defaultMoreLabel = (count: number): string => `… +${count}`;

/**
 * Bytes of a payload as Teams may count it: the larger of its UTF-8 and UTF-16 sizes as JSON. Teams
 * documents its limit "encoded as UTF-16" in one place and leaves it unsaid elsewhere.
 */
export function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return Math.max(Buffer.byteLength(json, 'utf8'), json.length * 2);
}

/**
 * Renders a neutral message as an Adaptive Card 1.5 for Teams. Text that Teams parses as markdown
 * (TextBlocks, facts) is escaped exactly once, here; plain-text properties (button titles, alt text) are
 * only cut to length. A card over `TEAMS_LIMITS.cardBytes` keeps the first blocks that fit and ends
 * in a subtle "… +N" line.
 *
 * @example renderCard({ title: 'Deal logged', blocks: [{ type: 'text', text: 'Acme *Corp*' }] }).body
 * // [{ type: 'TextBlock', text: 'Deal logged', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
 * //  { type: 'TextBlock', text: 'Acme \\*Corp\\*', wrap: true }]
 */
export function renderCard(message: Message, options: RenderOptions = {}): AdaptiveCard {
  const units: Unit[] = [];
  if (message.title !== undefined) units.push(...headingUnits(message.title));
  for (const block of message.blocks) units.push(...blockUnits(block));
  return withinCardSize(units, options.moreLabel ?? defaultMoreLabel);
}

/**
 * The card with the shared fallback text beside it, so notifications and screen readers have text.
 * Note that Teams also shows `text` in the chat, above the card, so the content reads twice there.
 */
export function renderActivity(message: Message, options: RenderOptions = {}): TeamsMessageActivity {
  return {
    type: 'message',
    textFormat: 'markdown',
    text: renderFallback(message),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderCard(message, options) }],
  };
}

function card(body: CardElement[], actions?: ISubmitAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...(actions !== undefined && { actions }),
  };
}

// ——— message blocks → units ———

/**
 * One piece of the card body, small enough to keep or drop whole when the card is over its size. Table
 * rows are units of their own, so a long table loses rows rather than disappearing; consecutive rows
 * of one table are joined back into a single Table element.
 */
type Unit =
  | { kind: 'element'; element: CardElement }
  | { kind: 'divider' }
  | { kind: 'row'; table: TableShape; row: ITableRow };

interface TableShape {
  columns: IColumnDefinition[];
  header?: ITableRow;
}

function blockUnits(block: Block): Unit[] {
  switch (block.type) {
    case 'header':
      return headingUnits(block.text);
    case 'text':
      return textUnits(block.text, block.tone);
    case 'context':
      return textUnits(block.text, 'context');
    case 'fields':
      return factUnits(block.fields);
    case 'actions':
      return actionUnits(block.buttons);
    case 'divider':
      return [{ kind: 'divider' }];
    case 'image':
      return imageUnits(block.url, block.alt);
    case 'rows':
      return rowUnits(block.columns, block.rows);
  }
}

function heading(text: string): ITextBlock {
  return {
    type: 'TextBlock',
    text: escapeTeamsText(cut(text.trim(), TEAMS_LIMITS.shortTextChars)),
    size: 'Medium',
    weight: 'Bolder',
    wrap: true,
    // Announced as a heading by screen readers (TextBlock style, Adaptive Cards 1.5).
    style: 'heading',
  };
}

function headingUnits(text: string): Unit[] {
  return text.trim() === '' ? [] : [{ kind: 'element', element: heading(text) }];
}

const TONE_STYLE: Record<Tone | 'context', Pick<ITextBlock, 'weight' | 'isSubtle' | 'size'>> = {
  plain: {},
  strong: { weight: 'Bolder' },
  muted: { isSubtle: true },
  context: { isSubtle: true, size: 'Small' },
};

/** Long text becomes several TextBlocks split at line ends; only a single over-long line is cut. */
function textUnits(raw: string, tone: Tone | 'context' | undefined): Unit[] {
  const max = TEAMS_LIMITS.textChars;
  const lines = raw.split(/\r\n?|\n/).map((line) => cut(line, max));
  return chunkLines(lines, max).map((chunk) => ({
    kind: 'element',
    element: { type: 'TextBlock', text: escapeTeamsText(chunk), wrap: true, ...TONE_STYLE[tone ?? 'plain'] },
  }));
}

function factUnits(fields: Field[]): Unit[] {
  const facts: IFact[] = fields
    .filter((f) => f.label.trim() !== '' || f.value.trim() !== '')
    .map((f) => ({
      title: escapeTeamsText(cut(f.label.trim(), TEAMS_LIMITS.shortTextChars)),
      value: escapeTeamsText(cut(f.value, TEAMS_LIMITS.textChars)),
    }));
  return groups(facts, TEAMS_LIMITS.factsPerSet).map((group): Unit => {
    const element: IFactSet = { type: 'FactSet', facts: group };
    return { kind: 'element', element };
  });
}

function actionUnits(buttons: Button[]): Unit[] {
  return groups(buttons.map(submitButton), TEAMS_LIMITS.actionsPerSet).map((group): Unit => {
    const element: IActionSet = { type: 'ActionSet', actions: group };
    return { kind: 'element', element };
  });
}

const BUTTON_STYLE = { primary: 'positive', danger: 'destructive' } as const;

function submitButton(button: Button): ISubmitAction {
  // Action ids and values are data the core routes on; they travel as JSON, so nothing to escape or cut.
  const data: ActionSubmitData = {
    action: button.actionId,
    ...(button.value !== undefined && { value: button.value }),
  };
  return {
    type: 'Action.Submit',
    title: plain(button.label),
    ...(button.style !== undefined && { style: BUTTON_STYLE[button.style] }),
    data,
  };
}

function imageUnits(url: string, alt: string): Unit[] {
  const altText = cut(alt.trim(), TEAMS_LIMITS.textChars);
  // Teams loads card images over HTTPS only; anything else would show a broken image, so the alt text
  // says what it was instead.
  if (!/^https:\/\/\S+$/i.test(url)) return altText === '' ? [] : textUnits(altText, 'muted');
  const element: IImage = { type: 'Image', url, ...(altText !== '' && { altText }) };
  return [{ kind: 'element', element }];
}

/**
 * A leaderboard as an Adaptive Cards 1.5 `Table` (Teams renders 1.5), the column names as its header
 * row. A first column of numbers is a rank and gets the narrowest column; other numeric columns
 * (percentages, money) are right-aligned, as in the fallback text.
 */
function rowUnits(columns: string[], rows: string[][]): Unit[] {
  if (rows.length === 0) return [];
  const width = Math.max(columns.length, ...rows.map((r) => r.length));
  const hasHeader = columns.some((c) => c.trim() !== '');
  const numeric = Array.from({ length: width }, (_, i) => rows.every((r) => isNumberLike(r[i] ?? '')));
  const table: TableShape = {
    columns: numeric.map((isNumeric, i): IColumnDefinition => {
      if (!isNumeric) return { width: 3 };
      return i === 0 ? { width: 1 } : { width: 2, horizontalCellContentAlignment: 'Right' };
    }),
    ...(hasHeader && { header: tableRow(columns, width, true) }),
  };
  return rows.map((row) => ({ kind: 'row', table, row: tableRow(row, width, false) }));
}

function tableRow(cells: string[], width: number, header: boolean): ITableRow {
  return {
    type: 'TableRow',
    cells: Array.from({ length: width }, (_, i): ITableCell => {
      const raw = (cells[i] ?? '').trim();
      // An empty cell holds nothing rather than a TextBlock without text (whose `text` is required).
      if (raw === '') return { type: 'TableCell', items: [] };
      const text: ITextBlock = {
        type: 'TextBlock',
        text: escapeTeamsText(cut(raw, TEAMS_LIMITS.shortTextChars)),
        wrap: true,
        ...(header && { weight: 'Bolder' }),
      };
      return { type: 'TableCell', items: [text] };
    }),
  };
}

/** Same rule as the fallback text: digits and no letters (`120%`, `€31,500`), or nothing, or `…`. */
function isNumberLike(cell: string): boolean {
  const c = cell.trim();
  return c === '' || c === '…' || (/\d/.test(c) && !/\p{L}/u.test(c));
}

// ——— units → body, within the size ———

/** Joins units into card elements: a divider becomes the next element's separator line. */
function assemble(units: readonly Unit[]): CardElement[] {
  const body: CardElement[] = [];
  let separator = false;
  let open: { shape: TableShape; element: ITable } | undefined;
  for (const unit of units) {
    if (unit.kind === 'divider') {
      // A separator on the first element draws nothing, and a trailing one has nothing to sit on.
      separator = body.length > 0;
      open = undefined;
      continue;
    }
    if (unit.kind === 'row' && open?.shape === unit.table) {
      open.element.rows?.push(unit.row);
      continue;
    }
    let element: CardElement;
    if (unit.kind === 'row') {
      const rows = unit.table.header ? [unit.table.header, unit.row] : [unit.row];
      const table: ITable = { type: 'Table', columns: unit.table.columns, firstRowAsHeaders: unit.table.header !== undefined, rows };
      open = { shape: unit.table, element: table };
      element = table;
    } else {
      open = undefined;
      element = unit.element;
    }
    body.push(separator ? { ...element, separator: true } : element);
    separator = false;
  }
  return body;
}

/**
 * The card with every unit when it fits; otherwise the most leading units that fit together with a
 * subtle line saying how many were left out (dividers are not counted).
 */
function withinCardSize(units: readonly Unit[], moreLabel: (count: number) => string): AdaptiveCard {
  const full = card(assemble(units));
  if (payloadBytes(full) <= TEAMS_LIMITS.cardBytes) return full;
  const attempt = (kept: number): AdaptiveCard => {
    const dropped = units.slice(kept).filter((u) => u.kind !== 'divider').length;
    const label = cut(moreLabel(dropped).trim(), TEAMS_LIMITS.shortTextChars) || '…';
    const marker: ITextBlock = { type: 'TextBlock', text: escapeTeamsText(label), isSubtle: true, size: 'Small', wrap: true };
    return card([...assemble(units.slice(0, kept)), marker]);
  };
  // Size grows with the units kept (the marker's count shrinks by a digit at most), so a binary search
  // finds the most that fit in log(n) renderings.
  let lo = 0;
  let hi = units.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (payloadBytes(attempt(mid)) <= TEAMS_LIMITS.cardBytes) lo = mid;
    else hi = mid - 1;
  }
  return attempt(lo);
}

/** The shared fallback text, escaped once, cut at a line end to its byte budget. */
function renderFallback(message: Message): string {
  const lines = fallbackText(message).split('\n');
  const fits = (text: string): boolean => payloadBytes(text) <= TEAMS_LIMITS.fallbackTextBytes;
  const all = escapeTeamsText(lines.join('\n'));
  if (fits(all)) return all;
  // Lines are cut before escaping, so a cut never separates a backslash from what it escapes.
  const kept: string[] = [];
  for (const line of lines.map((l) => cut(l, TEAMS_LIMITS.textChars))) {
    if (!fits(escapeTeamsText([...kept, line, '…'].join('\n')))) break;
    kept.push(line);
  }
  return escapeTeamsText([...kept, '…'].join('\n'));
}

// ——— forms ———

export interface FormCardOptions {
  /**
   * Error shown under a required input left empty; gets the field's label. Pass a translated one.
   * The Adaptive Cards validator expects one on every required input.
   */
  requiredMessage?: (label: string) => string;
  /**
   * Placeholder of a `user` field. Teams' people picker (`Input.ChoiceSet` with `choices.data` of type
   * `Data.Query`) needs a bot that answers `application/search` invokes, which Pacer does not do yet,
   * so a person is typed as a name or e-mail address and the core resolves it. Pass a translated one.
   */
  userPlaceholder?: string;
}

const defaultRequiredMessage = (label: string): string => `${label} is required.`;
const DEFAULT_USER_PLACEHOLDER = 'Name or e-mail address';

/**
 * Renders a neutral form as an Adaptive Card with one input per field (input id = field id) and one
 * `Action.Submit` whose data `{ form, state }` comes back with the inputs' values merged in
 * (`readFormSubmit` in ./parse.ts reads them). A form is never cut: one over the size is a bug.
 */
export function renderFormCard(form: Form, options: FormCardOptions = {}): AdaptiveCard {
  const ids = new Set<string>();
  for (const field of form.fields) {
    if (field.id === '' || RESERVED_SUBMIT_KEYS.includes(field.id)) {
      throw new PacerFault('internal', `form ${form.id} has a field id Teams cannot carry: "${field.id}"`);
    }
    if (ids.has(field.id)) throw new PacerFault('internal', `form ${form.id} repeats field id ${field.id}`);
    ids.add(field.id);
  }
  const required = options.requiredMessage ?? defaultRequiredMessage;
  const userPlaceholder = options.userPlaceholder ?? DEFAULT_USER_PLACEHOLDER;
  const data: FormSubmitData = { form: form.id, ...(form.state !== undefined && { state: form.state }) };
  const submit: ISubmitAction = { type: 'Action.Submit', title: plain(form.submitLabel), style: 'positive', data };
  const body: CardElement[] = [
    ...(form.title.trim() === '' ? [] : [heading(form.title)]),
    ...form.fields.map((field) => input(field, required, userPlaceholder)),
  ];
  const rendered = card(body, [submit]);
  if (payloadBytes(rendered) > TEAMS_LIMITS.cardBytes) {
    throw new PacerFault('internal', `form ${form.id} is ${payloadBytes(rendered)} bytes; the Teams card budget is ${TEAMS_LIMITS.cardBytes}`);
  }
  return rendered;
}

function input(field: FormField, required: (label: string) => string, userPlaceholder: string): ITextInput | IChoiceSetInput {
  const label = plain(field.label.trim() === '' ? field.id : field.label);
  const isRequired = field.optional !== true;
  const common = {
    id: field.id,
    label,
    isRequired,
    ...(isRequired && { errorMessage: plain(required(label)) }),
  };
  switch (field.kind) {
    case 'text': {
      const max = field.maxLength !== undefined && field.maxLength > 0 ? Math.floor(field.maxLength) : undefined;
      const placeholder = field.placeholder?.trim() ?? '';
      return {
        type: 'Input.Text',
        ...common,
        ...(placeholder !== '' && { placeholder: plain(placeholder) }),
        ...(field.multiline === true && { isMultiline: true }),
        ...(max !== undefined && { maxLength: max }),
        ...(field.initial !== undefined && field.initial !== '' && { value: max === undefined ? field.initial : field.initial.slice(0, max) }),
      };
    }
    case 'select': {
      const choices = field.options.map((o) => ({ title: plain(o.label.trim() === '' ? o.value : o.label), value: o.value }));
      // An initial value that is not a choice would show an empty box that still submits it.
      const initial = field.options.some((o) => o.value === field.initial) ? field.initial : undefined;
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', choices, ...(initial !== undefined && { value: initial }) };
    }
    case 'user':
      return { type: 'Input.Text', ...common, placeholder: plain(userPlaceholder) };
  }
}

// ——— text helpers ———

/** Plain-text properties (not parsed by Teams): trimmed and cut, never escaped; never empty. */
function plain(text: string): string {
  return cut(text.trim(), TEAMS_LIMITS.shortTextChars) || '…';
}

/** Cuts raw text to `max` UTF-16 units ending in `…`, never mid-character. Applied before escaping. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** Greedy packing of lines (each already ≤ max) into texts of at most `max`; blank texts are dropped. */
function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = (): void => {
    // Blank lines at either end of a chunk would only add space above or below its TextBlock.
    while (current.length > 0 && current[0]?.trim() === '') current.shift();
    while (current.length > 0 && current.at(-1)?.trim() === '') current.pop();
    if (current.length > 0) chunks.push(current.join('\n'));
    current = [];
    length = 0;
  };
  for (const line of lines) {
    const added = current.length === 0 ? line.length : length + 1 + line.length;
    if (added > max) flush();
    current.push(line);
    length = current.length === 1 ? line.length : added;
  }
  flush();
  return chunks;
}

function groups<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

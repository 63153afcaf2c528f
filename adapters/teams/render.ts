import type {
  CardElement,
  IActionSet,
  IColumnDefinition,
  IFact,
  IFactSet,
  IImage,
  ISubmitAction,
  ITable,
  ITableCell,
  ITableRow,
  ITextBlock,
} from '@microsoft/teams.cards';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Block, Button, Field, Message, Tone } from '../../src/messages/message.ts';
import { escapeTeamsText } from './escape.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, card, cut, heading, payloadBytes, plain, TEAMS_LIMITS, type ActionSubmitData, type AdaptiveCard } from './card.ts';

export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  ADAPTIVE_CARD_SCHEMA,
  payloadBytes,
  RESERVED_SUBMIT_KEYS,
  TEAMS_LIMITS,
  type ActionSubmitData,
  type AdaptiveCard,
  type FormSubmitData,
} from './card.ts';
export { renderFormCard, type FormCardOptions } from './render-form.ts';

/**
 * A message activity for the Bot Connector: the card, and the shared fallback text as its `summary`
 * (plain text for notifications and the activity feed). Not as `text`: Teams shows `text` in the
 * chat above the card, so every reply would read twice.
 */
export interface TeamsMessageActivity {
  type: 'message';
  summary: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
}

export interface RenderOptions {
  /**
   * Text of the subtle line that stands in for what was left out when a card is over Teams' size;
   * gets how many blocks (or table rows) were left out. Pass a translated one (`n => t('more', { count: n })`).
   */
  moreLabel?: (count: number) => string;
}

const defaultMoreLabel = (count: number): string => `… +${count}`;

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

/** The card, with the shared fallback text as its summary for notifications. */
export function renderActivity(message: Message, options: RenderOptions = {}): TeamsMessageActivity {
  return {
    type: 'message',
    summary: renderSummary(message),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderCard(message, options) }],
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
/** The fallback text, plain (a summary is not parsed), cut by whole lines to its budget. */
function renderSummary(message: Message): string {
  const lines = fallbackText(message).split('\n').map((line) => cut(line, TEAMS_LIMITS.textChars));
  const fits = (text: string): boolean => payloadBytes(text) <= TEAMS_LIMITS.fallbackTextBytes;
  if (fits(lines.join('\n'))) return lines.join('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (!fits([...kept, line, '…'].join('\n'))) break;
    kept.push(line);
  }
  return [...kept, '…'].join('\n');
}

// ——— text helpers ———

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

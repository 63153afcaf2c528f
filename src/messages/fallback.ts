import type { Block, Message } from './message.ts';

/**
 * The plain-text version of a message that every platform shares: notification text, the local terminal
 * chat, screen readers. No markup and no escaping (escaping belongs to each renderer, which escapes this
 * text once if its platform parses it).
 *
 * @example
 * fallbackText({ title: 'Deal logged', blocks: [{ type: 'fields', fields: [{ label: 'Amount', value: '€5,000' }] }] })
 * // 'Deal logged\nAmount: €5,000'
 */
export function fallbackText(message: Message): string {
  const lines: string[] = [];
  if (message.title !== undefined && message.title.trim() !== '') lines.push(message.title);
  for (const block of message.blocks) lines.push(...blockLines(block));
  return tidy(lines);
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case 'header':
    case 'text':
    case 'context':
      return [block.text];
    case 'fields':
      return block.fields.map((f) => (f.label === '' ? f.value : `${f.label}: ${f.value}`));
    case 'actions':
      return block.buttons.length === 0 ? [] : [block.buttons.map((b) => `[${b.label}]`).join(' ')];
    case 'divider':
      return [''];
    case 'image':
      return [block.alt];
    case 'rows':
      return table(block.columns, block.rows);
  }
}

/** Columns padded to a common width so a leaderboard lines up in a terminal. */
function table(columns: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const width = Math.max(columns.length, ...rows.map((r) => r.length));
  const hasHeader = columns.some((c) => c.trim() !== '');
  const all = hasHeader ? [columns, ...rows] : rows;
  const widths = Array.from({ length: width }, (_, i) => Math.max(...all.map((r) => displayLength(r[i] ?? ''))));
  // Numbers read best right-aligned (ranks, percentages, money); judged on the body rows only,
  // since the header of a numeric column is a word.
  const numeric = Array.from({ length: width }, (_, i) => rows.every((r) => isNumberLike(r[i] ?? '')));
  return all.map((row) =>
    Array.from({ length: width }, (_, i) => pad(row[i] ?? '', widths[i] ?? 0, numeric[i] === true))
      .join('  ')
      .trimEnd(),
  );
}

function isNumberLike(cell: string): boolean {
  return cell === '' || (/\d/.test(cell) && !/\p{L}/u.test(cell));
}

function pad(cell: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayLength(cell)));
  return right ? fill + cell : cell + fill;
}

/** Code points, not UTF-16 units, so `€` and emoji don't throw the columns off by one. */
function displayLength(s: string): number {
  return [...s].length;
}

/** No trailing spaces, no runs of blank lines, nothing blank at either end. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const raw of lines.flatMap((l) => l.split('\n'))) {
    const line = raw.trimEnd();
    if (line === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}

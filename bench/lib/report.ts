/**
 * Formatting of the printed report: fixed-width columns, numbers with the precision they deserve,
 * and a PASS/MISS mark next to every target. Nothing here measures anything.
 */

export const ms = (value: number): string => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');
export const rate = (value: number): string => `${value.toFixed(1)}/s`;
export const mb = (kb: number | undefined): string => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);
export const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');
export const int = (value: number): string => value.toLocaleString('en-US');
export const mark = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** Rows of cells, left-aligned, padded to the widest cell of each column. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ').trimEnd()).join('\n');
}

export function heading(title: string): string {
  return `\n${title}\n${'─'.repeat(Math.min(100, title.length))}`;
}

export function statuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

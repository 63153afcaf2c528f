import type { Block, Message } from './message.ts';

/** Rows per message: a table this long stays readable on a phone and far inside every platform's limits. */
export const ROWS_PER_PAGE = 25;

/** A post for a channel: the head, and for a long table its rows as pages in the head's thread. */
export interface Posts {
  head: Message;
  pages: Message[];
}

export interface PagedTable {
  columns: string[];
  rows: string[][];
  /** Said in the head instead of the table when the rows go to the thread. */
  inThread: string;
  /** Each page's title: `Reps 26–50 of 200`. */
  pageTitle(from: number, to: number, total: number): string;
}

/**
 * A public post whose table ends it: up to ROWS_PER_PAGE rows it is one message; a longer table goes
 * in pages in the thread, never a table cut short.
 */
export function postWithTable(title: string, blocks: Block[], table: PagedTable): Posts {
  const paged = table.rows.length > ROWS_PER_PAGE;
  const tail: Block = paged ? { type: 'text', text: table.inThread } : { type: 'rows', columns: table.columns, rows: table.rows };
  const pages: Message[] = [];
  for (let i = 0; paged && i < table.rows.length; i += ROWS_PER_PAGE) {
    const rows = table.rows.slice(i, i + ROWS_PER_PAGE);
    pages.push({ title: table.pageTitle(i + 1, i + rows.length, table.rows.length), blocks: [{ type: 'rows', columns: table.columns, rows }], visibility: 'public' });
  }
  return { head: { title, blocks: [...blocks, tail], visibility: 'public' }, pages };
}

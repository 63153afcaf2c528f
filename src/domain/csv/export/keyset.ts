import { sql, type RawBuilder } from 'kysely';

/** Rows read per query by an export: a few MB of rows in memory, and a million deals in 200 queries. */
export const EXPORT_PAGE_SIZE = 5_000;

/**
 * Rows of an ordered query, one page at a time, each page starting after the last row of the one
 * before (keyset pagination). Unlike OFFSET, a page costs the same at the end of a million rows as at
 * the start, and unlike a cursor it holds no transaction open while a slow reader downloads the file.
 * The next page is only read once the consumer has taken every row of this one.
 */
export async function* keysetRows<Row, Key>(
  page: (after: Key | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<Row> {
  let after: Key | undefined;
  for (;;) {
    const rows = await page(after, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = keyOf(last);
  }
}

/**
 * A timestamp as PostgreSQL holds it, to the microsecond, for a keyset: a JS Date keeps milliseconds
 * only, so a key read back as a Date would sort before its own row and repeat it on the next page.
 * A fixed format in UTC, so it reads back the same whatever the session's DateStyle or TimeZone.
 */
export const exactInstant = (column: string): RawBuilder<string> =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

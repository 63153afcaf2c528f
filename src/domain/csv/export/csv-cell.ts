import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify';

/**
 * Writing the CSV files of `pacer export`: RFC 4180 (comma, `\r\n`, fields quoted where they hold a
 * comma, a quote or a line break) in UTF-8 with a byte order mark, because Excel reads a file without
 * one in the machine's legacy code page and turns `Novak Čepin` into mojibake. The importer accepts
 * the BOM.
 */
export const CSV_WRITE_OPTIONS = {
  bom: true,
  delimiter: ',',
  record_delimiter: '\r\n',
  // csv-stringify stops quoting a lone `\n` or `\r` once a record delimiter is given; a parser treats
  // either as a line end, so a comment typed over two lines must stay quoted to stay one cell.
  quote_record_delimiter: true,
  eof: true,
} as const satisfies Options;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`,
 * `-`, `@`, tab and carriage return (some spreadsheets skip them before looking), and the full-width
 * forms Apple Numbers folds into them (csv-stringify's own `escape_formulas` knows them too). Leading
 * quotes are part of the pattern so neutralising stays reversible: `'=1` typed by a person is written
 * `''=1`, and `restoreFormula` gives back exactly what was typed.
 */
const FORMULA = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEUTRALISED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A person's text as a cell a spreadsheet shows rather than runs: `=SUM(A1)` → `'=SUM(A1)`. */
export const neutraliseFormula = (text: string): string => (FORMULA.test(text) ? `'${text}` : text);

/** The inverse of `neutraliseFormula`, for an importer reading a file Pacer exported. */
export const restoreFormula = (text: string): string => (NEUTRALISED.test(text) ? text.slice(1) : text);

/**
 * One column of an export. `text` cells hold what a person or a platform wrote (a customer, a name, a
 * comment, an imported reference) and are neutralised; `data` cells are formatted by Pacer (dates,
 * decimal amounts, codes, enum words) and written as they are, so `-1250.50` stays a number a
 * spreadsheet can sum instead of turning into the text `'-1250.50`.
 */
export interface ExportColumn<Row> {
  name: string;
  kind: 'text' | 'data';
  /** The cell's value; null is an empty cell. */
  cell(row: Row): string | null;
}

export type ColumnCells<Row> = Record<string, Omit<ExportColumn<Row>, 'name'>>;

/**
 * The columns of a file in the order its format names them (`CSV_COLUMNS`), each with its cell. A name
 * without a cell throws, so a column added to the shared format fails every export of that kind (and
 * its tests) instead of going silently missing from the file and the round trip.
 */
export function exportColumns<Row>(names: readonly string[], cells: ColumnCells<Row>): ExportColumn<Row>[] {
  return names.map((name) => {
    const column = cells[name];
    if (!column) throw new Error(`No export cell for CSV column "${name}"`);
    return { name, ...column };
  });
}

function cellText<Row>(column: ExportColumn<Row>, row: Row): string {
  const value = column.cell(row) ?? '';
  return column.kind === 'text' ? neutraliseFormula(value) : value;
}

/**
 * Writes a header and one record per row to `out`, then ends it, and returns the number of records.
 * Rows are pulled only as fast as `out` takes the text (stream backpressure), so a source that reads
 * the database page by page keeps memory flat however long the file. An error in the source or in
 * `out` rejects, and destroys both.
 */
export async function writeCsv<Row>(
  out: NodeJS.WritableStream,
  columns: readonly ExportColumn<Row>[],
  rows: AsyncIterable<Row> | Iterable<Row>,
): Promise<{ rows: number }> {
  let count = 0;
  async function* records(): AsyncGenerator<string[]> {
    for await (const row of rows) {
      count++;
      yield columns.map((column) => cellText(column, row));
    }
  }
  const header = columns.map((column) => column.name);
  await pipeline(Readable.from(records()), stringify({ ...CSV_WRITE_OPTIONS, header: true, columns: header }), out);
  return { rows: count };
}

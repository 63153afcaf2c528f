import { parse, CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';
import { CSV_COLUMNS, type CsvKind } from './csv-formats.ts';
import { restoreFormula } from './export/csv-cell.ts';

/** One data row of a CSV file: its line (the first line of the record, as an editor shows it) and its cells by column. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** Why a file cannot be read at all: the import stops, and the report says this instead of rows. */
export type FileProblem =
  | { kind: 'empty' }
  | { kind: 'not_csv'; reason: 'binary' | 'encoding' }
  | { kind: 'too_big'; maxBytes: number }
  | { kind: 'header'; missing: string[]; unknown: string[]; duplicate: string[] }
  | { kind: 'malformed'; line: number; message: string };

export class CsvFileError extends Error {
  readonly problem: FileProblem;
  constructor(problem: FileProblem) {
    super(`CSV file refused: ${problem.kind}`);
    this.problem = problem;
  }
}

/** A row problem the reader finds itself: the wrong number of cells. The row rules find the rest. */
export interface ShapeProblem {
  line: number;
  cells: number;
  expected: number;
}

/** How much of the start is looked at to tell a CSV file from something else and choose the separator. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The separator of a file: a semicolon when the header has more of them than commas (Slovenian Excel
 * writes `;` because `,` is its decimal point), else a comma. Decided from the header alone, which
 * holds only column names, so a `12,50` in the data can never confuse it.
 */
export function separatorOf(headerLine: string): ',' | ';' {
  const count = (c: string): number => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function checkStart(start: Buffer): { separator: ',' | ';' } {
  if (start.length === 0) throw new CsvFileError({ kind: 'empty' });
  if (start.includes(0)) throw new CsvFileError({ kind: 'not_csv', reason: 'binary' });
  let text: string;
  try {
    // `stream: true`: a character cut at the end of the sniffed bytes is not an encoding error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(start, { stream: true });
  } catch {
    throw new CsvFileError({ kind: 'not_csv', reason: 'encoding' });
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return { separator: separatorOf(header) };
}

/** Header names as typed, compared without case, spaces or a BOM: `Loss Reason` is `loss_reason`. */
const normalise = (name: string): string => {
  const plain = name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  // `E-mail` is how spreadsheets title the column.
  return plain === 'e_mail' ? 'email' : plain;
};

function checkHeader(kind: CsvKind, header: string[]): string[] {
  const names = header.map(normalise);
  const known = new Set(CSV_COLUMNS[kind].map((c) => c.name));
  const duplicate = [...new Set(names.filter((n, i) => n && names.indexOf(n) !== i))];
  const unknown = names.filter((n) => n && !known.has(n));
  const missing = CSV_COLUMNS[kind].filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0 || unknown.length > 0 || duplicate.length > 0) throw new CsvFileError({ kind: 'header', missing, unknown, duplicate });
  return names;
}

/** Counts bytes as they pass and refuses a file over the limit. */
async function* limited(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > maxBytes) throw new CsvFileError({ kind: 'too_big', maxBytes });
    yield buffer;
  }
}

/** Holds back the first bytes until there are enough to judge the file, then yields everything. */
async function* sniffed(input: AsyncIterable<Buffer>, onStart: (start: Buffer) => void): AsyncGenerator<Buffer> {
  const held: Buffer[] = [];
  let size = 0;
  let judged = false;
  for await (const chunk of input) {
    if (judged) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    size += chunk.length;
    if (size >= SNIFF_BYTES) {
      judged = true;
      onStart(Buffer.concat(held));
      yield* held;
    }
  }
  if (!judged) {
    onStart(Buffer.concat(held));
    yield* held;
  }
}

/**
 * Reads a CSV file as it streams (never whole in memory): UTF-8 with or without a BOM, comma or
 * semicolon separated, quoted cells with separators and line breaks inside. The header must name the
 * kind's columns (any order, any case); a row with the wrong number of cells is handed to `onShape`
 * and skipped, so one run reports every bad row. A file that is not CSV at all throws CsvFileError.
 */
export async function* readCsv(input: Readable | AsyncIterable<Buffer | string>, kind: CsvKind, opts: { maxBytes: number; onShape: (p: ShapeProblem) => void }): AsyncGenerator<CsvRow> {
  let parser: ReturnType<typeof parse> | undefined;
  const bytes = sniffed(limited(input, opts.maxBytes), (start) => {
    const { separator } = checkStart(start);
    parser = parse({ bom: true, delimiter: separator, relax_column_count: true, skip_empty_lines: true, info: true });
  });
  // The parser exists once the first bytes were judged; feed it from the byte stream in the background.
  const first = await bytes.next();
  if (!parser) throw new CsvFileError({ kind: 'empty' });
  const csv = parser;
  // Back-pressure: wait for the parser to drain (or to be closed by a reader that stopped early).
  const drained = (): Promise<void> => new Promise((resolve) => {
    const done = (): void => {
      csv.off('drain', done);
      csv.off('close', done);
      resolve();
    };
    csv.once('drain', done);
    csv.once('close', done);
  });
  const feeding = (async () => {
    try {
      if (!first.done) csv.write(first.value);
      for await (const chunk of bytes) {
        if (csv.destroyed) return;
        if (!csv.write(chunk)) await drained();
      }
      csv.end();
    } catch (error) {
      csv.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  let header: string[] | undefined;
  let lastLine = 0;
  let emptyLines = 0;
  try {
    for await (const { record, info } of csv as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      // The record starts after the previous one and any empty lines skipped since.
      const line = lastLine + 1 + (info.empty_lines - emptyLines);
      lastLine = info.lines;
      emptyLines = info.empty_lines;
      if (!header) {
        header = checkHeader(kind, record);
        continue;
      }
      if (record.length !== header.length) {
        opts.onShape({ line, cells: record.length, expected: header.length });
        continue;
      }
      const cells: Record<string, string> = {};
      // A cell an export neutralised (`'=SUM(…)`) reads back as it was written.
      for (const [i, name] of header.entries()) if (name) cells[name] = restoreFormula((record[i] ?? '').trim());
      yield { line, cells };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvFileError({ kind: 'malformed', line: lastLine + 1, message: error.code });
    throw error;
  } finally {
    // A reader that stopped early (an error downstream) must not leave the file being read.
    if (!csv.writableEnded) csv.destroy();
    await feeding;
  }
  if (!header) throw new CsvFileError({ kind: 'empty' });
}

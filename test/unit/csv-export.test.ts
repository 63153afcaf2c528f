import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { columnNames } from '../../src/domain/csv/csv-formats.ts';
import { exportColumns, neutraliseFormula, restoreFormula, writeCsv } from '../../src/domain/csv/export/csv-cell.ts';
import { ATTAINMENT_COLUMNS, attainmentPercent } from '../../src/domain/csv/export/export-attainment.ts';
import { parseExportRange, rangeInstants } from '../../src/domain/csv/export/export-range.ts';
import { keysetRows } from '../../src/domain/csv/export/keyset.ts';

/** A Writable that keeps what it is given, as the bytes a file or an upload would receive. */
function collect(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

const BOM = '\uFEFF';

describe('formula neutralising', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['＝1', "'＝1"],
    ["'=1", "''=1"],
    ['Acme d.o.o.', 'Acme d.o.o.'],
    ['Janez Novak', 'Janez Novak'],
    ["O'Brien", "O'Brien"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j, and back', (typed, written) => {
    expect(neutraliseFormula(typed)).toBe(written);
    expect(restoreFormula(written)).toBe(typed);
  });

  it('restores nothing a person typed that merely starts with a quote', () => {
    expect(restoreFormula("'quoted'")).toBe("'quoted'");
  });
});

describe('writing CSV', () => {
  interface Row {
    customer: string;
    amount: string | null;
  }
  const columns = exportColumns<Row>(['customer', 'amount'], {
    customer: { kind: 'text', cell: (r) => r.customer },
    amount: { kind: 'data', cell: (r) => r.amount },
  });

  it('writes a BOM, CRLF line ends, quotes only where needed, and escapes text columns only', async () => {
    const { out, bytes } = collect();
    const rows: Row[] = [
      { customer: '=SUM(A1)', amount: '-1250.50' },
      { customer: 'Acme, Inc.', amount: '12500.00' },
      { customer: 'The "Best" Ltd', amount: null },
      { customer: 'Two\nlines', amount: '1' },
      { customer: 'Lone\rreturn', amount: '2' },
      { customer: 'Čebelarstvo Žužek', amount: '3' },
      { customer: '-2+3', amount: '-2' },
    ];
    expect(await writeCsv(out, columns, rows)).toEqual({ rows: 7 });
    const file = bytes();
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8')).toBe(
      `${BOM}customer,amount\r\n` +
        "'=SUM(A1),-1250.50\r\n" +
        '"Acme, Inc.",12500.00\r\n' +
        '"The ""Best"" Ltd",\r\n' +
        '"Two\nlines",1\r\n' +
        '"Lone\rreturn",2\r\n' +
        'Čebelarstvo Žužek,3\r\n' +
        "'-2+3,-2\r\n",
    );
    const records: unknown = parse(file, { bom: true, columns: true });
    expect(records).toEqual(rows.map((r) => ({ customer: neutraliseFormula(r.customer), amount: r.amount ?? '' })));
  });

  it('writes the BOM and the header for no rows, so an empty export still opens with its columns', async () => {
    const { out, bytes } = collect();
    expect(await writeCsv(out, columns, [])).toEqual({ rows: 0 });
    expect(bytes().toString('utf8')).toBe(`${BOM}customer,amount\r\n`);
  });

  it('refuses a column of the format that has no cell', () => {
    expect(() => exportColumns<Row>(['customer', 'amount', 'currency'], { customer: { kind: 'text', cell: (r) => r.customer }, amount: { kind: 'data', cell: (r) => r.amount } }))
      .toThrow('No export cell for CSV column "currency"');
  });

  it('rejects when the destination fails', async () => {
    const out = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
    await expect(writeCsv(out, columns, [{ customer: 'A', amount: '1' }])).rejects.toThrow('disk full');
  });
});

describe('the attainment columns', () => {
  it('begin with the goals columns, in their order, so the file seeds goals', () => {
    expect(ATTAINMENT_COLUMNS.slice(0, 6)).toEqual(columnNames('goals'));
    expect(ATTAINMENT_COLUMNS).toEqual(['scope', 'subject', 'target', 'metric', 'period', 'start', 'subject_name', 'won', 'attainment', 'pace']);
  });

  it.each([
    [13_250n, 10_000n, '132.5'],
    [9_996n, 10_000n, '99.9'],
    [10_000n, 10_000n, '100.0'],
    [0n, 500n, '0.0'],
    [1n, 3n, '33.3'],
    [7n, 4n, '175.0'],
  ])('attainment of %s against %s is %s', (won, target, percent) => {
    expect(attainmentPercent(won, target)).toBe(percent);
  });
});

describe('keyset pages', () => {
  it('reads after the last key until a short page, and never reads ahead of the consumer', async () => {
    const all = Array.from({ length: 7 }, (_, i) => i + 1);
    const asked: (number | undefined)[] = [];
    const page = async (after: number | undefined, limit: number): Promise<number[]> => {
      asked.push(after);
      return all.filter((n) => n > (after ?? 0)).slice(0, limit);
    };
    const rows = keysetRows(page, (n) => n, 3);
    expect((await rows.next()).value).toBe(1);
    expect(asked).toEqual([undefined]);
    const rest: number[] = [];
    for await (const n of rows) rest.push(n);
    expect(rest).toEqual([2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([undefined, 3, 6]);
  });

  it('asks once more after an exactly full last page, and stops on the empty one', async () => {
    const asked: (number | undefined)[] = [];
    const page = async (after: number | undefined): Promise<number[]> => {
      asked.push(after);
      return after === undefined ? [1, 2] : [];
    };
    const rows: number[] = [];
    for await (const n of keysetRows(page, (n) => n, 2)) rows.push(n);
    expect(rows).toEqual([1, 2]);
    expect(asked).toEqual([undefined, 2]);
  });
});

describe('export ranges', () => {
  /** Wednesday 18 November 2026. */
  const today = '2026-11-18';

  it.each([
    ['', { start: '2026-11-01', end: '2026-12-01', label: '2026-11' }],
    ['month', { start: '2026-11-01', end: '2026-12-01', label: '2026-11' }],
    ['quarter', { start: '2026-10-01', end: '2027-01-01', label: '2026-Q4' }],
    ['year', { start: '2026-01-01', end: '2027-01-01', label: '2026' }],
    ['week', { start: '2026-11-16', end: '2026-11-23', label: '2026-W47' }],
    ['last month', { start: '2026-10-01', end: '2026-11-01', label: '2026-10' }],
    ['Last Quarter', { start: '2026-07-01', end: '2026-10-01', label: '2026-Q3' }],
    ['prejšnji mesec', { start: '2026-10-01', end: '2026-11-01', label: '2026-10' }],
    ['2026-10', { start: '2026-10-01', end: '2026-11-01', label: '2026-10' }],
    ['2026-Q3', { start: '2026-07-01', end: '2026-10-01', label: '2026-Q3' }],
    ['2025', { start: '2025-01-01', end: '2026-01-01', label: '2025' }],
    ['2026-W01', { start: '2025-12-29', end: '2026-01-05', label: '2026-W01' }],
  ])('reads %j as a season', (text, expected) => {
    const read = parseExportRange(text, today);
    expect(read.ok && { start: read.value.start, end: read.value.end, label: read.value.label }).toEqual(expected);
    expect(read.ok && read.value.season).toMatchObject({ start: expected.start, end: expected.end });
  });

  it.each([
    ['2026-10-01..2026-12-31', { start: '2026-10-01', end: '2027-01-01', label: '2026-10-01..2026-12-31' }],
    [' 2026-11-18 .. 2026-11-18 ', { start: '2026-11-18', end: '2026-11-19', label: '2026-11-18..2026-11-18' }],
    ['2024-02-01..2024-02-29', { start: '2024-02-01', end: '2024-03-01', label: '2024-02-01..2024-02-29' }],
    // Begun, so kept whole: the days after today hold no rows yet.
    ['2026-11-01..2027-03-31', { start: '2026-11-01', end: '2027-04-01', label: '2026-11-01..2027-03-31' }],
  ])('reads %j as a date range with its last day included', (text, expected) => {
    expect(parseExportRange(text, today)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2026-13', { mistake: 'month' }],
    ['2026-Q5', { mistake: 'quarter' }],
    ['2025-W53', { mistake: 'week', year: 2025, weeks: 52 }],
    ['1999', { mistake: 'year' }],
    ['fortnight', { mistake: 'unknown' }],
    ['last decade', { mistake: 'unknown' }],
    ['2026-02-30..2026-03-01', { mistake: 'day', input: '2026-02-30' }],
    ['2026-10-01..2026-10-32', { mistake: 'day', input: '2026-10-32' }],
    ['2026-10-01..31.12.2026', { mistake: 'day', input: '31.12.2026' }],
    ['1999-12-01..2026-01-01', { mistake: 'year' }],
    ['2026-12-31..2026-10-01', { mistake: 'order', start: '2026-12-31', last: '2026-10-01' }],
    ['2026-12', { mistake: 'future', start: '2026-12-01' }],
    ['2027', { mistake: 'future', start: '2027-01-01' }],
    ['2026-11-19..2026-11-30', { mistake: 'future', start: '2026-11-19' }],
  ])('refuses %j', (text, mistake) => {
    expect(parseExportRange(text, today)).toEqual({ ok: false, error: mistake });
  });

  it('turns local days into the instants of their midnights in the zone', () => {
    const range = rangeInstants({ start: '2026-12-01', end: '2027-01-01' }, 'Europe/Ljubljana');
    expect(range.from.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });
});

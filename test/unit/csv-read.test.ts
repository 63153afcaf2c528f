import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CSV_KINDS, type CsvKind } from '../../src/domain/csv/csv-formats.ts';
import { CsvFileError, readCsv, separatorOf, type CsvRow, type FileProblem, type ShapeProblem } from '../../src/domain/csv/csv-read.ts';

async function read(input: Readable, kind: CsvKind, maxBytes = 1_000_000): Promise<{ rows: CsvRow[]; shapes: ShapeProblem[] }> {
  const rows: CsvRow[] = [];
  const shapes: ShapeProblem[] = [];
  for await (const row of readCsv(input, kind, { maxBytes, onShape: (s) => shapes.push(s) })) rows.push(row);
  return { rows, shapes };
}

async function refusal(input: Readable, kind: CsvKind, maxBytes?: number): Promise<FileProblem> {
  try {
    await read(input, kind, maxBytes);
  } catch (error) {
    if (error instanceof CsvFileError) return error.problem;
    throw error;
  }
  throw new Error('the file was read');
}

describe('readCsv', () => {
  it.each(CSV_KINDS)('reads the README sample docs/csv/%s.csv: every column known, every row whole', async (kind) => {
    const { rows, shapes } = await read(createReadStream(`docs/csv/${kind}.csv`), kind);
    expect(shapes).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]?.line).toBe(2);
  });

  it('chooses the separator from the header alone', () => {
    expect(separatorOf('date;rep;customer;amount')).toBe(';');
    expect(separatorOf('date,rep,customer,amount')).toBe(',');
    expect(separatorOf('date,rep;note')).toBe(',');
  });

  it('gives each record the line it starts on, counting line breaks inside quotes', async () => {
    const csv = 'rep,name\r\nU1,"Ana\nNovak"\r\nU2,Bor\r\n\r\nU3,"Cene, ""Ce"""\r\n';
    const { rows } = await read(Readable.from([csv]), 'members');
    expect(rows).toEqual([
      { line: 2, cells: { rep: 'U1', name: 'Ana\nNovak' } },
      { line: 4, cells: { rep: 'U2', name: 'Bor' } },
      { line: 6, cells: { rep: 'U3', name: 'Cene, "Ce"' } },
    ]);
  });

  it('streams a file larger than its first chunk, split anywhere, even inside a character', async () => {
    const csv = `rep,name\n${Array.from({ length: 5_000 }, (_, i) => `U${i},Šime ${i}`).join('\n')}\n`;
    const bytes = Buffer.from(csv);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) => bytes.subarray(i * 777, (i + 1) * 777));
    const { rows } = await read(Readable.from(chunks), 'members');
    expect(rows).toHaveLength(5_000);
    expect(rows[4_999]).toEqual({ line: 5_001, cells: { rep: 'U4999', name: 'Šime 4999' } });
  });

  it('hands rows with the wrong number of cells to onShape and goes on', async () => {
    const { rows, shapes } = await read(Readable.from(['rep,name\nU1\nU2,Bor\nU3,Cene,extra\n']), 'members');
    expect(rows.map((r) => r.cells.rep)).toEqual(['U2']);
    expect(shapes).toEqual([{ line: 2, cells: 1, expected: 2 }, { line: 4, cells: 3, expected: 2 }]);
  });

  it('refuses what is not CSV of the kind: header, binary, encoding, size, empty, an unclosed quote', async () => {
    expect(await refusal(Readable.from(['Rep,NAME,Name,colour\nU1,a,b,c\n']), 'members')).toEqual({ kind: 'header', missing: [], unknown: ['colour'], duplicate: ['name'] });
    expect(await refusal(Readable.from([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00])]), 'members')).toEqual({ kind: 'not_csv', reason: 'binary' });
    expect(await refusal(Readable.from([Buffer.from('rep,name\nU1,Kova\xe8\n', 'latin1')]), 'members')).toEqual({ kind: 'not_csv', reason: 'encoding' });
    expect(await refusal(Readable.from([`rep,name\n${'U1,Ana\n'.repeat(100)}`]), 'members', 300)).toEqual({ kind: 'too_big', maxBytes: 300 });
    expect(await refusal(Readable.from(['']), 'members')).toEqual({ kind: 'empty' });
    expect(await refusal(Readable.from(['rep,name\nU1,"Ana\n']), 'members')).toEqual({ kind: 'malformed', line: 2, message: 'CSV_QUOTE_NOT_CLOSED' });
  });
});

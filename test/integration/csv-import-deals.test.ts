import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATCH_ROWS, importCsv, MAX_PROBLEMS, type ImportReport } from '../../src/domain/csv/import/importer.ts';
import { dealImporter } from '../../src/domain/csv/import/deals.ts';
import type { ImporterFactory } from '../../src/domain/csv/import/importer.ts';
import { reportLines } from '../../src/domain/csv/import/report.views.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * deals.csv on real PostgreSQL: one transaction per file, every bad row reported with its line and
 * nothing written, refs imported twice updated rather than duplicated, `D-42` naming Pacer's own deal,
 * the monthly totals counted once at the end, and files that are not CSV refused whole.
 */
const PEOPLE = [person('UADMIN', 'Olivia', { isPlatformAdmin: true }), person('UALICE', 'Alice'), person('UBOB', 'Bob')];
/** Monday 30 November 2026, 12:00 in Ljubljana. */
const NOW = new Date('2026-11-30T11:00:00Z');
const HEADER = 'date,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref';

let t: TestDatabase;
let tc: TestCore;
let workspace: Workspace;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  tc = createTestCore(t.db, PEOPLE, { at: NOW });
  for (const line of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@UALICE> East', 'team create West']) await tc.say('UADMIN', 'pacer', line);
  await tc.say('UBOB', 'goal', '');
  workspace = await t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
});

const run = (csv: string | Buffer, opts: { dryRun?: boolean; maxBytes?: number } = {}): Promise<ImportReport> =>
  importCsv(t.db, workspace, 'deals', dealImporter as ImporterFactory, Readable.from([csv]), { dryRun: opts.dryRun ?? false, maxBytes: opts.maxBytes ?? 10_000_000, now: NOW });
const report = (r: ImportReport): string[] => reportLines(r, translator('en'), createFormats('en'), { shown: 50 });
const deals = () => t.db.selectFrom('deals as d').innerJoin('members as m', 'm.id', 'd.member_id').leftJoin('teams as t', 't.id', 'd.team_id')
  .select(['d.number', 'm.external_id as rep', 't.name as team', 'd.customer', 'd.product', 'd.amount_minor', 'd.stage', 'd.loss_reason', 'd.occurred_at', 'd.delivered_at', 'd.serviced_at', 'd.ref'])
  .orderBy('d.number').execute();
const totals = () => t.db.selectFrom('deal_month_totals').select(['month', 'member_id', 'won_minor', 'won_deals']).orderBy('month').orderBy('member_id').execute();

describe('importing deals.csv', () => {
  it('writes every row in one go: stages, dates in the workspace zone, the rep\'s team unless named, monthly totals', async () => {
    const csv = [
      HEADER,
      '2026-10-05,UALICE,Globex,12500.50,EUR,Widgets,won,,,,,CRM-1',
      '2026-10-06T14:30,UBOB,"Initech, Inc.",8000,,,delivered,,2026-10-20,,West,CRM-2',
      '2026-09-30T23:30:00Z,UALICE,Umbrella,3000,,,serviced,,,,,',
      '2026-10-07,UBOB,Hooli,,,,lost,cena,,,,CRM-3',
    ].join('\n');
    const r = await run(csv);
    expect(report(r)).toEqual(['deals.csv: 4 rows read — 4 created, 0 updated, 0 already there.']);
    expect(r.written).toBe(true);
    expect(await t.db.selectFrom('audit_log').select(['actor_member_id', 'subject', 'details']).where('action', '=', 'csv.import').execute())
      .toEqual([{ actor_member_id: null, subject: 'deals.csv', details: { rows: 4, created: 4, updated: 0, unchanged: 0 } }]);
    expect(await deals()).toEqual([
      { number: 1, rep: 'UALICE', team: 'East', customer: 'Globex', product: 'Widgets', amount_minor: 1_250_050n, stage: 'won', loss_reason: null, occurred_at: new Date('2026-10-04T22:00:00Z'), delivered_at: null, serviced_at: null, ref: 'CRM-1' },
      { number: 2, rep: 'UBOB', team: 'West', customer: 'Initech, Inc.', product: null, amount_minor: 800_000n, stage: 'delivered', loss_reason: null, occurred_at: new Date('2026-10-06T12:30:00Z'), delivered_at: new Date('2026-10-19T22:00:00Z'), serviced_at: null, ref: 'CRM-2' },
      // 23:30 UTC on 30 September is 1 October in Ljubljana; delivered and serviced that day.
      { number: 3, rep: 'UALICE', team: 'East', customer: 'Umbrella', product: null, amount_minor: 300_000n, stage: 'serviced', loss_reason: null, occurred_at: new Date('2026-09-30T23:30:00Z'), delivered_at: new Date('2026-09-30T23:30:00Z'), serviced_at: new Date('2026-09-30T23:30:00Z'), ref: null },
      { number: 4, rep: 'UBOB', team: null, customer: 'Hooli', product: null, amount_minor: null, stage: 'lost', loss_reason: 'price', occurred_at: new Date('2026-10-06T22:00:00Z'), delivered_at: null, serviced_at: null, ref: 'CRM-3' },
    ]);
    const [alice, bob] = [(await t.db.selectFrom('members').select('id').where('external_id', '=', 'UALICE').executeTakeFirstOrThrow()).id, (await t.db.selectFrom('members').select('id').where('external_id', '=', 'UBOB').executeTakeFirstOrThrow()).id];
    // Counted once at the end, by month in the workspace's zone: both of Alice's deals are October's.
    expect(await totals()).toEqual([
      { month: '2026-10-01', member_id: alice, won_minor: 1_550_050n, won_deals: 2 },
      { month: '2026-10-01', member_id: bob, won_minor: 800_000n, won_deals: 1 },
    ]);
  });

  it('updates the deals a second import names by ref, and Pacer\'s own deals by D-number, adding nothing twice', async () => {
    await run([HEADER, '2026-10-05,UALICE,Globex,12500,,,won,,,,,CRM-1'].join('\n'));
    await tc.say('UBOB', 'deal', '900 Acme');
    const again = await run([HEADER, '2026-10-05,UALICE,Globex,13000,,,delivered,,2026-10-09,,,CRM-1', '2026-11-02,UBOB,Acme,950,,,won,,,,,D-2', '2026-11-03,UBOB,Soylent,100,,,won,,,,,'].join('\n'));
    expect(report(again)).toEqual(['deals.csv: 3 rows read — 1 created, 2 updated, 0 already there.']);
    expect((await deals()).map((d) => [d.number, d.customer, d.amount_minor, d.stage, d.ref])).toEqual([
      [1, 'Globex', 1_300_000n, 'delivered', 'CRM-1'], [2, 'Acme', 95_000n, 'won', null], [3, 'Soylent', 10_000n, 'won', null],
    ]);
    expect((await totals()).reduce((sum, row) => sum + row.won_minor, 0n)).toBe(1_405_000n);
  });

  it('reports every bad row with its line and what is wrong, and writes nothing', async () => {
    const csv = [
      HEADER,
      '2026-10-05,UALICE,Globex,12500,,,won,,,,,',
      '2026-10-05,UNOBODY,Globex,"12,5",USD,,sold,,,,Nowhere,',
      '2027-01-01,UALICE,,100,,,lost,,,,,',
      '2026-10-05,UALICE,Acme,100,,,won,price,2026-10-06,,,',
      '2026-10-05,UALICE,Acme,100,,,won,,,,,R-1',
      '2026-10-06,UALICE,Acme,100,,,won,,,,,R-1',
      '2026-10-05,UALICE,Acme,100',
      '2026-10-05,UALICE,Acme,100.555,,,won,,,,,',
    ].join('\r\n');
    const r = await run(csv);
    expect(r.written).toBe(false);
    expect(report(r)).toEqual([
      'deals.csv: 6 bad rows of 8; nothing was written. Fix them and import the whole file again.',
      'line 3: rep: no member “UNOBODY” here: import members.csv first, or use their e-mail address; amount: “12,5” is not a plain decimal: use digits and a point, like 12500.50; currency: “USD”: this workspace counts in EUR; stage: “sold” is not one of: won, delivered, serviced, lost; team: no team “Nowhere” here: create it first (/pacer team create …) or import members.csv',
      'line 4: date: “2027-01-01” is in the future; customer: empty, but required',
      'line 5: loss_reason: only a lost deal has a loss reason; delivered_at: a won deal has no delivery date',
      'line 7: ref: “R-1” is already used on line 6 of this file',
      'line 8: 4 cells, but the header has 12',
      'line 9: amount: “100.555” has more decimals than EUR has (2)',
    ]);
    expect(await deals()).toEqual([]);
    expect(await totals()).toEqual([]);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'csv.import').execute()).toEqual([]);
  });

  it('refuses one deal named twice, by its D-number and by its ref, on the later line, writing nothing', async () => {
    await run([HEADER, '2026-10-05,UALICE,Globex,12500,,,won,,,,,CRM-1'].join('\n'));
    const r = await run([HEADER, '2026-10-05,UALICE,Globex,13000,,,won,,,,,CRM-1', '2026-10-05,UALICE,Globex,14000,,,won,,,,,D-1'].join('\n'), { dryRun: true });
    expect(report(r)).toEqual([
      'deals.csv: 1 bad row of 2; nothing was written. Fix it and import the whole file again.',
      'line 3: ref: names deal D-1, as line 2 of this file already does',
    ]);
    expect((await deals()).map((d) => d.amount_minor)).toEqual([1_250_000n]);
  });

  it('refuses a D-number that names no deal, writing nothing', async () => {
    const r = await run([HEADER, '2026-10-05,UALICE,Globex,1,,,won,,,,,', '2026-10-05,UALICE,Globex,1,,,won,,,,,D-77'].join('\n'));
    expect(report(r)).toEqual([
      'deals.csv: 1 bad row of 2; nothing was written. Fix it and import the whole file again.',
      'line 3: ref: there is no deal D-77 to update: leave ref empty to add it as a new deal',
    ]);
    expect(await deals()).toEqual([]);
  });

  it('checks the whole file in a dry run and reports what it would do, writing nothing', async () => {
    const r = await run([HEADER, '2026-10-05,UALICE,Globex,1,,,won,,,,,', '2026-10-06,UBOB,Acme,2,,,won,,,,,'].join('\n'), { dryRun: true });
    expect(report(r)).toEqual(['Dry run of deals.csv: 2 rows read — would create 2, update 0, leave 0 as they are. Nothing was written.']);
    expect(r.written).toBe(false);
    expect(await deals()).toEqual([]);
    // The numbers a dry run took are given back with its transaction: the next deal is still D-1.
    await run([HEADER, '2026-10-05,UALICE,Globex,1,,,won,,,,,'].join('\n'));
    expect((await deals()).map((d) => d.number)).toEqual([1]);
  });

  it('reads a semicolon file from Slovenian Excel: BOM, quoted separators and line breaks, header in any case', async () => {
    const csv = '\uFEFFDate;Rep;Customer;Amount;Currency;Product;Stage;Loss Reason;Delivered_at;Serviced_at;Team;Ref\r\n'
      + '2026-10-05;UALICE;"Kovač; d.o.o.";1250.5;EUR;"Widgets\r\nXL";won;;;;;\r\n'
      + '2026-10-06;UBOB;Šumi;10;;;lost;cena;;;;\r\n';
    const r = await run(Buffer.from(csv, 'utf8'));
    expect(report(r)).toEqual(['deals.csv: 2 rows read — 2 created, 0 updated, 0 already there.']);
    expect((await deals()).map((d) => [d.customer, d.product, d.amount_minor, d.loss_reason])).toEqual([['Kovač; d.o.o.', 'Widgets\r\nXL', 125_050n, null], ['Šumi', null, 1_000n, 'price']]);
  });

  it('refuses files that are not deals.csv at all, writing nothing', async () => {
    expect(report(await run('date,rep,customer,stage,colour\n2026-10-05,UALICE,Globex,won,red'))).toEqual([
      'The header line does not match deals.csv. Its columns are: date, rep, customer, amount, currency, product, stage, loss_reason, delivered_at, serviced_at, team, ref.',
      'Missing: amount.',
      'Not a column of this file: colour.',
    ]);
    expect(report(await run(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08])))).toEqual(['This is not a CSV file (it holds binary data). Save the sheet as CSV (UTF-8) and try again.']);
    expect(report(await run(Buffer.from('date,rep,customer,amount,stage\n2026-10-05,UALICE,Kova\xe8,1,won', 'latin1')))).toEqual(['This file is not UTF-8. Save it as “CSV UTF-8” (Excel) or export it with UTF-8 encoding and try again.']);
    expect(report(await run(''))).toEqual(['The file is empty: it needs a header line and at least one row.']);
    expect(report(await run(`${HEADER}\n${'2026-10-05,UALICE,Globex,1,,,won,,,,,\n'.repeat(200)}`, { maxBytes: 4_096 }))).toEqual(['The file is larger than 0 MB. Split it, or import it on the command line: pacer import …']);
    expect(report(await run(`${HEADER}\n2026-10-05,UALICE,"Globex,1,,,won,,,,,\n`))).toEqual([expect.stringMatching(/^The file is not valid CSV at line 2 \(CSV_QUOTE_NOT_CLOSED\)/)]);
    expect(await deals()).toEqual([]);
  });
});

describe('deal amounts', () => {
  it('refuses a won deal of 0 and a typo above a trillion, writing nothing', async () => {
    const r = await run([HEADER, '2026-10-05,UALICE,Globex,0,,,won,,,,,', '2026-10-05,UALICE,Globex,1000000000001,,,won,,,,,', '2026-10-05,UALICE,Globex,0,,,lost,price,,,,'].join('\n'));
    expect(report(r)).toEqual([
      'deals.csv: 2 bad rows of 3; nothing was written. Fix them and import the whole file again.',
      'line 2: amount: must be more than 0',
      'line 3: amount: more than 1000000000000: check for a typo',
    ]);
    expect(await deals()).toEqual([]);
  });
});

describe('files of several batches (the next batch is read while the previous one is written)', () => {
  const rows = (n: number, row: (i: number) => string): string => [HEADER, ...Array.from({ length: n }, (_, i) => row(i + 1))].join('\n');
  const good = (i: number): string => `2026-10-05,${i % 2 ? 'UALICE' : 'UBOB'},Customer ${i},${i},,,won,,,,,CRM-${i}`;
  /** The deal importer with its writes awaited one by one (overlapWrites off): the reference. */
  const oneByOne: ImporterFactory = async (ctx) => ({ ...(await (dealImporter as ImporterFactory)(ctx)), overlapWrites: false });
  const runWith = (factory: ImporterFactory, csv: string): Promise<ImportReport> =>
    importCsv(t.db, workspace, 'deals', factory, Readable.from([csv]), { dryRun: false, maxBytes: 10_000_000, now: NOW });

  it('writes every batch, numbered in line order', async () => {
    const n = 2 * BATCH_ROWS + 500;
    const r = await run(rows(n, good));
    expect([r.written, r.rows, r.created, r.problemRows]).toEqual([true, n, n, 0]);
    const stored = await t.db.selectFrom('deals').select(['number', 'ref']).orderBy('number').execute();
    expect(stored.length).toBe(n);
    expect(stored.every((d, i) => d.number === i + 1 && d.ref === `CRM-${i + 1}`)).toBe(true);
  });

  it('reports refs repeated across batches with their first line, beside bad rows, in the same report as writing batch by batch', async () => {
    // Batch 1 clean; batch 2 (rows 2001 to about 4053) with a bad row in 40 and a ref of batch 1
    // again in 7; then 400 bad rows, read while batch 2 is written. The report lists the first 200
    // problems as found batch by batch: batch 2's bad rows, then its repeats, none of the 400.
    const bad = (i: number): boolean => (i > 2 * BATCH_ROWS && i <= 2 * BATCH_ROWS + 100 && i % 40 === 0) || (i > 2 * BATCH_ROWS + 100 && i <= 2 * BATCH_ROWS + 500);
    const csv = rows(3 * BATCH_ROWS + 500, (i) => (bad(i) ? '2026-10-05,UNOBODY,X,1,,,won,,,,,' : i > BATCH_ROWS && i % 7 === 0 ? good(i - BATCH_ROWS) : good(i)));
    const overlapped = await run(csv);
    expect(overlapped).toEqual(await runWith(oneByOne, csv));
    expect([overlapped.written, overlapped.problems.length, overlapped.problemRows > 400 + 280]).toEqual([false, MAX_PROBLEMS, true]);
    const repeats = overlapped.problems.filter((p) => p.issues[0]?.key === 'imports.cell.duplicate_ref');
    expect(repeats.length).toBeGreaterThan(100);
    expect(Math.max(...overlapped.problems.map((p) => p.line))).toBeLessThan(2 * BATCH_ROWS + 100);
    // Row i is on line i + 1: row 2002 (line 2003) repeats row 2 (line 3), CRM-2.
    expect(repeats[0]).toEqual({ line: 2003, issues: [{ column: 'ref', key: 'imports.cell.duplicate_ref', params: { value: 'CRM-2', first: 3 } }] });
    expect(await deals()).toEqual([]);
  });

  it('throws the error of a write that failed, not that of a lookup queued behind it, and writes nothing', async () => {
    // The second batch's write fails; the next row names a rep not yet looked up, so its lookup
    // meets the aborted transaction while that write is still the one in flight.
    const failing: ImporterFactory = async (ctx) => {
      const importer = await (dealImporter as ImporterFactory)(ctx);
      let writes = 0;
      return {
        ...importer,
        async write(batch) {
          if (++writes === 2) await sql`select 1 / 0`.execute(ctx.trx);
          return importer.write(batch);
        },
      };
    };
    const csv = rows(2 * BATCH_ROWS + 10, (i) => (i > 2 * BATCH_ROWS ? `2026-10-05,UADMIN,Late,1,,,won,,,,,` : `2026-10-05,UALICE,Customer ${i},1,,,won,,,,,`));
    await expect(runWith(failing, csv)).rejects.toThrow('division by zero');
    expect(await deals()).toEqual([]);
    // The connection went back to the pool in order: the next import works.
    expect((await run(rows(3, good))).created).toBe(3);
  });
});

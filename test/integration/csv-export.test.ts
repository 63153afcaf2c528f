import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { columnNames } from '../../src/domain/csv/csv-formats.ts';
import { restoreFormula } from '../../src/domain/csv/export/csv-cell.ts';
import { exportAttainment } from '../../src/domain/csv/export/export-attainment.ts';
import { exportDeals } from '../../src/domain/csv/export/export-deals.ts';
import { exportFeedback } from '../../src/domain/csv/export/export-feedback.ts';
import { parseExportRange, rangeInstants, type ExportRange } from '../../src/domain/csv/export/export-range.ts';
import type { DealStage, LossReason } from '../../src/domain/deals/deal.table.ts';
import type { FeedbackKind } from '../../src/domain/feedback/feedback.table.ts';
import type { GoalMetric, GoalScope } from '../../src/domain/goals/goal.table.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { minorToDecimalString } from '../../src/money/amount.ts';
import { localDay } from '../../src/time/periods.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * `pacer export` on real PostgreSQL: the exact text of each file for seeded deals, feedback and goals
 * in a Ljubljana workspace (so local days differ from UTC ones at the month's edges), the streaming
 * export of 20,000 deals across many pages, and the file read back with csv-parse.
 */
const ZONE = 'Europe/Ljubljana';
const BOM = '\uFEFF';
/** Wednesday 18 November 2026, 11:00 in Ljubljana: 13 of November's 21 working days have begun. */
const NOW = new Date('2026-11-18T10:00:00Z');

let t: TestDatabase;
let workspace: Workspace;
const members = new Map<string, number>();
const teams = new Map<string, number>();

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** A workspace with reps Ana (East), Črt (Zahod) and Bor (no team), and a second workspace's deal to ignore. */
async function seedWorkspace(): Promise<void> {
  await truncateAll(t.db);
  members.clear();
  teams.clear();
  workspace = await t.db.insertInto('workspaces')
    .values({ platform: 'slack', external_id: 'T1', name: 'Acme Sales', currency: 'EUR', locale: 'sl', timezone: ZONE, holiday_country: 'SI' })
    .returningAll().executeTakeFirstOrThrow();
  for (const name of ['East', 'Zahod']) {
    teams.set(name, (await t.db.insertInto('teams').values({ workspace_id: workspace.id, name }).returning('id').executeTakeFirstOrThrow()).id);
  }
  for (const [externalId, displayName, team] of [['UANA', 'Ana Novak', 'East'], ['UCRT', 'Črt Žagar', 'Zahod'], ['UBOR', 'Bor', null]] as const) {
    const values = { workspace_id: workspace.id, external_id: externalId, display_name: displayName, timezone: null, locale: null, team_id: team && (teams.get(team) ?? null), profile_synced_at: null };
    members.set(externalId, (await t.db.insertInto('members').values(values).returning('id').executeTakeFirstOrThrow()).id);
  }
}

interface DealSeed {
  number: number;
  rep: string;
  team: string | null;
  customer: string;
  euros: number | null;
  at: string;
  stage?: DealStage;
  product?: string;
  reason?: LossReason;
  delivered?: string;
  serviced?: string;
  ref?: string;
}

/** A deal written straight to the table, as history before Pacer's clock; returns its id. */
async function deal(d: DealSeed): Promise<bigint> {
  const stage = d.stage ?? 'won';
  const occurred = new Date(d.at);
  const row = await t.db.insertInto('deals').values({
    workspace_id: workspace.id, number: d.number, member_id: members.get(d.rep) ?? 0, team_id: d.team === null ? null : (teams.get(d.team) ?? null),
    customer: d.customer, product: d.product ?? null, amount_minor: d.euros === null ? null : BigInt(Math.round(d.euros * 100)), currency: 'EUR',
    stage, loss_reason: d.reason ?? null, occurred_at: occurred, won_at: stage === 'lost' ? null : occurred,
    delivered_at: d.delivered ? new Date(d.delivered) : null, serviced_at: d.serviced ? new Date(d.serviced) : null,
    lost_at: stage === 'lost' ? occurred : null, ref: d.ref ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function feedback(rep: string, kind: FeedbackKind, text: string, at: string, dealId: bigint | null = null): Promise<void> {
  await t.db.insertInto('feedback').values({ workspace_id: workspace.id, member_id: members.get(rep) ?? 0, team_id: null, kind, text, deal_id: dealId, created_at: new Date(at) }).execute();
}

async function goal(scope: GoalScope, subject: string | null, metric: GoalMetric, target: bigint, start = '2026-11-01', end = '2026-12-01', period: 'month' | 'year' = 'month'): Promise<void> {
  const memberId = scope === 'rep' && subject ? (members.get(subject) ?? null) : null;
  const teamId = scope === 'team' && subject ? (teams.get(subject) ?? null) : null;
  const key = scope === 'rep' ? `rep:${memberId}` : scope === 'team' ? `team:${teamId}` : 'company';
  await t.db.insertInto('goals').values({ workspace_id: workspace.id, scope, member_id: memberId, team_id: teamId, subject_key: key, metric, period, period_start: start, period_end: end, target, currency: 'EUR', created_by: null }).execute();
}

/** A Writable that keeps everything written to it, and the text as UTF-8. */
function collector(): { out: Writable; text: () => string; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The range a command would read, as of NOW in the workspace zone. */
function range(text: string): ExportRange {
  const read = parseExportRange(text, localDay(NOW, ZONE));
  if (!read.ok) throw new Error(`not a range: ${text}`);
  return read.value;
}

const lines = (...rows: string[]): string => `${BOM}${rows.map((r) => `${r}\r\n`).join('')}`;

describe('the deals and feedback files', () => {
  const ids = new Map<number, bigint>();

  beforeEach(async () => {
    await seedWorkspace();
    ids.clear();
    const seeds: DealSeed[] = [
      { number: 1, rep: 'UANA', team: 'East', customer: 'Acme d.o.o.', euros: 12_500.5, at: '2026-11-02T09:00:00Z', product: 'Widgets' },
      { number: 2, rep: 'UANA', team: 'East', customer: '=HYPERLINK("http://x")', euros: 1_000, at: '2026-11-03T10:00:00Z' },
      { number: 3, rep: 'UCRT', team: 'Zahod', customer: 'Čokoladnica Šumi', euros: 2_500, at: '2026-11-05T10:00:00Z', product: 'Ovitki', stage: 'delivered', delivered: '2026-11-09T23:30:00Z' },
      // Closed at the same instant as D-3: the number breaks the tie.
      { number: 4, rep: 'UCRT', team: 'Zahod', customer: 'Smith, Jones & "Partners"', euros: null, at: '2026-11-05T10:00:00Z', stage: 'lost', reason: 'price' },
      { number: 5, rep: 'UANA', team: null, customer: 'Mlinotest', euros: 3_000, at: '2026-11-12T08:00:00Z', stage: 'serviced', delivered: '2026-11-13T10:00:00Z', serviced: '2026-11-20T10:00:00Z', ref: 'CRM-991' },
      // 00:30 on 1 December in Ljubljana: December's.
      { number: 6, rep: 'UCRT', team: 'Zahod', customer: 'Pozni kupec', euros: 4_000, at: '2026-11-30T23:30:00Z' },
      // 00:30 on 1 November in Ljubljana: November's, and first although numbered later.
      { number: 7, rep: 'UANA', team: 'East', customer: 'Zlatarna Celje', euros: 500, at: '2026-10-31T23:30:00Z' },
    ];
    for (const seed of seeds) ids.set(seed.number, await deal(seed));
    // Another workspace's deal in the same days never leaks in.
    const other = await t.db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T2', name: 'Other', currency: 'EUR', locale: 'en', timezone: ZONE }).returning('id').executeTakeFirstOrThrow();
    const stranger = await t.db.insertInto('members').values({ workspace_id: other.id, external_id: 'UX', display_name: 'X', timezone: null, locale: null, team_id: null, profile_synced_at: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('deals').values({ workspace_id: other.id, number: 1, member_id: stranger.id, team_id: null, customer: 'Secret', product: null, amount_minor: 100n, currency: 'EUR', stage: 'won', loss_reason: null, occurred_at: new Date('2026-11-10T10:00:00Z'), won_at: null, delivered_at: null, serviced_at: null, lost_at: null }).execute();
  });

  it('writes November’s deals in local days, oldest first, every text cell inert and every amount a plain number', async () => {
    const { out, text } = collector();
    expect(await exportDeals(t.db, workspace, rangeInstants(range('2026-11'), ZONE), out)).toEqual({ rows: 6 });
    expect(text()).toBe(lines(
      'date,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref',
      '2026-11-01,UANA,Zlatarna Celje,500.00,EUR,,won,,,,East,D-7',
      '2026-11-02,UANA,Acme d.o.o.,12500.50,EUR,Widgets,won,,,,East,D-1',
      `2026-11-03,UANA,"'=HYPERLINK(""http://x"")",1000.00,EUR,,won,,,,East,D-2`,
      '2026-11-05,UCRT,Čokoladnica Šumi,2500.00,EUR,Ovitki,delivered,,2026-11-10,,Zahod,D-3',
      '2026-11-05,UCRT,"Smith, Jones & ""Partners""",,EUR,,lost,price,,,Zahod,D-4',
      '2026-11-12,UANA,Mlinotest,3000.00,EUR,,serviced,,2026-11-13,2026-11-20,,CRM-991',
    ));
  });

  it('puts a deal closed at 23:30Z on 30 November in December, its local month', async () => {
    const { out, text } = collector();
    expect(await exportDeals(t.db, workspace, rangeInstants({ start: '2026-12-01', end: '2027-01-01' }, ZONE), out)).toEqual({ rows: 1 });
    expect(text()).toBe(lines(columnNames('deals').join(','), '2026-12-01,UCRT,Pozni kupec,4000.00,EUR,,won,,,,Zahod,D-6'));
  });

  it('writes only the header for a range without deals', async () => {
    const { out, text } = collector();
    expect(await exportDeals(t.db, workspace, rangeInstants(range('2026-09'), ZONE), out)).toEqual({ rows: 0 });
    expect(text()).toBe(lines(columnNames('deals').join(',')));
  });

  it('reads the same file one row per page', async () => {
    const whole = collector();
    const paged = collector();
    const november = rangeInstants(range('2026-11'), ZONE);
    await exportDeals(t.db, workspace, november, whole.out);
    expect(await exportDeals(t.db, workspace, november, paged.out, { pageSize: 1 })).toEqual({ rows: 6 });
    expect(paged.text()).toBe(whole.text());
  });

  it('writes November’s feedback with the deals’ references, a formula made inert and a line break kept in its cell', async () => {
    await feedback('UANA', 'customer', '=cmd|/C calc', '2026-11-02T10:00:00Z', ids.get(1));
    await feedback('UCRT', 'technique', 'Ask about budget first, then "timing"\nworks every time', '2026-11-06T12:00:00Z');
    await feedback('UANA', 'product', 'Navodila v slovenščini še manjkajo', '2026-11-30T22:30:00Z', ids.get(5));
    await feedback('UANA', 'product', 'December already', '2026-11-30T23:30:00Z');
    await feedback('UANA', 'product', 'October', '2026-10-31T22:59:00Z');
    const { out, text } = collector();
    expect(await exportFeedback(t.db, workspace, rangeInstants(range('2026-11'), ZONE), out, { pageSize: 2 })).toEqual({ rows: 3 });
    expect(text()).toBe(lines(
      'date,rep,kind,text,deal_ref',
      "2026-11-02,UANA,customer,'=cmd|/C calc,D-1",
      '2026-11-06,UCRT,technique,"Ask about budget first, then ""timing""\nworks every time",',
      '2026-11-30,UANA,product,Navodila v slovenščini še manjkajo,CRM-991',
    ));
  });
});

describe('the attainment file', () => {
  beforeEach(async () => {
    await seedWorkspace();
    const seeds: DealSeed[] = [
      { number: 1, rep: 'UANA', team: 'East', customer: 'A', euros: 12_500.5, at: '2026-11-02T09:00:00Z' },
      { number: 2, rep: 'UANA', team: 'East', customer: 'B', euros: 1_000, at: '2026-11-03T10:00:00Z' },
      { number: 3, rep: 'UCRT', team: 'Zahod', customer: 'C', euros: 2_500, at: '2026-11-05T10:00:00Z', stage: 'delivered', delivered: '2026-11-09T23:30:00Z' },
      { number: 4, rep: 'UCRT', team: 'Zahod', customer: 'D', euros: 900, at: '2026-11-05T10:00:00Z', stage: 'lost', reason: 'price' },
      // Logged with no team: the rep's and the company's, no team's.
      { number: 5, rep: 'UANA', team: null, customer: 'E', euros: 3_000, at: '2026-11-12T08:00:00Z', stage: 'serviced' },
      { number: 6, rep: 'UCRT', team: 'Zahod', customer: 'F', euros: 4_000, at: '2026-11-30T23:30:00Z' },
      { number: 7, rep: 'UANA', team: 'East', customer: 'G', euros: 500, at: '2026-10-31T23:30:00Z' },
    ];
    for (const seed of seeds) await deal(seed);
  });

  it('writes one row per goal of the month, importable as goals, with won, attainment and pace as of now', async () => {
    await goal('company', null, 'revenue', 3_000_000n);
    await goal('team', 'East', 'revenue', 2_000_000n);
    await goal('team', 'Zahod', 'revenue', 400_000n);
    await goal('rep', 'UANA', 'revenue', 1_000_000n);
    await goal('rep', 'UBOR', 'revenue', 500_000n);
    await goal('rep', 'UCRT', 'deals', 4n);
    // Other seasons' goals stay out: October's, and the year's that contains November.
    await goal('rep', 'UANA', 'revenue', 1n, '2026-10-01', '2026-11-01');
    await goal('company', null, 'revenue', 50_000_000n, '2026-01-01', '2027-01-01', 'year');

    const november = range('month').season;
    expect(november).toEqual({ kind: 'month', start: '2026-11-01', end: '2026-12-01' });
    if (!november) return;
    const { out, text } = collector();
    expect(await exportAttainment(t.db, workspace, november, NOW, out)).toEqual({ rows: 6 });
    // Pace: 13 of 21 working days have begun, so a steady pace has reached 61.9% of the target;
    // ahead from 110% of that (68.1%), on track from 95% (58.8%).
    expect(text()).toBe(lines(
      'scope,subject,target,metric,period,start,subject_name,won,attainment,pace',
      'company,,30000.00,revenue,month,2026-11-01,Acme Sales,19500.50,65.0,on_track',
      'team,East,20000.00,revenue,month,2026-11-01,East,14000.50,70.0,ahead',
      'team,Zahod,4000.00,revenue,month,2026-11-01,Zahod,2500.00,62.5,on_track',
      'rep,UANA,10000.00,revenue,month,2026-11-01,Ana Novak,17000.50,170.0,done',
      'rep,UBOR,5000.00,revenue,month,2026-11-01,Bor,0.00,0.0,behind',
      'rep,UCRT,4,deals,month,2026-11-01,Črt Žagar,1,25.0,behind',
    ));
  });

  it('counts a month’s working days without its public holidays, as /goal does', async () => {
    // December 2026 in Slovenia: 23 weekdays less Christmas (Friday 25th) is 22 working days. On
    // Thursday 17th, 13 have begun: a steady pace has reached 59.1%, so ahead starts at 65.0%. Won
    // 6,300 of 10,000 (63%) is on track; counting Christmas as a working day (13 of 23: ahead from
    // 62.2%) would call it ahead.
    await deal({ number: 8, rep: 'UCRT', team: 'Zahod', customer: 'H', euros: 2_300, at: '2026-12-10T10:00:00Z' });
    await goal('rep', 'UCRT', 'revenue', 1_000_000n, '2026-12-01', '2027-01-01');
    const { out, text } = collector();
    await exportAttainment(t.db, workspace, { kind: 'month', start: '2026-12-01', end: '2027-01-01' }, new Date('2026-12-17T10:00:00Z'), out);
    expect(text()).toBe(lines(
      'scope,subject,target,metric,period,start,subject_name,won,attainment,pace',
      'rep,UCRT,10000.00,revenue,month,2026-12-01,Črt Žagar,6300.00,63.0,on_track',
    ));
  });

  it('judges a finished month as it ended', async () => {
    await goal('team', 'East', 'revenue', 2_000_000n);
    await goal('rep', 'UANA', 'revenue', 1_000_000n);
    const { out, text } = collector();
    await exportAttainment(t.db, workspace, { kind: 'month', start: '2026-11-01', end: '2026-12-01' }, new Date('2026-12-17T10:00:00Z'), out);
    expect(text()).toBe(lines(
      'scope,subject,target,metric,period,start,subject_name,won,attainment,pace',
      'team,East,20000.00,revenue,month,2026-11-01,East,14000.50,70.0,behind',
      'rep,UANA,10000.00,revenue,month,2026-11-01,Ana Novak,17000.50,170.0,done',
    ));
  });

  it('writes only the header for a season without goals', async () => {
    const { out, text } = collector();
    expect(await exportAttainment(t.db, workspace, { kind: 'quarter', start: '2026-10-01', end: '2027-01-01' }, NOW, out)).toEqual({ rows: 0 });
    expect(text()).toBe(lines('scope,subject,target,metric,period,start,subject_name,won,attainment,pace'));
  });
});

describe('exporting 20,000 deals', () => {
  const COUNT = 20_000;

  beforeAll(async () => {
    await seedWorkspace();
    const [ana, crt] = [members.get('UANA') ?? 0, members.get('UCRT') ?? 0];
    // Three deals per instant (so pages end inside ties), a formula-looking customer every 1,000th,
    // an imported reference every 13th, a lost one without value every 7th, and microseconds on every
    // instant (a Date keeps only ms). The monthly totals' triggers stand aside, as for an import: the
    // export does not read them, and 20,000 upserts of them would take most of the test's time.
    await t.db.transaction().execute(async (trx) => {
      await sql`select set_config('pacer.bulk_deals', 'on', true)`.execute(trx);
      await sql`
        insert into deals (workspace_id, number, member_id, team_id, customer, product, amount_minor, currency, stage, loss_reason, occurred_at, won_at, delivered_at, serviced_at, lost_at, ref)
        select ${workspace.id}, i, case when i % 2 = 0 then ${ana}::int else ${crt}::int end,
          case when i % 5 = 0 then null else ${teams.get('East') ?? 0}::int end,
          case when i % 1000 = 0 then '=cmd' || i else 'Stranka ' || i || ', d.o.o.' end,
          case when i % 3 = 0 then 'Čaj "zeleni"' end,
          case when i % 7 = 0 then null else i * 100 + i % 100 end, 'EUR',
          case when i % 7 = 0 then 'lost' when i % 11 = 0 then 'delivered' else 'won' end,
          case when i % 7 = 0 then 'price' end,
          at, case when i % 7 = 0 then null else at end,
          case when i % 11 = 0 and i % 7 <> 0 then at + interval '3 days' end, null,
          case when i % 7 = 0 then at end, case when i % 13 = 0 then 'CRM-' || i end
        from generate_series(1, ${COUNT}) as i,
          lateral (select timestamptz '2026-01-01 00:00:00.123456Z' + (i / 3) * interval '1 minute 17.000001 seconds' as at) as t
      `.execute(trx);
    });
  });

  const year = () => rangeInstants(range('2026'), ZONE);

  it('streams them through a Writable page by page, and writes as many bytes as the whole file has', async () => {
    let bytes = 0;
    let writes = 0;
    const counter = new Writable({
      // A small buffer, so the export has to wait for the reader (backpressure) many times over.
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        writes++;
        done();
      },
    });
    expect(await exportDeals(t.db, workspace, year(), counter, { pageSize: 1_000 })).toEqual({ rows: COUNT });
    expect(writes).toBeGreaterThan(COUNT / 10);
    const whole = collector();
    await exportDeals(t.db, workspace, year(), whole.out);
    expect(bytes).toBe(whole.bytes().length);
  });

  it('reads back with csv-parse as exactly the source rows, in order', async () => {
    const { out, bytes } = collector();
    await exportDeals(t.db, workspace, year(), out, { pageSize: 1_000 });
    const records: Record<string, string>[] = parse(bytes(), { bom: true, columns: true });
    const source = await t.db.selectFrom('deals as d').innerJoin('members as m', 'm.id', 'd.member_id').leftJoin('teams as t', 't.id', 'd.team_id')
      .select(['d.number', 'd.occurred_at', 'm.external_id', 'd.customer', 'd.amount_minor', 'd.currency', 'd.product', 'd.stage', 'd.loss_reason', 'd.delivered_at', 'd.serviced_at', 't.name as team', 'd.ref'])
      .where('d.workspace_id', '=', workspace.id).orderBy('d.occurred_at').orderBy('d.number').execute();
    expect(source).toHaveLength(COUNT);
    expect(records).toHaveLength(COUNT);
    const day = (at: Date | null): string => (at === null ? '' : localDay(at, ZONE));
    const mismatches = source.flatMap((d, i) => {
      const record = records[i];
      const expected = {
        date: day(d.occurred_at), rep: d.external_id, customer: d.customer,
        amount: d.amount_minor === null ? '' : minorToDecimalString(d.amount_minor, d.currency), currency: d.currency,
        product: d.product ?? '', stage: d.stage, loss_reason: d.loss_reason ?? '', delivered_at: day(d.delivered_at),
        serviced_at: day(d.serviced_at), team: d.team ?? '', ref: d.ref ?? `D-${d.number}`,
      };
      const actual = record && { ...record, customer: restoreFormula(record['customer'] ?? '') };
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [{ i, actual, expected }];
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The inert ones were written with their quote, and read back to what the rep typed.
    expect(records.filter((r) => r['customer']?.startsWith("'=cmd"))).toHaveLength(COUNT / 1000);
  });
});

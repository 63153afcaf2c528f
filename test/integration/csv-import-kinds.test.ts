import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CsvKind } from '../../src/domain/csv/csv-formats.ts';
import { feedbackImporter } from '../../src/domain/csv/import/feedback.ts';
import { goalImporter } from '../../src/domain/csv/import/goals.ts';
import { importCsv, type ImporterFactory, type ImportReport } from '../../src/domain/csv/import/importer.ts';
import { memberImporter } from '../../src/domain/csv/import/members.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * members.csv, goals.csv and feedback.csv on real PostgreSQL: exact counts of what was created,
 * updated or already there; importing twice adds nothing; a dry run writes nothing; every bad row is
 * reported with its line and key and then nothing at all is written; Excel's semicolon files; and a
 * header that is not the kind's.
 */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMGR', 'Maria'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
  person('UCAROL', 'Carol'),
];
/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const NOW = new Date('2026-11-18T10:00:00Z');
const MEMBERS = 'rep,name,email,team,role,timezone,locale';
const GOALS = 'scope,subject,target,metric,period,start';
const FEEDBACK = 'date,rep,kind,text,deal_ref';

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
  for (const line of ['config timezone Europe/Ljubljana', 'role <@UMGR> manager', 'team create East', 'team add <@UALICE> East']) await tc.say('UADMIN', 'pacer', line);
  // Bob and Carol become members by speaking once.
  for (const user of ['UBOB', 'UCAROL']) await tc.say(user, 'goal', '');
  workspace = await t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
});

const FACTORIES: Record<'members' | 'goals' | 'feedback', ImporterFactory> = { members: memberImporter, goals: goalImporter, feedback: feedbackImporter };

const run = (kind: keyof typeof FACTORIES, csv: string | Buffer, dryRun = false): Promise<ImportReport> =>
  importCsv(t.db, workspace, kind satisfies CsvKind, FACTORIES[kind], Readable.from([csv]), { dryRun, maxBytes: 10_000_000, now: NOW });
/** What a report says, in short: its counts and whether it committed. */
const counts = (r: ImportReport) => ({ rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, problemRows: r.problemRows, written: r.written });
/** Each bad row as `[line, 'column:key', …]`. */
const issues = (r: ImportReport) => r.problems.map((p) => [p.line, ...p.issues.map((i) => `${i.column}:${i.key}`)]);
/** Every table an import of these kinds may touch, whole: "nothing was written" means this did not change. */
const state = async () => ({
  members: await t.db.selectFrom('members').selectAll().orderBy('id').execute(),
  teams: await t.db.selectFrom('teams').selectAll().orderBy('id').execute(),
  goals: await t.db.selectFrom('goals').selectAll().orderBy('id').execute(),
  feedback: await t.db.selectFrom('feedback').selectAll().orderBy('id').execute(),
});

describe('members.csv', () => {
  const members = () => t.db.selectFrom('members as m').leftJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.external_id', 'm.display_name', 'm.email', 't.name as team', 'm.role', 'm.timezone', 'm.locale']).orderBy('m.id').execute();
  const teams = async () => (await t.db.selectFrom('teams').select('name').orderBy('id').execute()).map((r) => r.name);
  const FILE = [
    MEMBERS,
    'UALICE,Alice Novak,alice@acme.test,West  Coast,manager,europe/ljubljana,sl-SI',
    'UNEW1,Nina Kos,Nina.Kos@acme.test,EAST,vodja,America/New_York,en',
    'UNEW2,Rok Zupan,,west coast,,,',
    'UMGR,Maria,,,,,',
  ].join('\n');

  it('adds new members, updates known ones, leaves the unchanged alone, and creates the teams they name', async () => {
    const r = await run('members', FILE);
    expect(counts(r)).toEqual({ rows: 4, created: 2, updated: 1, unchanged: 1, problemRows: 0, written: true });
    // The first spelling names a new team; whitespace is collapsed and case ignored, as /pacer team create does.
    expect(await teams()).toEqual(['East', 'West Coast']);
    expect(await members()).toEqual([
      { external_id: 'UADMIN', display_name: 'Olivia', email: null, team: null, role: 'rep', timezone: null, locale: null },
      { external_id: 'UMGR', display_name: 'Maria', email: null, team: null, role: 'manager', timezone: null, locale: null },
      { external_id: 'UALICE', display_name: 'Alice Novak', email: 'alice@acme.test', team: 'West Coast', role: 'manager', timezone: 'Europe/Ljubljana', locale: 'sl-SI' },
      { external_id: 'UBOB', display_name: 'Bob', email: null, team: null, role: 'rep', timezone: null, locale: null },
      { external_id: 'UCAROL', display_name: 'Carol', email: null, team: null, role: 'rep', timezone: null, locale: null },
      { external_id: 'UNEW1', display_name: 'Nina Kos', email: 'Nina.Kos@acme.test', team: 'East', role: 'manager', timezone: 'America/New_York', locale: 'en' },
      { external_id: 'UNEW2', display_name: 'Rok Zupan', email: null, team: 'West Coast', role: 'rep', timezone: null, locale: null },
    ]);
  });

  it('imported again changes nothing; empty cells keep what is stored; a changed cell updates', async () => {
    await run('members', FILE);
    const before = await state();
    expect(counts(await run('members', FILE))).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 4, problemRows: 0, written: true });
    expect(await state()).toEqual(before);
    // Only the name: e-mail, team, role, zone and locale stay as they are.
    expect(counts(await run('members', [MEMBERS, 'UALICE,Alice Novak,,,,,'].join('\n')))).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const changed = await run('members', [MEMBERS, 'UALICE,Alice N.,,,,,', 'UBOB,Bob,bob@acme.test,,skrbnik,,'].join('\n'));
    expect(counts(changed)).toMatchObject({ created: 0, updated: 2, unchanged: 0 });
    expect((await members()).filter((m) => m.external_id === 'UALICE' || m.external_id === 'UBOB')).toEqual([
      { external_id: 'UALICE', display_name: 'Alice N.', email: 'alice@acme.test', team: 'West Coast', role: 'manager', timezone: 'Europe/Ljubljana', locale: 'sl-SI' },
      { external_id: 'UBOB', display_name: 'Bob', email: 'bob@acme.test', team: null, role: 'admin', timezone: null, locale: null },
    ]);
    expect(await t.db.selectFrom('members').select('id').execute()).toHaveLength(7);
  });

  it('in a dry run reports the same counts and writes nothing, not even a new team', async () => {
    const before = await state();
    const dry = await run('members', FILE, true);
    expect(counts(dry)).toEqual({ rows: 4, created: 2, updated: 1, unchanged: 1, problemRows: 0, written: false });
    expect(dry.dryRun).toBe(true);
    expect(await state()).toEqual(before);
    expect(counts(await run('members', FILE))).toEqual({ ...counts(dry), written: true });
  });

  it('reports every bad row with its line and key, and writes nothing even for the good rows', async () => {
    await run('members', [MEMBERS, 'UALICE,Alice,alice@acme.test,,,,'].join('\n'));
    await tc.say('UADMIN', 'pacer', 'role <@UCAROL> admin');
    const before = await state();
    const r = await run('members', [
      MEMBERS,
      'UOK,Good Row,,Brand New Team,skrbnik,,',
      ',No Rep,,,,,',
      'UX1,,,,,,',
      `UX2,${'n'.repeat(81)},,,,,`,
      'UX3,Bad Mail,not-an-address,,,,',
      'UX4,Taken,ALICE@acme.test,,,,',
      'UOK,Twice,,,,,',
      'UX5,Team,,@East,,,',
      `UX6,Team,,${'t'.repeat(61)},,,`,
      'UX7,Role,,,boss,,',
      'UCAROL,Carol,,,manager,,',
      'UADMIN,Olivia,,,manager,,',
      'UX8,Zone,,,,Mars/Olympus,',
      'UX9,Locale,,,,,fr',
      'UX10,Same Mail,same@acme.test,,,,',
      'UX11,Same Mail,Same@Acme.test,,,Nowhere,xx',
    ].join('\n'));
    expect(counts(r)).toMatchObject({ rows: 16, problemRows: 14, written: false });
    expect(issues(r)).toEqual([
      [3, 'rep:imports.cell.missing'],
      [4, 'name:imports.cell.missing'],
      [5, 'name:imports.cell.too_long'],
      [6, 'email:imports.cell.email'],
      [7, 'email:imports.cell.email_taken'],
      [8, 'rep:imports.cell.duplicate_rep'],
      [9, 'team:imports.cell.team_name'],
      [10, 'team:imports.cell.too_long'],
      [11, 'role:imports.cell.not_one_of'],
      [12, 'role:imports.cell.admin_demote'],
      [13, 'role:imports.cell.platform_admin'],
      [14, 'timezone:imports.cell.timezone'],
      [15, 'locale:imports.cell.not_one_of'],
      // Every mistake of a row: its cells', then the ones against other rows (the address is line 16's).
      [17, 'timezone:imports.cell.timezone', 'locale:imports.cell.not_one_of', 'email:imports.cell.email_taken'],
    ]);
    expect(r.problems.find((p) => p.line === 7)?.issues[0]?.params).toEqual({ value: 'ALICE@acme.test', rep: 'UALICE' });
    expect(r.problems.find((p) => p.line === 8)?.issues[0]?.params).toEqual({ value: 'UOK', first: 2 });
    expect(await state()).toEqual(before);
  });

  it('reads a semicolon file with a BOM and a quoted cell holding the separator', async () => {
    const csv = '\uFEFFRep;Name;E-mail;Team;Role;Timezone;Locale\r\nUNEW1;"Kos; Nina";;"East";prodajnik;;sl\r\n';
    // `E-mail`, as spreadsheets title it, is the `email` column.
    const r = await run('members', Buffer.from(csv, 'utf8'));
    expect(counts(r)).toMatchObject({ created: 1, written: true });
    expect((await members()).at(-1)).toEqual({ external_id: 'UNEW1', display_name: 'Kos; Nina', email: null, team: 'East', role: 'rep', timezone: null, locale: 'sl' });
  });

  it('refuses a header without a required column or with an unknown one, writing nothing', async () => {
    const before = await state();
    const r = await run('members', ['rep,full_name,email', 'UNEW1,Nina,'].join('\n'));
    expect(r.file).toEqual({ kind: 'header', missing: ['name'], unknown: ['full_name'], duplicate: [] });
    expect(r.written).toBe(false);
    expect(await state()).toEqual(before);
  });
});

describe('goals.csv', () => {
  const goals = () => t.db.selectFrom('goals')
    .select(['scope', 'subject_key', 'metric', 'period', 'period_start', 'period_end', 'target', 'currency', 'created_by']).orderBy('id').execute();
  const id = async (externalId: string): Promise<number> => (await t.db.selectFrom('members').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
  const FILE = [
    GOALS,
    'rep,UALICE,60000.50,,month,2026-11-01',
    'rep,alice@acme.test,12,deals,month,2026-11-01',
    'team,east,200000,revenue,quarter,2026-10-01',
    'company,,1000000,prihodek,year,2026-01-01',
    'ekipa,East,5,posli,week,2026-11-16',
    'rep,UBOB,1000,,četrtletje,2026-07-01',
  ].join('\n');

  beforeEach(async () => {
    // Alice may be named by e-mail once members.csv gave her one.
    expect((await run('members', [MEMBERS, 'UALICE,Alice,alice@acme.test,,,,'].join('\n'))).written).toBe(true);
    await tc.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
  });

  it('sets goals for reps (by id or e-mail), teams and the company, changing the one that exists', async () => {
    const [alice, bob, maria] = [await id('UALICE'), await id('UBOB'), await id('UMGR')];
    const r = await run('goals', FILE);
    expect(counts(r)).toEqual({ rows: 6, created: 5, updated: 1, unchanged: 0, problemRows: 0, written: true });
    expect(await goals()).toEqual([
      // Changed, not added; its author stays the manager who set it.
      { scope: 'rep', subject_key: `rep:${alice}`, metric: 'revenue', period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target: 6_000_050n, currency: 'EUR', created_by: maria },
      { scope: 'rep', subject_key: `rep:${alice}`, metric: 'deals', period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target: 12n, currency: 'EUR', created_by: null },
      { scope: 'team', subject_key: 'team:1', metric: 'revenue', period: 'quarter', period_start: '2026-10-01', period_end: '2027-01-01', target: 20_000_000n, currency: 'EUR', created_by: null },
      { scope: 'company', subject_key: 'company', metric: 'revenue', period: 'year', period_start: '2026-01-01', period_end: '2027-01-01', target: 100_000_000n, currency: 'EUR', created_by: null },
      { scope: 'team', subject_key: 'team:1', metric: 'deals', period: 'week', period_start: '2026-11-16', period_end: '2026-11-23', target: 5n, currency: 'EUR', created_by: null },
      { scope: 'rep', subject_key: `rep:${bob}`, metric: 'revenue', period: 'quarter', period_start: '2026-07-01', period_end: '2026-10-01', target: 100_000n, currency: 'EUR', created_by: null },
    ]);
  });

  it('imported again changes nothing; a changed target updates its goal only', async () => {
    await run('goals', FILE);
    const before = await state();
    expect(counts(await run('goals', FILE))).toEqual({ rows: 6, created: 0, updated: 0, unchanged: 6, problemRows: 0, written: true });
    expect(await state()).toEqual(before);
    const changed = await run('goals', FILE.replace('team,east,200000,', 'team,east,250000,'));
    expect(counts(changed)).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    expect((await goals()).map((g) => g.target)).toEqual([6_000_050n, 12n, 25_000_000n, 100_000_000n, 5n, 100_000n]);
  });

  it('in a dry run reports the same counts and writes nothing', async () => {
    const before = await state();
    const dry = await run('goals', FILE, true);
    expect(counts(dry)).toEqual({ rows: 6, created: 5, updated: 1, unchanged: 0, problemRows: 0, written: false });
    expect(await state()).toEqual(before);
    expect(counts(await run('goals', FILE))).toEqual({ ...counts(dry), written: true });
  });

  it('reports every bad row with its line and key, and writes nothing even for the good rows', async () => {
    const before = await state();
    const r = await run('goals', [
      GOALS,
      'rep,UALICE,100,,month,2026-12-01',
      'boss,UALICE,100,,month,2026-11-01',
      'rep,UNOBODY,100,,month,2026-11-01',
      'team,West,100,,month,2026-11-01',
      'team,,100,,month,2026-11-01',
      'company,Acme,100,,month,2026-11-01',
      'rep,UALICE,12k,,month,2026-11-01',
      'rep,UALICE,0,,month,2026-11-01',
      'rep,UALICE,10.555,,month,2026-11-01',
      'rep,UALICE,1.5,deals,month,2026-11-01',
      'rep,UALICE,2000000,deals,month,2026-11-01',
      'rep,UALICE,100,profit,month,2026-11-01',
      'rep,UALICE,100,,fortnight,2026-11-01',
      'rep,UALICE,100,,month,1.11.2026',
      'rep,UALICE,100,,month,2026-11-02',
      'rep,UALICE,100,,week,2026-11-17',
      'rep,UALICE,100,,year,3026-01-01',
      'rep,UALICE,200,,month,2026-12-01',
      'rep,UALICE,,,month,2026-11-01',
      'rep,UALICE,10000000000000,,month,2026-11-01',
    ].join('\n'));
    expect(counts(r)).toMatchObject({ rows: 20, problemRows: 19, written: false });
    expect(issues(r)).toEqual([
      [3, 'scope:imports.cell.not_one_of'],
      [4, 'subject:imports.cell.unknown_rep'],
      [5, 'subject:imports.cell.unknown_team'],
      [6, 'subject:imports.cell.missing'],
      [7, 'subject:imports.cell.company_subject'],
      [8, 'target:imports.cell.amount'],
      [9, 'target:imports.cell.not_positive'],
      [10, 'target:imports.cell.amount_decimals'],
      [11, 'target:imports.cell.count'],
      [12, 'target:imports.cell.too_large'],
      [13, 'metric:imports.cell.not_one_of'],
      [14, 'period:imports.cell.not_one_of'],
      [15, 'start:imports.cell.day'],
      [16, 'start:imports.cell.period_start'],
      [17, 'start:imports.cell.period_start'],
      [18, 'start:imports.cell.year'],
      [19, ':imports.cell.duplicate_goal'],
      [20, 'target:imports.cell.missing'],
      [21, 'target:imports.cell.too_large'],
    ]);
    const params = (line: number) => r.problems.find((p) => p.line === line)?.issues[0]?.params;
    // The message says which day the period starts on.
    expect(params(16)).toEqual({ value: '2026-11-02', period: 'month', start: '2026-11-01' });
    expect(params(17)).toEqual({ value: '2026-11-17', period: 'week', start: '2026-11-16' });
    expect(params(19)).toEqual({ first: 2 });
    // In major units, as typed, not in cents as stored.
    expect(params(21)).toEqual({ max: '1000000000000' });
    expect(params(12)).toEqual({ max: '1000000' });
    expect(await state()).toEqual(before);
  });

  it('reads a semicolon file with a BOM and a quoted team name holding the separator and a line break (read as a space)', async () => {
    await tc.say('UADMIN', 'pacer', 'team create Sales; North');
    const csv = '\uFEFFscope;subject;target;metric;period;start\r\nteam;"sales; north";300;;month;2026-11-01\r\nteam;"Sales;\nNorth";300;;month;2026-12-01\r\n';
    // A line break in a name (a wrapped cell) is a space, as `/pacer team create` reads names.
    const r = await run('goals', Buffer.from(csv, 'utf8'));
    expect(counts(r)).toMatchObject({ created: 2, written: true });
    expect(await goals()).toHaveLength(3);
  });

  it('refuses a header without a required column or with an unknown one, writing nothing', async () => {
    const before = await state();
    const r = await run('goals', ['scope,subject,target,owner,period', 'company,,100,x,month'].join('\n'));
    expect(r.file).toEqual({ kind: 'header', missing: ['start'], unknown: ['owner'], duplicate: [] });
    expect(await state()).toEqual(before);
  });
});

describe('feedback.csv', () => {
  const feedback = () => t.db.selectFrom('feedback as f').innerJoin('members as m', 'm.id', 'f.member_id').leftJoin('teams as t', 't.id', 'f.team_id')
    .leftJoin('deals as d', 'd.id', 'f.deal_id').select(['m.external_id as rep', 't.name as team', 'f.kind', 'f.text', 'd.number as deal', 'f.created_at']).orderBy('f.id').execute();
  const FILE = [
    FEEDBACK,
    '2026-11-18,UALICE,customer,They want annual billing,',
    '2026-11-10T14:30,UALICE,tehnika,Leading with the ROI calculator,D-1',
    '2026-11-12,UBOB,Product,Widgets ship too slowly,CRM-7',
    '2026-11-12,UBOB,izdelek,Widgets ship too slowly,CRM-7',
    '2026-11-13T09:00:00Z,UCAROL,stranka,Asked for a discount,',
  ].join('\n');

  beforeEach(async () => {
    await tc.say('UALICE', 'deal', '12500 Acme Corp');
    await tc.say('UBOB', 'deal', '900 Globex');
    // As a deals.csv import leaves a deal it brought in: known by the CRM's ref.
    await t.db.updateTable('deals').set({ ref: 'CRM-7' }).where('number', '=', 2).execute();
    // Written through the command at 11:00 on 18 November: the file's first row is the same feedback.
    await tc.say('UALICE', 'feedback', 'customer They want annual billing');
  });

  it('adds feedback with the rep\'s team and the deal named by number or ref, skipping what is already there', async () => {
    const r = await run('feedback', FILE);
    // The first row is stored already (same day, rep, kind, text); the fourth repeats the third.
    expect(counts(r)).toEqual({ rows: 5, created: 3, updated: 0, unchanged: 2, problemRows: 0, written: true });
    expect(await feedback()).toEqual([
      { rep: 'UALICE', team: 'East', kind: 'customer', text: 'They want annual billing', deal: null, created_at: NOW },
      { rep: 'UALICE', team: 'East', kind: 'technique', text: 'Leading with the ROI calculator', deal: 1, created_at: new Date('2026-11-10T13:30:00Z') },
      { rep: 'UBOB', team: null, kind: 'product', text: 'Widgets ship too slowly', deal: 2, created_at: new Date('2026-11-11T23:00:00Z') },
      { rep: 'UCAROL', team: null, kind: 'customer', text: 'Asked for a discount', deal: null, created_at: new Date('2026-11-13T09:00:00Z') },
    ]);
  });

  it('imported again adds nothing; the same text on another day is new feedback', async () => {
    await run('feedback', FILE);
    const before = await state();
    expect(counts(await run('feedback', FILE))).toEqual({ rows: 5, created: 0, updated: 0, unchanged: 5, problemRows: 0, written: true });
    expect(await state()).toEqual(before);
    // 11:00 in Ljubljana is the instant the command stored: the same feedback, named by its time.
    const again = await run('feedback', [FILE, '2026-11-18T11:00,UALICE,customer,They want annual billing,', '2026-11-14,UBOB,product,Widgets ship too slowly,'].join('\n'));
    expect(counts(again)).toMatchObject({ created: 1, unchanged: 6 });
    expect(await t.db.selectFrom('feedback').select('id').execute()).toHaveLength(5);
  });

  it('in a dry run reports the same counts and writes nothing', async () => {
    const before = await state();
    const dry = await run('feedback', FILE, true);
    expect(counts(dry)).toEqual({ rows: 5, created: 3, updated: 0, unchanged: 2, problemRows: 0, written: false });
    expect(await state()).toEqual(before);
    expect(counts(await run('feedback', FILE))).toEqual({ ...counts(dry), written: true });
  });

  it('reports every bad row with its line and key, and writes nothing even for the good rows', async () => {
    const before = await state();
    const r = await run('feedback', [
      FEEDBACK,
      '2026-11-10,UALICE,customer,A fine row,',
      ',UALICE,customer,No date,',
      '10.11.2026,UALICE,customer,Bad date,',
      '2026-12-01,UALICE,customer,In the future,',
      '2026-11-10,UNOBODY,customer,Who said this,',
      '2026-11-10,UALICE,complaint,What kind,',
      '2026-11-10,UALICE,customer,,',
      '2026-11-10,UALICE,customer,ok,',
      `2026-11-10,UALICE,customer,${'x'.repeat(1001)},`,
      '2026-11-10,UALICE,customer,Ghost deal,D-99',
      '2026-11-10,UALICE,customer,Ghost ref,CRM-404',
    ].join('\n'));
    expect(counts(r)).toMatchObject({ rows: 11, problemRows: 10, written: false });
    expect(issues(r)).toEqual([
      [3, 'date:imports.cell.missing'],
      [4, 'date:imports.cell.date'],
      [5, 'date:imports.cell.future'],
      [6, 'rep:imports.cell.unknown_rep'],
      [7, 'kind:imports.cell.not_one_of'],
      [8, 'text:imports.cell.missing'],
      [9, 'text:imports.cell.too_short'],
      [10, 'text:imports.cell.too_long'],
      [11, 'deal_ref:imports.cell.unknown_deal'],
      [12, 'deal_ref:imports.cell.unknown_deal'],
    ]);
    expect(r.problems.find((p) => p.line === 12)?.issues[0]?.params).toEqual({ value: 'CRM-404' });
    expect(await state()).toEqual(before);
  });

  it('reads a semicolon file with a BOM and a quoted cell holding the separator and a line break, lines counted as an editor shows them', async () => {
    const good = '\uFEFFDate;Rep;Kind;Text;Deal_Ref\r\n2026-11-10;UALICE;customer;"Price; then delivery\nand support";D-1\r\n';
    const bad = await run('feedback', Buffer.from(`${good}2026-11-11;UALICE;customer;ok;\r\n`, 'utf8'));
    // The first record spans lines 2 and 3, so the bad one is line 4.
    expect(issues(bad)).toEqual([[4, 'text:imports.cell.too_short']]);
    expect(await feedback()).toHaveLength(1);
    const r = await run('feedback', Buffer.from(good, 'utf8'));
    expect(counts(r)).toMatchObject({ created: 1, written: true });
    expect((await feedback()).at(-1)).toMatchObject({ text: 'Price; then delivery\nand support', deal: 1 });
  });

  it('refuses a header without a required column or with an unknown one, writing nothing', async () => {
    const before = await state();
    const r = await run('feedback', ['date,rep,type,text', '2026-11-10,UALICE,customer,Hello there'].join('\n'));
    expect(r.file).toEqual({ kind: 'header', missing: ['kind'], unknown: ['type'], duplicate: [] });
    expect(await state()).toEqual(before);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seasonAnnouncements, type Announcement } from '../../src/domain/recognition/announcement.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { seasonOf } from '../../src/time/seasons.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * Top performers and incentives on real PostgreSQL, with the real core: a November of two teams and
 * a rep without one, seeded through the commands (teams, goals, some deals) and straight into
 * `deals` (the rest, at chosen instants); the workspace is in Europe/Ljubljana.
 */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMIA', 'Mia'),
  ...['Alice', 'Bob', 'Carol', 'Dan', 'Dora', 'Erin', 'Frank', 'Gina', 'Hana'].map((name) => person(`U${name.toUpperCase()}`, name)),
  // In the platform's directory, never seen by Pacer.
  person('UZOE', 'Zoe'),
];
/** Monday 2 November 2026, 10:00 in Ljubljana. */
const NOV_2 = new Date('2026-11-02T09:00:00Z');
/** Wednesday 2 December 2026, 10:00 in Ljubljana. */
const DEC_2 = new Date('2026-12-02T09:00:00Z');
const NOVEMBER = seasonOf('month', '2026-11-01');

let t: TestDatabase;
let tc: TestCore;

const workspaceRow = (): Promise<Workspace> => t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
const memberId = async (userId: string): Promise<number> => (await t.db.selectFrom('members').select('id').where('external_id', '=', userId).executeTakeFirstOrThrow()).id;
const teamId = async (name: string): Promise<number> => (await t.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** Runs a command that must succeed: its reply must match. */
async function run(userId: string, command: string, text: string, expected: RegExp): Promise<void> {
  const reply = await tc.say(userId, command, text);
  if (!expected.test(reply)) throw new Error(`/${command} ${text}: ${reply}`);
}

/** A deal written straight to the table at an instant, in the team the rep is in now. */
async function deal(userId: string, euros: number, at: string, stage: 'won' | 'delivered' | 'serviced' | 'lost' = 'won'): Promise<void> {
  const member = await t.db.selectFrom('members').select(['id', 'workspace_id', 'team_id']).where('external_id', '=', userId).executeTakeFirstOrThrow();
  const occurred = new Date(at);
  // The number from the workspace's own sequence, as `/deal` takes it.
  await t.db.insertInto('deals').values({
    workspace_id: member.workspace_id, number: sql<number>`next_deal_number(${member.workspace_id}::integer)`, member_id: member.id, team_id: member.team_id, customer: `Customer of ${userId}`, product: null,
    amount_minor: BigInt(euros * 100), currency: 'EUR', stage, loss_reason: stage === 'lost' ? 'price' : null, occurred_at: occurred,
    won_at: stage === 'lost' ? null : occurred, delivered_at: stage === 'delivered' || stage === 'serviced' ? occurred : null,
    serviced_at: stage === 'serviced' ? occurred : null, lost_at: stage === 'lost' ? occurred : null,
  }).execute();
}

const count = async (table: 'incentives' | 'incentive_awards' | 'audit_log' | 'members' | 'goals'): Promise<number> =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

/**
 * November 2026 in Ljubljana:
 *   East: Alice €12,000 of €10,000 (120%), Bob €24,000 of €20,000 (120%, one deal in the first
 *         half hour of 1 November local time), Carol €5,000 of €10,000 (a lost deal and a deal just
 *         after midnight on 1 December do not count), Erin €50,000 and no goal.
 *   West: Frank €12,000 of €10,000 (€8,000 logged while in East, moved to West on the 15th),
 *         Dora €6,000 of €5,000 (joined West on the 16th), Gina 3 of 3 deals, Dan €2,500 of €5,000.
 *   No team: Hana €10,000 of €10,000.
 */
async function seedNovember(): Promise<void> {
  tc.clock.set(NOV_2);
  await run('UADMIN', 'pacer', 'config timezone Europe/Ljubljana', /Europe\/Ljubljana/);
  await run('UADMIN', 'pacer', 'role <@UMIA> manager', /manager/);
  for (const team of ['East', 'West']) await run('UADMIN', 'pacer', `team create ${team}`, /created/);
  for (const [user, team] of [['UALICE', 'East'], ['UBOB', 'East'], ['UCAROL', 'East'], ['UERIN', 'East'], ['UFRANK', 'East'], ['UDAN', 'West'], ['UGINA', 'West']]) {
    await run('UADMIN', 'pacer', `team add <@${user}> ${team}`, /is now in team/);
  }
  for (const [user, target] of [['UALICE', '10000'], ['UBOB', '20000'], ['UCAROL', '10000'], ['UFRANK', '10000'], ['UDAN', '5000'], ['UGINA', '3 deals'], ['UHANA', '10000']]) {
    await run('UMIA', 'goal', `set <@${user}> ${target} month`, /^Goal set/);
  }
  await deal('UALICE', 12_000, '2026-11-10T10:00:00Z');
  await deal('UBOB', 20_000, '2026-10-31T23:30:00Z', 'delivered');
  await deal('UBOB', 4_000, '2026-11-12T10:00:00Z', 'serviced');
  await deal('UBOB', 7_000, '2026-10-31T22:30:00Z');
  await deal('UCAROL', 5_000, '2026-11-05T10:00:00Z');
  await deal('UCAROL', 20_000, '2026-11-06T10:00:00Z', 'lost');
  await deal('UCAROL', 9_000, '2026-11-30T23:30:00Z');
  await deal('UERIN', 50_000, '2026-11-11T10:00:00Z');
  await deal('UDAN', 2_500, '2026-11-11T10:00:00Z');
  for (const day of ['03', '09', '27']) await deal('UGINA', 100, `2026-11-${day}T10:00:00Z`);
  await deal('UGINA', 100, '2026-11-28T10:00:00Z', 'lost');
  await deal('UHANA', 10_000, '2026-11-30T22:59:00Z');
  // Frank logs a deal in East, is moved to West, logs another there.
  tc.clock.set(new Date('2026-11-05T10:00:00Z'));
  await run('UFRANK', 'deal', '8000 Globex', /Globex/);
  tc.clock.set(new Date('2026-11-15T10:00:00Z'));
  await run('UADMIN', 'pacer', 'team add <@UFRANK> West', /is now in team West \(was in East\)/);
  // Dora joins West on the 16th, gets a goal for the rest of November, and sells.
  tc.clock.set(new Date('2026-11-16T10:00:00Z'));
  await run('UADMIN', 'pacer', 'team add <@UDORA> West', /is now in team West/);
  await sql`update members set created_at = ${new Date('2026-11-16T10:00:00Z')} where external_id = 'UDORA'`.execute(t.db);
  await run('UMIA', 'goal', 'set <@UDORA> 5000 month', /^Goal set/);
  tc.clock.set(new Date('2026-11-20T10:00:00Z'));
  await run('UFRANK', 'deal', '4000 Initech', /Initech/);
  await deal('UDORA', 6_000, '2026-11-20T11:00:00Z');
}

/** Each team's performers as [name, rank, share in ppm, progress, target]. */
const table = (list: readonly Announcement[]): [string | null, [string, number, bigint, bigint, bigint][]][] =>
  list.map((a) => [a.teamName, a.winners.performers.map((p) => [p.name, p.rank, p.ppm, p.progress, p.target])]);

const awards = async (): Promise<[string, string, string, bigint, number][]> =>
  (await t.db.selectFrom('incentive_awards as a').innerJoin('incentives as i', 'i.id', 'a.incentive_id').innerJoin('members as m', 'm.id', 'a.member_id')
    .select(['i.name', 'm.display_name', 'a.period_start', 'a.attainment_ppm', 'a.rank']).orderBy('i.id').orderBy('m.display_name').execute())
    .map((r) => [r.name, r.display_name, r.period_start, BigInt(r.attainment_ppm), r.rank]);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  tc = createTestCore(t.db, PEOPLE, { at: NOV_2 });
  await seedNovember();
  tc.clock.set(DEC_2);
});

describe('a period’s top performers', () => {
  it('ranks each team by share of goal from every deal in the period, in the workspace’s zone', async () => {
    const announced = await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: false });
    expect(table(announced)).toEqual([
      ['East', [
        ['Alice', 1, 1_200_000n, 12_000_00n, 10_000_00n],
        // €20,000 at 00:30 on 1 November in Ljubljana counts; €7,000 at 23:30 on 31 October does not.
        ['Bob', 1, 1_200_000n, 24_000_00n, 20_000_00n],
        // The lost €20,000 does not count, nor €9,000 at 00:30 on 1 December in Ljubljana.
        ['Carol', 3, 500_000n, 5_000_00n, 10_000_00n],
      ]],
      ['West', [
        ['Dora', 1, 1_200_000n, 6_000_00n, 5_000_00n],
        // Both of Frank's deals count, the one logged in East too; he is announced in West only.
        ['Frank', 1, 1_200_000n, 12_000_00n, 10_000_00n],
        // A deal-count goal: three won deals of three, the lost one not counted.
        ['Gina', 3, 1_000_000n, 3n, 3n],
        ['Dan', 4, 500_000n, 2_500_00n, 5_000_00n],
      ]],
      [null, [['Hana', 1, 1_000_000n, 10_000_00n, 10_000_00n]]],
    ]);
    const [east, west, none] = announced;
    expect(east?.winners.met.map((p) => p.name)).toEqual(['Alice', 'Bob']);
    expect(east?.winners.top.map((p) => p.name)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(west?.winners.met.map((p) => p.name)).toEqual(['Dora', 'Frank', 'Gina']);
    expect(west?.winners.performers.find((p) => p.name === 'Gina')?.metric).toBe('deals');
    expect(none?.winners.teamId).toBeNull();
    // Erin sold the most but has no goal: she is not ranked anywhere.
    expect(announced.flatMap((a) => a.winners.performers.map((p) => p.name))).not.toContain('Erin');
    expect(announced.map((a) => [a.teamName, a.winners.teamId])).toEqual([['East', await teamId('East')], ['West', await teamId('West')], [null, null]]);
  });

  it('counts the revenue goal over a deal-count goal, and streaks from the months before', async () => {
    // Gina also gets a revenue goal for November she did not meet; Alice met October and September.
    tc.clock.set(new Date('2026-11-25T10:00:00Z'));
    await run('UMIA', 'goal', 'set <@UGINA> 1000 month', /^Goal set/);
    const [alice, bob] = [await memberId('UALICE'), await memberId('UBOB')];
    const workspaceId = (await workspaceRow()).id;
    for (const [id, start, end] of [[alice, '2026-10-01', '2026-11-01'], [alice, '2026-09-01', '2026-10-01'], [alice, '2026-07-01', '2026-08-01'], [bob, '2026-09-01', '2026-10-01']] as const) {
      await t.db.insertInto('goals').values({ workspace_id: workspaceId, scope: 'rep', member_id: id, team_id: null, subject_key: `rep:${id}`, period: 'month', period_start: start, period_end: end, target: 100_00n, currency: 'EUR', created_by: null }).execute();
    }
    await deal('UALICE', 100, '2026-10-15T10:00:00Z');
    await deal('UALICE', 100, '2026-09-15T10:00:00Z');
    await deal('UALICE', 100, '2026-07-15T10:00:00Z');
    await deal('UBOB', 100, '2026-09-15T10:00:00Z');
    const [east, west] = await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: false });
    // Alice: November, October, September in a row (August had no goal). Bob: October had no goal.
    expect(east?.winners.performers.map((p) => [p.name, p.streak])).toEqual([['Alice', 3], ['Bob', 1], ['Carol', 0]]);
    const gina = west?.winners.performers.find((p) => p.name === 'Gina');
    expect([gina?.metric, gina?.progress, gina?.target, gina?.ppm]).toEqual(['revenue', 300_00n, 1_000_00n, 300_000n]);
    expect(west?.winners.met.map((p) => p.name)).toEqual(['Dora', 'Frank']);
  });

  it('ranks a quarter by the sum of a rep\'s monthly goals when every month has one, a quarter goal first', async () => {
    const workspaceId = (await workspaceRow()).id;
    const [alice, bob, carol] = [await memberId('UALICE'), await memberId('UBOB'), await memberId('UCAROL')];
    const monthGoal = (id: number, start: string, end: string, euros: number) =>
      t.db.insertInto('goals').values({ workspace_id: workspaceId, scope: 'rep', member_id: id, team_id: null, subject_key: `rep:${id}`, period: 'month', period_start: start, period_end: end, target: BigInt(euros * 100), currency: 'EUR', created_by: null }).execute();
    // Alice: October and December goals too, so all of Q4 has one. Bob: no December goal. Carol: a
    // quarter goal of her own as well, which wins over her months.
    for (const id of [alice, carol]) {
      await monthGoal(id, '2026-10-01', '2026-11-01', 10_000);
      await monthGoal(id, '2026-12-01', '2027-01-01', 10_000);
    }
    await monthGoal(bob, '2026-10-01', '2026-11-01', 20_000);
    await t.db.insertInto('goals').values({ workspace_id: workspaceId, scope: 'rep', member_id: carol, team_id: null, subject_key: `rep:${carol}`, period: 'quarter', period_start: '2026-10-01', period_end: '2027-01-01', target: 1_000_000n, currency: 'EUR', created_by: null }).execute();
    await deal('UALICE', 9_000, '2026-10-15T10:00:00Z');
    await deal('UALICE', 9_000, '2026-12-15T10:00:00Z');
    const [east] = await seasonAnnouncements(t.db, await workspaceRow(), seasonOf('quarter', '2026-11-01'), { record: false });
    // Carol: €14,000 (her 1 December deal is in Q4) of her own €10,000 quarter goal, not her months';
    // Alice: €30,000 of €30,000, her three months' goals; Bob has no December goal, so no quarter.
    expect(east?.winners.performers.map((p) => [p.name, p.progress, p.target])).toEqual([['Carol', 1_400_000n, 1_000_000n], ['Alice', 3_000_000n, 3_000_000n]]);
  });

  it('announces nothing for a period without rep goals', async () => {
    expect(await seasonAnnouncements(t.db, await workspaceRow(), seasonOf('month', '2026-10-01'), { record: true })).toEqual([]);
    expect(await count('incentive_awards')).toBe(0);
  });
});

describe('/pacer incentive', () => {
  it('adds an incentive an admin offers, audited, and lists it for managers', async () => {
    expect(await tc.say('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%')).toBe(
      'Offered from now on: Day off, at 100% of goal or more, each month. It counts for every period that ends from now on.\n'
      + 'Earned incentives are announced with the top performers on the first working day of each month. To stop offering it: /pacer incentive remove 1',
    );
    expect(await tc.say('UADMIN', 'pacer', 'incentive add bonus 500 EUR for 120%')).toBe(
      'Offered from now on: Bonus €500, at 120% of goal or more, each month. It counts for every period that ends from now on.\n'
      + 'Earned incentives are announced with the top performers on the first working day of each month. To stop offering it: /pacer incentive remove 2',
    );
    expect(await tc.say('UADMIN', 'pacer', 'incentive add travel "Team trip" for top-1 quarter')).toContain('Offered from now on: Team trip, for the top rep, each quarter.');
    const rows = await t.db.selectFrom('incentives').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.name, r.kind, r.amount_minor === null ? null : BigInt(r.amount_minor), r.currency, r.rule, r.threshold, r.period, r.created_at.toISOString(), r.ended_at])).toEqual([
      [1, 'Day off', 'time-off', null, null, 'attainment', 100, 'month', DEC_2.toISOString(), null],
      [2, 'Bonus', 'bonus', 500_00n, 'EUR', 'attainment', 120, 'month', DEC_2.toISOString(), null],
      [3, 'Team trip', 'travel', null, null, 'top', 1, 'quarter', DEC_2.toISOString(), null],
    ]);
    expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set([await memberId('UADMIN')]));
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', 'like', 'incentive.%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'incentive.add', subject: 'incentive:1' },
      { action: 'incentive.add', subject: 'incentive:2' },
      { action: 'incentive.add', subject: 'incentive:3' },
    ]);

    const list = await tc.say('UMIA', 'pacer', 'incentive list');
    expect(list).toContain('Incentives on offer');
    expect(list).toMatch(/#1\s+Day off\s+time off\s+at 100% of goal or more, each month/);
    expect(list).toMatch(/#2\s+Bonus €500\s+bonus\s+at 120% of goal or more, each month/);
    expect(list).toMatch(/#3\s+Team trip\s+travel\s+for the top rep, each quarter/);
    expect(list).toContain('To stop offering one: /pacer incentive remove 1');
  });

  it('says when nothing is on offer', async () => {
    expect(await tc.say('UADMIN', 'pacer', 'incentive list')).toBe('Incentives on offer\nNo incentives are on offer yet. Add one: /pacer incentive add "Day off" time-off for 100%');
  });

  it('refuses a name already on offer, in any case, writing nothing', async () => {
    await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%', /^Offered/);
    const before = [await count('incentives'), await count('audit_log')];
    expect(await tc.say('UADMIN', 'pacer', 'incentive add "day OFF" other for top-1')).toBe(
      'An incentive named “day OFF” is already on offer (#1). Remove it first, or choose another name.\nExample: /pacer incentive remove 1',
    );
    expect([await count('incentives'), await count('audit_log')]).toEqual(before);
    // Without a name an incentive is named after its kind: a second "Time off" clashes too.
    await run('UADMIN', 'pacer', 'incentive add time-off for 150%', /^Offered from now on: Time off,/);
    const between = [await count('incentives'), await count('audit_log')];
    expect(await tc.say('UADMIN', 'pacer', 'incentive add time-off for 200%')).toBe(
      'An incentive named “Time off” is already on offer (#2). Remove it first, or choose another name.\nExample: /pacer incentive remove 2',
    );
    expect([await count('incentives'), await count('audit_log')]).toEqual(between);
    expect((await t.db.selectFrom('incentives').select('threshold').orderBy('id').execute()).map((r) => r.threshold)).toEqual([100, 150]);
  });

  it('refuses reps and managers adding or removing one, and reps listing them, writing nothing', async () => {
    await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%', /^Offered/);
    const before = [await count('incentives'), await count('audit_log')];
    expect(await tc.say('UALICE', 'pacer', 'incentive add "My own bonus" bonus 9000 for 1%')).toBe('Only admins can do that.');
    expect(await tc.say('UMIA', 'pacer', 'incentive add "Team trip" travel for top-1')).toBe('Only admins can do that.');
    expect(await tc.say('UMIA', 'pacer', 'incentive remove 1')).toBe('Only admins can do that.');
    expect(await tc.say('UALICE', 'pacer', 'incentive list')).toBe('Only managers can do that.');
    expect([await count('incentives'), await count('audit_log')]).toEqual(before);
    expect((await t.db.selectFrom('incentives').select('ended_at').executeTakeFirstOrThrow()).ended_at).toBeNull();
  });

  it('refuses a 21st incentive on offer, writing nothing, until one is removed', async () => {
    for (let i = 1; i <= 20; i++) await run('UADMIN', 'pacer', `incentive add "Reward ${i}" other for ${100 + i}%`, /^Offered/);
    const before = [await count('incentives'), await count('audit_log')];
    expect(await tc.say('UADMIN', 'pacer', 'incentive add "One more" other for 100%')).toBe('There are already 20 incentives on offer: remove one first.\nExample: /pacer incentive remove 3');
    expect([await count('incentives'), await count('audit_log')]).toEqual(before);
    await run('UADMIN', 'pacer', 'incentive remove 7', /^No longer offered: Reward 7\./);
    await run('UADMIN', 'pacer', 'incentive add "One more" other for 100%', /^Offered from now on: One more,/);
  });

  it('refuses a malformed incentive with the reason and an example, writing nothing', async () => {
    const audit = await count('audit_log');
    expect(await tc.say('UADMIN', 'pacer', 'incentive add bonus for 120%')).toBe('A bonus needs an amount above zero, like 500 EUR.\nExample: /pacer incentive add bonus 500 EUR for 120%');
    expect(await tc.say('UADMIN', 'pacer', 'incentive add time-off for 100% week')).toBe(
      '“week” is not a period an incentive can be for: use month, quarter or year.\nExample: /pacer incentive add travel "Team trip" for top-1 quarter',
    );
    expect([await count('incentives'), await count('audit_log')]).toEqual([0, audit]);
  });

  it('ends an incentive on remove; what was earned under it stays', async () => {
    tc.clock.set(NOV_2);
    await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%', /^Offered/);
    tc.clock.set(DEC_2);
    await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: true });
    const earned = await awards();
    expect(earned.map(([, name]) => name)).toEqual(['Alice', 'Bob', 'Dora', 'Frank', 'Gina', 'Hana']);

    expect(await tc.say('UADMIN', 'pacer', 'incentive remove #1')).toBe('No longer offered: Day off. What reps already earned stays theirs.');
    const row = await t.db.selectFrom('incentives').selectAll().executeTakeFirstOrThrow();
    expect(row.ended_at?.toISOString()).toBe(DEC_2.toISOString());
    expect(await awards()).toEqual(earned);
    expect(await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'incentive.remove').execute()).toEqual([{ action: 'incentive.remove', subject: 'incentive:1' }]);
    expect(await tc.say('UADMIN', 'pacer', 'incentive list')).toContain('No incentives are on offer yet.');

    // Removing it again, or one that never was, changes nothing.
    const before = await count('audit_log');
    expect(await tc.say('UADMIN', 'pacer', 'incentive remove 1')).toBe('No incentive #1 is on offer.\nExample: /pacer incentive list');
    expect(await tc.say('UADMIN', 'pacer', 'incentive remove 99')).toBe('No incentive #99 is on offer.\nExample: /pacer incentive list');
    expect(await count('audit_log')).toBe(before);
    expect((await t.db.selectFrom('incentives').select('ended_at').executeTakeFirstOrThrow()).ended_at?.toISOString()).toBe(DEC_2.toISOString());
    // Its name is free again.
    await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 110%', /^Offered from now on: Day off/);
  });
});

describe('incentives earned', () => {
  /** Adds an incentive through the command at an instant. */
  async function offer(at: string, text: string): Promise<void> {
    tc.clock.set(new Date(at));
    await run('UADMIN', 'pacer', `incentive add ${text}`, /^Offered/);
  }

  it('records what each rep earned once, however often the period is announced', async () => {
    await offer('2026-11-02T10:00:00Z', '"Day off" time-off for 100%');
    await offer('2026-11-02T10:01:00Z', '"Team trip" travel for top-1');
    await offer('2026-11-02T10:02:00Z', 'bonus 500 for 120%');
    tc.clock.set(DEC_2);
    const workspace = await workspaceRow();
    const first = await seasonAnnouncements(t.db, workspace, NOVEMBER, { record: true });
    const expected: [string, string, string, bigint, number][] = [
      ['Day off', 'Alice', '2026-11-01', 1_200_000n, 1],
      ['Day off', 'Bob', '2026-11-01', 1_200_000n, 1],
      ['Day off', 'Dora', '2026-11-01', 1_200_000n, 1],
      ['Day off', 'Frank', '2026-11-01', 1_200_000n, 1],
      ['Day off', 'Gina', '2026-11-01', 1_000_000n, 3],
      ['Day off', 'Hana', '2026-11-01', 1_000_000n, 1],
      // Top-1 within each team: both tied firsts in East and in West, Hana alone without a team.
      ['Team trip', 'Alice', '2026-11-01', 1_200_000n, 1],
      ['Team trip', 'Bob', '2026-11-01', 1_200_000n, 1],
      ['Team trip', 'Dora', '2026-11-01', 1_200_000n, 1],
      ['Team trip', 'Frank', '2026-11-01', 1_200_000n, 1],
      ['Team trip', 'Hana', '2026-11-01', 1_000_000n, 1],
      ['Bonus', 'Alice', '2026-11-01', 1_200_000n, 1],
      ['Bonus', 'Bob', '2026-11-01', 1_200_000n, 1],
      ['Bonus', 'Dora', '2026-11-01', 1_200_000n, 1],
      ['Bonus', 'Frank', '2026-11-01', 1_200_000n, 1],
    ];
    expect(await awards()).toEqual(expected);
    expect(first[0]?.winners.performers.map((p) => [p.name, p.earned.map((i) => i.name)])).toEqual([
      ['Alice', ['Day off', 'Team trip', 'Bonus']],
      ['Bob', ['Day off', 'Team trip', 'Bonus']],
      ['Carol', []],
    ]);
    const again = await seasonAnnouncements(t.db, workspace, NOVEMBER, { record: true });
    expect(table(again)).toEqual(table(first));
    expect(await awards()).toEqual(expected);
    expect(await count('incentive_awards')).toBe(15);
  });

  it('records nothing for a preview, though it shows what would be earned', async () => {
    await offer('2026-11-02T10:00:00Z', '"Day off" time-off for 100%');
    tc.clock.set(DEC_2);
    const [east] = await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: false });
    expect(east?.winners.performers.map((p) => [p.name, p.earned.map((i) => i.name)])).toEqual([['Alice', ['Day off']], ['Bob', ['Day off']], ['Carol', []]]);
    expect(await count('incentive_awards')).toBe(0);
  });

  it('applies only incentives on offer when the period ended (midnight in the workspace’s zone)', async () => {
    // Offered half an hour before November ended in Ljubljana: applies.
    await offer('2026-11-30T22:30:00Z', '"Just in time" other for 100%');
    // Offered half an hour after it ended (still 30 November in UTC): does not.
    await offer('2026-11-30T23:30:00Z', '"Too late" other for 100%');
    // Offered in October, removed before November ended: does not.
    await offer('2026-10-01T10:00:00Z', '"Withdrawn" other for 100%');
    tc.clock.set(new Date('2026-11-20T10:00:00Z'));
    await run('UADMIN', 'pacer', 'incentive remove 3', /^No longer offered: Withdrawn/);
    // Offered in October, removed after November ended: applies.
    await offer('2026-10-01T11:00:00Z', '"Kept" other for 100%');
    tc.clock.set(new Date('2026-12-01T08:00:00Z'));
    await run('UADMIN', 'pacer', 'incentive remove 4', /^No longer offered: Kept/);
    // A quarter's incentive does not apply to a month.
    await offer('2026-11-02T10:00:00Z', '"Quarterly" other for 100% quarter');
    tc.clock.set(DEC_2);
    await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: true });
    const earned = await awards();
    expect([...new Set(earned.map(([name]) => name))]).toEqual(['Just in time', 'Kept']);
    expect(earned.filter(([name]) => name === 'Just in time').map(([, rep]) => rep)).toEqual(['Alice', 'Bob', 'Dora', 'Frank', 'Gina', 'Hana']);
  });
});

describe('/recognition', () => {
  /** Awards for November: Day off (100%) and a €500 bonus (120%), recorded as the announcement does. */
  async function earnNovember(): Promise<void> {
    tc.clock.set(NOV_2);
    await run('UADMIN', 'pacer', 'incentive add "Day off" time-off for 100%', /^Offered/);
    await run('UADMIN', 'pacer', 'incentive add bonus 500 for 120%', /^Offered/);
    tc.clock.set(DEC_2);
    await seasonAnnouncements(t.db, await workspaceRow(), NOVEMBER, { record: true });
  }

  /** An award's id by incentive and rep. */
  async function awardId(incentive: string, userId: string): Promise<number> {
    const row = await t.db.selectFrom('incentive_awards as a').innerJoin('incentives as i', 'i.id', 'a.incentive_id').select('a.id')
      .where('i.name', '=', incentive).where('a.member_id', '=', await memberId(userId)).executeTakeFirstOrThrow();
    return row.id;
  }

  async function kudos(from: string, to: string, reason: string, at: string): Promise<void> {
    const workspaceId = (await workspaceRow()).id;
    const { id } = await t.db.insertInto('kudos').values({ workspace_id: workspaceId, giver_id: await memberId(from), team_id: null, reason, deal_id: null, created_at: new Date(at) }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('kudos_receivers').values({ kudos_id: id, member_id: await memberId(to) }).execute();
  }

  const delivered = async (): Promise<[number, string | null, number | null][]> =>
    (await t.db.selectFrom('incentive_awards').select(['id', 'delivered_at', 'delivered_by']).orderBy('id').execute()).map((r) => [r.id, r.delivered_at?.toISOString() ?? null, r.delivered_by]);

  it('shows a rep what they earned, waiting and delivered, and their kudos of the last 30 days', async () => {
    expect(await tc.say('UCAROL', 'recognition', '')).toBe(
      'Your recognition\nNothing earned yet. See what is on offer: /pacer incentive list\nNo kudos in the last 30 days\nIncentives are announced with the top performers on the first working day of each month.',
    );
    await earnNovember();
    const [dayOff, bonus] = [await awardId('Day off', 'UALICE'), await awardId('Bonus', 'UALICE')];
    await kudos('UBOB', 'UALICE', 'Great demo for Globex', '2026-11-28T10:00:00Z');
    await kudos('UCAROL', 'UALICE', 'Thanks for covering my calls', '2026-10-01T10:00:00Z');
    expect(await tc.say('UALICE', 'recognition', '')).toBe([
      'Your recognition',
      'Earned, to be delivered',
      `#${dayOff} Day off · November 2026 · 120%`,
      `#${bonus} Bonus €500 · November 2026 · 120%`,
      '1 kudos in the last 30 days',
      '“Great demo for Globex” — Bob',
      'Incentives are announced with the top performers on the first working day of each month.',
    ].join('\n'));

    await run('UMIA', 'recognition', `deliver ${dayOff}`, /^Marked delivered/);
    expect(await tc.say('UALICE', 'recognition', '')).toBe([
      'Your recognition',
      'Earned, to be delivered',
      `#${bonus} Bonus €500 · November 2026 · 120%`,
      'Delivered',
      `#${dayOff} Day off · November 2026 · 120% · delivered Wed, Dec 2`,
      '1 kudos in the last 30 days',
      '“Great demo for Globex” — Bob',
      'Incentives are announced with the top performers on the first working day of each month.',
    ].join('\n'));
  });

  it('lets a manager look at a rep’s, and refuses a rep looking at someone else’s', async () => {
    await earnNovember();
    const before = [await count('audit_log'), await count('members')];
    expect(await tc.say('UCAROL', 'recognition', '<@UALICE>')).toBe("You can see your own recognition; managers can see anyone's.\nExample: /recognition");
    expect(await tc.say('UCAROL', 'recognition', '<@UERIN>')).toBe("You can see your own recognition; managers can see anyone's.\nExample: /recognition");
    // Naming someone Pacer has not met yet does not add them either.
    expect(await tc.say('UCAROL', 'recognition', '<@UZOE>')).toBe("You can see your own recognition; managers can see anyone's.\nExample: /recognition");
    expect([await count('audit_log'), await count('members')]).toEqual(before);
    expect(await t.db.selectFrom('members').select('id').where('external_id', '=', 'UZOE').execute()).toEqual([]);
    // A rep naming themselves sees their own.
    expect(await tc.say('UALICE', 'recognition', '<@UALICE>')).toMatch(/^Your recognition\n/);

    const seen = await tc.say('UMIA', 'recognition', '<@UALICE>');
    expect(seen).toMatch(/^Recognition · Alice\nEarned, to be delivered\n#\d+ Day off · November 2026 · 120%\n#\d+ Bonus €500 · November 2026 · 120%\n/);
    expect(seen).toContain('To mark one delivered: /recognition deliver <#>');
    expect(await tc.say('UADMIN', 'recognition', '<@UCAROL>')).toContain('Recognition · Carol\nNothing earned yet.');
  });

  it('lists what waits to be delivered for managers only', async () => {
    expect(await tc.say('UMIA', 'recognition', 'pending')).toBe('Earned incentives to deliver\nNothing is waiting to be delivered.');
    await earnNovember();
    // Oldest period first, then as recorded; ids are right-aligned like numbers.
    expect(await tc.say('UMIA', 'recognition', 'pending')).toBe([
      'Earned incentives to deliver',
      '  #  Rep    Incentive   For',
      ' #1  Alice  Day off     November 2026 · 120%',
      ' #2  Alice  Bonus €500  November 2026 · 120%',
      ' #3  Bob    Day off     November 2026 · 120%',
      ' #4  Bob    Bonus €500  November 2026 · 120%',
      ' #5  Dora   Day off     November 2026 · 120%',
      ' #6  Dora   Bonus €500  November 2026 · 120%',
      ' #7  Frank  Day off     November 2026 · 120%',
      ' #8  Frank  Bonus €500  November 2026 · 120%',
      ' #9  Gina   Day off     November 2026 · 100%',
      '#10  Hana   Day off     November 2026 · 100%',
      'Once handed over, mark it delivered: /recognition deliver 1',
    ].join('\n'));
    expect(await awardId('Day off', 'UHANA')).toBe(10);
    expect(await tc.say('UALICE', 'recognition', 'pending')).toBe('Only managers can do that.');
  });

  it('marks awards delivered, audited, all or none', async () => {
    await earnNovember();
    const [a, b, c] = [await awardId('Day off', 'UALICE'), await awardId('Bonus', 'UBOB'), await awardId('Day off', 'UHANA')];
    const untouched = await delivered();

    // A rep may not, an unknown id refuses the lot.
    expect(await tc.say('UALICE', 'recognition', `deliver ${a}`)).toBe('Only managers can do that.');
    expect(await tc.say('UMIA', 'recognition', `deliver ${a} 99`)).toBe('There is no earned incentive #99 here.\nExample: /recognition pending');
    expect(await tc.say('UMIA', 'recognition', 'deliver 99')).toBe('There is no earned incentive #99 here.\nExample: /recognition pending');
    expect(await delivered()).toEqual(untouched);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'incentive.deliver').execute()).toEqual([]);

    expect(await tc.say('UMIA', 'recognition', `deliver ${a} #${b}`)).toBe('Marked 2 delivered: Day off for Alice (November 2026); Bonus €500 for Bob (November 2026).');
    const mia = await memberId('UMIA');
    const after = await delivered();
    expect(after.filter(([, at]) => at !== null)).toEqual([[a, DEC_2.toISOString(), mia], [b, DEC_2.toISOString(), mia]].sort((x, y) => Number(x[0]) - Number(y[0])));
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject', 'actor_member_id', 'details']).where('action', '=', 'incentive.deliver').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'incentive.deliver', subject: `award:${a}`, actor_member_id: mia, details: { member: 'Alice', incentive: 'Day off', period: '2026-11-01' } },
      { action: 'incentive.deliver', subject: `award:${b}`, actor_member_id: mia, details: { member: 'Bob', incentive: 'Bonus', period: '2026-11-01' } },
    ]);

    // Already delivered: refused, and the one beside it stays pending.
    const auditRows = await count('audit_log');
    expect(await tc.say('UMIA', 'recognition', `deliver ${c} ${a}`)).toBe(`#${a} (Alice) was already delivered: nothing was changed.\nExample: /recognition pending`);
    expect(await delivered()).toEqual(after);
    expect(await count('audit_log')).toBe(auditRows);

    expect(await tc.say('UADMIN', 'recognition', `deliver ${c}`)).toBe('Marked delivered: Day off for Hana (November 2026).');
  });

  it('refuses a malformed deliver or lookup with an example, writing nothing', async () => {
    await earnNovember();
    const [before, audit] = [await delivered(), await count('audit_log')];
    expect(await tc.say('UMIA', 'recognition', 'deliver')).toBe('Which one? Give its number from /recognition pending.\nExample: /recognition deliver 12');
    expect(await tc.say('UMIA', 'recognition', 'deliver twelve')).toBe('“twelve” is not a number from /recognition pending.\nExample: /recognition deliver 12');
    expect(await tc.say('UMIA', 'recognition', 'deliver 1 two')).toBe('“two” is not a number from /recognition pending.\nExample: /recognition deliver 12');
    expect(await tc.say('UALICE', 'recognition', 'Bob please')).toBe('“Bob please” is not a person: name one rep with @, or nothing for your own.\nExample: /recognition @alice');
    expect([await delivered(), await count('audit_log')]).toEqual([before, audit]);
  });
});

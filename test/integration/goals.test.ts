import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';

const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMGR', 'Maria'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
  person('UCAROL', 'Carol'),
];

let t: TestDatabase;
let pacer: TestCore;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

beforeEach(async () => {
  await truncateAll(t.db);
  // Wednesday 18 November 2026: 13 of November's 21 working days have begun.
  pacer = createTestCore(t.db, PEOPLE, { at: new Date('2026-11-18T10:00:00Z') });
  await pacer.say('UADMIN', 'pacer', 'config timezone Europe/Ljubljana');
  await pacer.say('UADMIN', 'pacer', 'role <@UMGR> manager');
  await pacer.say('UADMIN', 'pacer', 'team create East');
  await pacer.say('UADMIN', 'pacer', 'team add <@UALICE> East');
  await pacer.say('UADMIN', 'pacer', 'team add <@UBOB> East');
});

describe('/goal set', () => {
  it('sets goals for a rep, a team and the company for the current period, audited', async () => {
    expect(await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month')).toContain('Goal set: €50,000');
    expect(await pacer.say('UMGR', 'goal', 'set team east 200000 quarter')).toContain('Team East');
    expect(await pacer.say('UADMIN', 'goal', 'set company 1M year')).toContain('€1,000,000');
    const goals = await t.db.selectFrom('goals').select(['subject_key', 'period', 'period_start', 'period_end', 'target']).orderBy('id').execute();
    expect(goals).toEqual([
      { subject_key: 'rep:3', period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target: 5000000n },
      { subject_key: 'team:1', period: 'quarter', period_start: '2026-10-01', period_end: '2027-01-01', target: 20000000n },
      { subject_key: 'company', period: 'year', period_start: '2026-01-01', period_end: '2027-01-01', target: 100000000n },
    ]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'goal.set').execute();
    expect(audit).toHaveLength(3);
  });

  it('changes an existing goal and says what it was', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    expect(await pacer.say('UMGR', 'goal', 'set <@UALICE> 60000 month')).toContain('Goal changed to €60,000 (was €50,000)');
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(1);
  });

  it('opens a form on an empty /goal set; its submit reads like the command and names the wrong field', async () => {
    const reply = await pacer.command('UMGR', 'goal', 'set');
    expect(reply.kind === 'form' && reply.form.fields.map((f) => f.id)).toEqual(['subject', 'target', 'period']);
    const base = { workspace: { platform: 'slack' as const, externalId: 'T1' }, userId: 'UMGR', formId: 'goal set' };
    const bad = await pacer.core.handleFormSubmit({ ...base, values: { subject: '@Alice', target: 'lots', period: 'month' } });
    expect(bad.kind === 'errors' && Object.keys(bad.errors)).toEqual(['target']);
    const nobody = await pacer.core.handleFormSubmit({ ...base, values: { subject: 'bananas', target: '5000', period: 'month' } });
    expect(nobody.kind === 'errors' && Object.keys(nobody.errors)).toEqual(['subject']);
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(0);
    const done = await pacer.core.handleFormSubmit({ ...base, values: { subject: 'team East', target: '200k', period: 'quarter' } });
    expect(done.kind).toBe('done');
    expect(await t.db.selectFrom('goals').select(['subject_key', 'period', 'target']).execute()).toEqual([{ subject_key: 'team:1', period: 'quarter', target: 20000000n }]);
    const rep = await pacer.command('UALICE', 'goal', 'set');
    expect(rep.kind).toBe('message');
  });

  it('politely refuses reps, and writes nothing', async () => {
    const reply = await pacer.say('UALICE', 'goal', 'set <@UALICE> 1000000 month');
    expect(reply).toContain('Only managers can do that');
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(0);
  });

  it.each([
    ['<@UNOBODY> 50000 month', "I don't know UNOBODY"],
    ['team West 50000 month', 'There is no team called "West"'],
    ['<@UALICE> lots month', 'Example: /goal set'],
    ['<@UALICE> 50000 fortnight', '"fortnight" is not a period'],
    ['bananas', 'Say who the goal is for'],
  ])('refuses "/goal set %s" with what was wrong', async (text, expected) => {
    expect(await pacer.say('UMGR', 'goal', `set ${text}`)).toContain(expected);
    expect(await t.db.selectFrom('goals').selectAll().execute()).toHaveLength(0);
  });
});

describe('/goal', () => {
  it('shows own, team and company goals with progress, pace, projection and what is needed per day', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    await pacer.say('UMGR', 'goal', 'set team East 200000 quarter');
    await pacer.say('UMGR', 'goal', 'set company 1M year');
    await pacer.say('UALICE', 'deal', '20000 Acme');
    await pacer.say('UBOB', 'deal', '10000 Initech');
    await pacer.say('UBOB', 'deal', 'lost 99000 Hooli reason: price');
    const reply = await pacer.say('UALICE', 'goal', '');
    // 13 of 21 working days: expected 30,952; 20,000 is behind; needs 30,000 over 8 days.
    expect(reply).toContain('€20,000 of €50,000 this month — behind pace, 8 working days left');
    expect(reply).toContain('€3,750 per working day to get there');
    expect(reply).toContain('Team East');
    expect(reply).toContain('€30,000 of €200,000 this quarter');
    expect(reply).toContain('€30,000 of €1,000,000 this year');
  });

  it('only reads: its delivery is not recorded, and asking twice answers twice', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    const deliveries = () => t.db.selectFrom('inbound_deliveries').selectAll().execute();
    const recorded = (await deliveries()).length;
    const first = await pacer.command('UALICE', 'goal', '', 'trigger-goal');
    const second = await pacer.command('UALICE', 'goal', '', 'trigger-goal');
    expect(second).toEqual(first);
    expect(await deliveries()).toHaveLength(recorded);
    await pacer.command('UALICE', 'deal', '100 Acme', 'trigger-deal');
    expect(await deliveries()).toHaveLength(recorded + 1);
  });

  it('projects the day the goal is reached at the current pace, and on the last day what is left today', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    await pacer.say('UALICE', 'deal', '40000 Acme');
    // 40,000 in 13 working days reaches 50,000 on the 17th working day of November: Tuesday the 24th.
    expect(await pacer.say('UALICE', 'goal', '')).toContain('goal reached on Tue, Nov 24 at this pace');
    pacer.clock.set(new Date('2026-11-30T12:00:00Z'));
    const last = await pacer.say('UALICE', 'goal', '');
    expect(last).toContain('today is the last working day');
    expect(last).toContain('€10,000 still to go today');
  });

  it('says so when there are no goals', async () => {
    expect(await pacer.say('UCAROL', 'goal', '')).toContain('No goals are set');
  });
});

describe('/leaderboard', () => {
  it('ranks reps by attainment, not revenue, and shows amounts', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 100000 month');
    await pacer.say('UMGR', 'goal', 'set <@UBOB> 10000 month');
    await pacer.say('UALICE', 'deal', '50000 Acme');
    await pacer.say('UBOB', 'deal', '9000 Initech');
    await pacer.say('UCAROL', 'deal', '70000 Globex');
    const board = await pacer.say('UALICE', 'leaderboard', '');
    const lines = board.split('\n');
    const bob = lines.findIndex((l) => l.includes('Bob'));
    const alice = lines.findIndex((l) => l.includes('Alice (you)'));
    const carol = lines.findIndex((l) => l.includes('Carol'));
    expect(bob).toBeGreaterThan(-1);
    expect(bob).toBeLessThan(alice);
    expect(alice).toBeLessThan(carol);
    expect(lines[bob]).toContain('90%');
    expect(lines[carol]).toContain('no goal');
    expect(board).toContain('€70,000');
  });

  it('reads week, month, quarter and year, and refuses anything else', async () => {
    await pacer.say('UALICE', 'deal', '5000 Acme');
    expect(await pacer.say('UALICE', 'leaderboard', 'quarter')).toContain('This quarter');
    expect(await pacer.say('UALICE', 'leaderboard', 'week')).toContain('Alice');
    expect(await pacer.say('UALICE', 'leaderboard', 'decade')).toContain('"decade" is not a period');
  });
});

describe('pace and public holidays', () => {
  it('counts the workspace\'s holidays out of the working days left, and not once they are turned off', async () => {
    // Monday 21 December 2026, 10:00 in Ljubljana: 21–24, 25 (Christmas, a Friday), 28–31 are left.
    pacer.clock.set(new Date('2026-12-21T09:00:00Z'));
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    await pacer.say('UADMIN', 'pacer', 'config holidays SI');
    const withHolidays = await pacer.say('UALICE', 'goal', '');
    expect(withHolidays).toContain('€0 of €50,000 this month — behind pace, 7 working days left');
    await pacer.say('UADMIN', 'pacer', 'config holidays off');
    expect(await pacer.say('UALICE', 'goal', '')).toContain('behind pace, 8 working days left');
  });
});


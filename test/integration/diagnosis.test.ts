import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LossReason } from '../../src/domain/deals/deal.table.ts';
import { diagnose, diagnosisBlocks, repsToCoach } from '../../src/domain/diagnosis/diagnosis.service.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/*
 * /diagnose on real PostgreSQL, over three months of history and the first 13 of November's 21
 * working days. Three teams, each with one problem planted:
 *   East   (goals)    price: 6 of 9 lost deals cite price; and Alice far behind, untrained, uncoached
 *   West   (no goals) delivery: 12 days from won to delivered against a usual 4, Widgets stuck
 *   North  (no goals) product: Widgets loses 6 of 8, and the product feedback names it
 */

const NOW = new Date('2026-11-18T10:00:00Z');
const USUAL_MONTHS = ['2026-08', '2026-09', '2026-10'];
const REASONS: LossReason[] = ['product', 'price', 'delivery', 'service', 'people', 'other'];
const DAY_MS = 86_400_000;

const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMGR', 'Maria'),
  ...['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Gina', 'Hank', 'Ivy', 'Jack'].map((name) => person(`U${name.toUpperCase()}`, name)),
];
const TEAMS = { East: ['Alice', 'Bob', 'Carol', 'Dave'], West: ['Erin', 'Frank', 'Gina'], North: ['Hank', 'Ivy', 'Jack'] };

let t: TestDatabase;
let pacer: TestCore;
const members = new Map<string, { id: number; teamId: number | null }>();

/** A deal of the history: won (delivered after some days, or not), or lost with a reason. */
interface Seed {
  rep: string;
  day: string;
  product?: string;
  lost?: LossReason;
  deliveredAfter?: number;
}

/** Inserts deals directly, as an import would: €5,000 each when won, numbered by the workspace's sequence. */
async function deals(seeds: Seed[]): Promise<bigint[]> {
  const { id: workspaceId } = await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
  const rows = seeds.map((s) => {
    const at = new Date(`${s.day}T10:00:00Z`);
    const rep = members.get(s.rep);
    if (!rep) throw new Error(`No rep ${s.rep}`);
    const won = s.lost === undefined;
    return {
      workspace_id: workspaceId,
      number: sql<number>`next_deal_number(${workspaceId})`,
      member_id: rep.id,
      team_id: rep.teamId,
      customer: 'Customer',
      product: s.product ?? null,
      amount_minor: won ? 5_000_00n : null,
      currency: 'EUR',
      stage: won ? (s.deliveredAfter === undefined ? 'won' as const : 'delivered' as const) : 'lost' as const,
      loss_reason: s.lost ?? null,
      occurred_at: at,
      won_at: won ? at : null,
      delivered_at: won && s.deliveredAfter !== undefined ? new Date(at.getTime() + s.deliveredAfter * DAY_MS) : null,
      serviced_at: null,
      lost_at: won ? null : at,
    };
  });
  const inserted = await t.db.insertInto('deals').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

const day = (month: string, d: number): string => `${month}-${String(d).padStart(2, '0')}`;

/** Each usual month: every rep wins `won` deals delivered after `lag` days and loses `lost`, the reasons taking turns. */
function usualHistory(reps: string[], won: number, lost: number, lag: number): Seed[] {
  const seeds: Seed[] = [];
  let turn = 0;
  for (const month of USUAL_MONTHS) {
    for (const rep of reps) {
      for (let i = 0; i < won; i++) seeds.push({ rep, day: day(month, 2 + i), product: 'Gadgets', deliveredAfter: lag });
      for (let i = 0; i < lost; i++) seeds.push({ rep, day: day(month, 14 + i), lost: REASONS[turn++ % REASONS.length] as LossReason });
    }
  }
  return seeds;
}

const repeat = (n: number, seed: (i: number) => Seed): Seed[] => Array.from({ length: n }, (_, i) => seed(i));

beforeAll(async () => {
  t = await createTestDatabase();
  pacer = createTestCore(t.db, PEOPLE, { at: NOW });
  await pacer.say('UADMIN', 'pacer', 'config timezone Europe/Ljubljana');
  await pacer.say('UADMIN', 'pacer', 'role <@UMGR> manager');
  for (const [team, reps] of Object.entries(TEAMS)) {
    await pacer.say('UADMIN', 'pacer', `team create ${team}`);
    for (const rep of reps) await pacer.say('UADMIN', 'pacer', `team add <@U${rep.toUpperCase()}> ${team}`);
  }
  for (const m of await t.db.selectFrom('members').select(['id', 'display_name', 'team_id']).execute()) members.set(m.display_name, { id: m.id, teamId: m.team_id });

  // East: goals for the team and each rep; a price problem, and Alice far behind.
  await pacer.say('UMGR', 'goal', 'set team East 200000 month');
  for (const rep of TEAMS.East) await pacer.say('UMGR', 'goal', `set <@U${rep.toUpperCase()}> 50000 month`);
  await deals([
    ...usualHistory(TEAMS.East, 4, 2, 5),
    ...['Bob', 'Carol', 'Dave'].flatMap((rep) => repeat(6, (i) => ({ rep, day: day('2026-11', [2, 3, 4, 5, 6, 9][i] ?? 2), product: 'Gadgets', deliveredAfter: 5 }))),
    { rep: 'Alice', day: '2026-11-03', product: 'Gadgets', deliveredAfter: 5 },
    ...['Bob', 'Carol', 'Dave'].flatMap((rep) => repeat(2, (i) => ({ rep, day: day('2026-11', 10 + i), lost: 'price' as const }))),
    { rep: 'Bob', day: '2026-11-12', lost: 'service' },
    { rep: 'Carol', day: '2026-11-12', lost: 'other' },
    { rep: 'Alice', day: '2026-11-12', lost: 'product' },
  ]);
  for (const rep of ['Bob', 'Carol', 'Dave']) await pacer.say('UMGR', 'coach', `<@U${rep.toUpperCase()}> Went through the pipeline`);
  const alice = members.get('Alice')?.id ?? 0;
  const maria = members.get('Maria')?.id ?? 0;
  const { id: workspaceId } = await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
  await t.db.insertInto('coaching_notes').values({ workspace_id: workspaceId, member_id: alice, coach_id: maria, note: 'Discovery calls', created_at: new Date('2026-09-01T10:00:00Z') }).execute();
  for (const name of ['Negotiation 101', 'Objection handling']) {
    const module = await t.db.insertInto('training_modules').values({ workspace_id: workspaceId, name, url: null, created_by: maria }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('training_assignments').values({
      workspace_id: workspaceId, module_id: module.id, member_id: alice, team_id: null, cadence: 'once', every_weeks: null, weekday: null,
      due_on: '2026-11-10', remind_at_minute: 540, starts_on: '2026-11-02', ended_at: null, assigned_by: maria,
    }).execute();
  }

  // West: no goals; deliveries slowed from 4 days to 12, and four October deals never delivered.
  await deals([
    ...usualHistory(TEAMS.West, 4, 0, 4),
    { rep: 'Erin', day: '2026-10-20', product: 'Widgets' },
    { rep: 'Frank', day: '2026-10-20', product: 'Widgets' },
    { rep: 'Gina', day: '2026-10-20', product: 'Widgets' },
    { rep: 'Erin', day: '2026-10-20', product: 'Gadgets' },
    ...TEAMS.West.flatMap((rep) => repeat(2, () => ({ rep, day: '2026-11-02', product: 'Gadgets', deliveredAfter: 12 }))),
  ]);

  // North: no goals; Widgets loses 6 of its 8 deals, and three of four product notes are about it.
  await deals(usualHistory(TEAMS.North, 10, 2, 5));
  const widgetLosses = await deals([
    { rep: 'Hank', day: '2026-11-06', product: 'Widgets', lost: 'product' },
    { rep: 'Ivy', day: '2026-11-06', product: 'Widgets', lost: 'product' },
    { rep: 'Hank', day: '2026-11-09', product: 'Widgets', lost: 'product' },
    { rep: 'Ivy', day: '2026-11-09', product: 'Widgets', lost: 'product' },
    { rep: 'Jack', day: '2026-11-09', product: 'Widgets', lost: 'product' },
    { rep: 'Jack', day: '2026-11-10', product: 'Widgets', lost: 'price' },
  ]);
  await deals([
    { rep: 'Hank', day: '2026-11-03', product: 'Widgets', deliveredAfter: 5 },
    { rep: 'Ivy', day: '2026-11-03', product: 'Widgets', deliveredAfter: 5 },
    ...TEAMS.North.flatMap((rep) => repeat(4, (i) => ({ rep, day: day('2026-11', 2 + i), product: 'Gadgets', deliveredAfter: 5 }))),
    { rep: 'Hank', day: '2026-11-11', product: 'Gadgets', lost: 'other' },
    { rep: 'Ivy', day: '2026-11-11', product: 'Gadgets', lost: 'other' },
  ]);
  const north = members.get('Hank')?.teamId ?? null;
  const hank = members.get('Hank')?.id ?? 0;
  const note = (text: string, at: string, dealId: bigint | null = null) =>
    ({ workspace_id: workspaceId, member_id: hank, team_id: north, kind: 'product' as const, text, deal_id: dealId, created_at: new Date(at) });
  await t.db.insertInto('feedback').values([
    note('Customers ask for a longer warranty', '2026-09-10T10:00:00Z'),
    note('Customers ask for more colours', '2026-09-11T10:00:00Z'),
    note('Setup guide is confusing', '2026-09-12T10:00:00Z'),
    note('Hinge breaks in the first week', '2026-11-07T10:00:00Z', widgetLosses[0] ?? null),
    note('Too heavy for their shelves', '2026-11-10T10:00:00Z', widgetLosses[2] ?? null),
    note('The WIDGETS lid does not close', '2026-11-12T10:00:00Z'),
    note('Brochure is out of date', '2026-11-13T10:00:00Z'),
  ]).execute();
});
afterAll(() => t.close());

const writes = async () => ({
  deliveries: (await t.db.selectFrom('inbound_deliveries').selectAll().execute()).length,
  audit: (await t.db.selectFrom('audit_log').selectAll().execute()).length,
  members: (await t.db.selectFrom('members').selectAll().execute()).length,
});

/** Runs `/diagnose`; no reply may show a raw message key (the footer names docs/diagnosis.md, which is not one). */
async function diagnoseAs(userId: string, text: string): Promise<string> {
  const reply = await pacer.say(userId, 'diagnose', text);
  expect(reply).not.toMatch(/\b(?:diagnosis|goals|deals|common|pacer)\.(?!md\b)[a-z_]+/);
  return reply;
}

describe('/diagnose a team', () => {
  it('ranks the planted price problem first, then the rep far behind, each with evidence and a next step', async () => {
    const reply = await diagnoseAs('UMGR', 'team east');
    expect(reply).toBe([
      'Diagnosis: Team East, this month',
      '€95,000 of €200,000 this month — behind pace, 8 working days left',
      'Behind pace. Likely causes, most likely first:',
      '1. Price · score 50',
      '• 6 of 9 lost deals this month cite price; usually 2 of 9',
      'Next: review prices and discounts against what customers compare them with',
      '2. People · score 26',
      "• Alice is at 10% of goal while the team's median is 60%",
      "• Alice won 1 deal this month; the team's median is 6",
      '• Alice: 2 trainings overdue',
      '• Alice: no coaching logged in 78 days',
      'Next: coach Alice and log it with /coach',
      'Next: ask Alice to finish the 2 overdue trainings',
      'Usual: the 3 months before. Scores are points above the usual; the rules are in docs/diagnosis.md.',
    ].join('\n'));
  });

  it('finds a delivery problem in a team without goals, judged against its usual pace', async () => {
    const reply = await diagnoseAs('UMGR', 'team West');
    expect(reply).toContain('€30,000 won this month; by now €41,270 is usual — behind pace');
    expect(reply).toContain([
      '1. Delivery · score 107',
      '• Median 12 days from won to delivered this month (6 deliveries); usually 4',
      '• 4 deals won but not delivered after 14 days; 3 of them Widgets',
      'Next: ask production about the Widgets backlog',
    ].join('\n'));
    expect(reply).not.toContain('2.');
  });

  it('finds a product problem, with the product feedback linked by deal or named in the text', async () => {
    const reply = await diagnoseAs('UMGR', 'team North');
    expect(reply).toContain([
      '1. Product · score 149',
      '• 5 of 8 lost deals this month cite product; usually 1 of 8',
      '• Widgets: lost 6 of 8 deals decided this month; all other deals 2 of 14',
      '• 4 product feedback notes this month; 1 would be usual by now; 3 of them about Widgets',
      'Next: take the Widgets losses and feedback to product management',
    ].join('\n'));
  });

  it('looks at a week or a quarter when asked', async () => {
    expect(await diagnoseAs('UMGR', 'team West week')).toContain('Diagnosis: Team West, this week');
    const quarter = await diagnoseAs('UMGR', 'team East quarter');
    expect(quarter).toContain('Diagnosis: Team East, this quarter');
    expect(quarter).toContain('Usual: the 3 quarters before.');
  });
});

describe('/diagnose a rep and the company', () => {
  it('diagnoses a rep against their team: Alice is the cause, counted in full', async () => {
    const reply = await diagnoseAs('UMGR', '<@UALICE>');
    expect(reply).toContain('Diagnosis: Alice, this month');
    expect(reply).toContain('€5,000 of €50,000 this month — behind pace, 8 working days left');
    // Her gap (0.6 − 0.1) / 0.6 = 0.83, plus 0.1 for overdue training and 0.1 for no recent coaching.
    expect(reply).toContain("1. People · score 103\n• Alice is at 10% of goal while the team's median is 60%");
  });

  it('diagnoses the company: on pace against its usual, with the reps to coach across all teams', async () => {
    const reply = await diagnoseAs('UMGR', '');
    expect(reply).toBe([
      'Diagnosis: Acme Sales, this month',
      '€195,000 won this month; by now €183,651 is usual — on pace',
      'On pace. What is working:',
      '• Gadgets sells best: 37 won of 39 decided',
      // Most reps have no goal, so everyone is compared by amount won.
      "• Bob leads with €30,000 won this month; the company's median is €20,000",
      'Reps to coach: Alice, Erin, Frank, Gina',
      'Usual: the 3 months before. Scores are points above the usual; the rules are in docs/diagnosis.md.',
    ].join('\n'));
  });

  it('diagnoses the company behind its goal: every team’s problem, ranked', async () => {
    await pacer.say('UADMIN', 'goal', 'set company 500000 month');
    try {
      const reply = await diagnoseAs('UMGR', 'company');
      expect(reply).toContain('€195,000 of €500,000 this month — behind pace, 8 working days left');
      const ranked = [...reply.matchAll(/^\d\. (\w+) · score \d+$/gm)].map((m) => m[1]);
      expect(ranked).toEqual(['Product', 'People', 'Price', 'Delivery']);
      expect(reply).toContain('• Widgets: lost 6 of 8 deals decided this month; all other deals 11 of 48');
      expect(reply).toContain("• Alice has won €5,000 this month while the company's median is €25,000");
      expect(reply).toContain('• 7 of 17 lost deals this month cite price; usually 3 of 17');
      expect(reply).toContain('• 4 deals won but not delivered after 14 days; 3 of them Widgets');
    } finally {
      await t.db.deleteFrom('goals').where('scope', '=', 'company').execute();
    }
  });

  it('says what is working when the subject is on pace', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UBOB> 30000 month');
    try {
      const reply = await diagnoseAs('UMGR', '<@UBOB>');
      expect(reply).toContain('€30,000 of €30,000 this month — goal met');
      expect(reply).toContain('On pace. What is working:');
      expect(reply).toContain('• Gadgets sells best: 6 won of 6 decided');
      expect(reply).toContain("• Bob leads at 100% of goal; the team's median is 60%");
    } finally {
      await pacer.say('UMGR', 'goal', 'set <@UBOB> 50000 month');
    }
  });

  it('speaks Slovenian in a Slovenian workspace', async () => {
    await pacer.say('UADMIN', 'pacer', 'config locale sl');
    try {
      const reply = await diagnoseAs('UMGR', 'ekipa East');
      expect(reply).toContain('Diagnoza: Ekipa East, ta mesec');
      expect(reply).toContain('Za načrtom. Verjetni vzroki, najverjetnejši najprej:');
      expect(reply).toContain('1. Cena · ocena 50');
      expect(reply).toContain('• Izgubljeni posli ta mesec: 6 od 9 z razlogom »cena«; običajno 2 od 9');
      expect(reply).toContain('Alice: 2 zamujeni usposabljanji');
      expect(reply).toContain('Običajno: 3 meseci pred tem.');
    } finally {
      await pacer.say('UADMIN', 'pacer', 'config locale en');
    }
  });

  it('only reads: nothing is recorded, and asking twice answers the same', async () => {
    const before = await writes();
    const first = await pacer.command('UMGR', 'diagnose', 'team East', 'diagnose-1');
    const second = await pacer.command('UMGR', 'diagnose', 'team East', 'diagnose-1');
    expect(second).toEqual(first);
    expect(await writes()).toEqual(before);
  });
});

describe('/diagnose refusals', () => {
  it.each([
    ['UALICE', 'team East', 'Only managers can do that.'],
    ['UMGR', 'team South', 'There is no team called "South".\nExample: /pacer team list'],
    ['UMGR', '<@UNOBODY>', "I can't find UNOBODY in this workspace."],
    ['UMGR', '@nobody', "I can't find @nobody in this workspace."],
    ['UMGR', 'bananas', 'Say whom to diagnose: nothing for the company, team <name>, or @someone (I read "bananas").\nExample: /diagnose · /diagnose team East · /diagnose @alice'],
    ['UMGR', 'team East year', 'A diagnosis looks at a week, a month or a quarter, not a year.\nExample: /diagnose team East quarter'],
    ['UMGR', '<@UALICE> fortnight', 'After whom to diagnose, only a period may follow: week, month or quarter (I read "fortnight").'],
  ])('as %s, refuses "/diagnose %s" with what was wrong, writing nothing', async (user, text, expected) => {
    const before = await writes();
    expect(await diagnoseAs(user, text)).toContain(expected);
    expect(await writes()).toEqual(before);
  });
});

describe('diagnose() for the weekly digest', () => {
  it('gives the diagnosis, its compact blocks and the reps to coach', async () => {
    const workspace = await t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
    const team = await t.db.selectFrom('teams').selectAll().where('name', '=', 'East').executeTakeFirstOrThrow();
    const d = await diagnose(t.db, workspace, { kind: 'team', team }, NOW);
    expect(d.findings.onPace).toBe(false);
    expect(repsToCoach(d)).toEqual([{
      memberId: members.get('Alice')?.id,
      name: 'Alice',
      standing: { basis: 'goal', attainment: 0.1, peers: 0.6 },
      overdueTrainings: 2,
      daysSinceCoaching: 78,
    }]);
    const text = fallbackText({ blocks: diagnosisBlocks(d, translator('en'), createFormats('en')) });
    expect(text).toBe([
      'Diagnosis: Team East, this month',
      '€95,000 of €200,000 this month — behind pace, 8 working days left',
      '1. Price · score 50: 6 of 9 lost deals this month cite price; usually 2 of 9 → review prices and discounts against what customers compare them with',
      "2. People · score 26: Alice is at 10% of goal while the team's median is 60% → coach Alice and log it with /coach",
      'Reps to coach: Alice',
    ].join('\n'));
  });
});

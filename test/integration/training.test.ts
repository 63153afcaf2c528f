import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/bot/clock.ts';
import { createCore } from '../../src/bot/core.ts';
import type { Effect } from '../../src/bot/effects.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { ActionReply, WorkspaceRef } from '../../src/bot/ports.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import { assignmentSchedule, decideReminder, liveAssignmentSchedules } from '../../src/domain/training/training.reminders.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Message } from '../../src/messages/message.ts';
import { person, replyMessage, staticDirectory } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const LJ = 'Europe/Ljubljana';
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMGR', 'Maria'),
  person('UALICE', 'Alice', { timezone: LJ }),
  person('UBOB', 'Bob', { timezone: LJ, locale: 'sl-SI' }),
  person('UCAROL', 'Carol', { timezone: 'America/New_York' }),
];
const WORKSPACE: WorkspaceRef = { platform: 'slack', externalId: 'T1', name: 'Acme Sales' };
const ADD = 'add "Negotiation 101" https://lms.example.com/neg101';

let t: TestDatabase;
let pacer: ReturnType<typeof createPacer>;

/**
 * The real core and registry on a real database, with an effect sink (createTestCore takes none).
 * The sink reads the assignments it is told about through another connection: seeing them proves
 * the effects came after commit.
 */
function createPacer(at: Date) {
  const clock = fixedClock(at);
  const handedOver: Effect[][] = [];
  const seenAtHandOver: number[][] = [];
  const effects = async (batch: readonly Effect[]): Promise<void> => {
    handedOver.push([...batch]);
    const ids = batch.flatMap((e) => (e.kind === 'training.changed' ? e.assignmentIds : []));
    const rows = ids.length ? await t.db.selectFrom('training_assignments').select('id').where('id', 'in', ids).execute() : [];
    seenAtHandOver.push(rows.map((r) => r.id).sort((a, b) => a - b));
  };
  const core = createCore({ db: t.db, registry: createCommandRegistry(), directory: staticDirectory(PEOPLE), clock, logger: createLogger({ level: 'silent' }), effects });
  const reply = async (userId: string, text: string, command = 'training'): Promise<Message> =>
    replyMessage(await core.handleCommand({ workspace: WORKSPACE, userId, command, text }));
  return {
    core,
    clock,
    handedOver,
    seenAtHandOver,
    reply,
    say: async (userId: string, text: string, command = 'training'): Promise<string> => fallbackText(await reply(userId, text, command)),
    press: async (userId: string, value: string | undefined): Promise<ActionReply | undefined> =>
      core.handleAction({ workspace: WORKSPACE, userId, actionId: 'training.done', ...(value !== undefined && { value }) }),
  };
}

const assignments = () => t.db.selectFrom('training_assignments').selectAll().orderBy('id').execute();
const completions = () => t.db.selectFrom('training_completions').selectAll().orderBy('cycle_start').execute();
const audits = (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const memberId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('members').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const changed = (...assignmentIds: number[]): Effect[] => [{ kind: 'training.changed', assignmentIds }];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

beforeEach(async () => {
  await truncateAll(t.db);
  // Wednesday 18 November 2026, 11:00 in Ljubljana, 05:00 in New York.
  pacer = createPacer(new Date('2026-11-18T10:00:00Z'));
  await pacer.say('UADMIN', 'config timezone Europe/Ljubljana', 'pacer');
  await pacer.say('UADMIN', 'role <@UMGR> manager', 'pacer');
  await pacer.say('UADMIN', 'team create East', 'pacer');
  await pacer.say('UADMIN', 'team add <@UALICE> East', 'pacer');
  await pacer.say('UADMIN', 'team add <@UBOB> East', 'pacer');
  await pacer.say('UADMIN', 'team create West', 'pacer');
  // Registers Carol as a member, as her first command would.
  await pacer.say('UCAROL', '');
  pacer.handedOver.length = 0;
  pacer.seenAtHandOver.length = 0;
});

describe('/training add and modules', () => {
  it('adds a module, audited; adding the name again (any case) changes its link and nothing else', async () => {
    expect(await pacer.say('UMGR', ADD)).toContain('Added the training module "Negotiation 101".');
    const relinked = await pacer.say('UMGR', 'add "negotiation 101" https://lms.example.com/neg101-v2');
    expect(relinked).toContain('"Negotiation 101" already exists, so its link is now https://lms.example.com/neg101-v2');
    expect(await pacer.say('UMGR', 'add "NEGOTIATION 101"')).toContain('already exists; nothing changed');
    const modules = await t.db.selectFrom('training_modules').selectAll().execute();
    expect(modules).toEqual([expect.objectContaining({ name: 'Negotiation 101', url: 'https://lms.example.com/neg101-v2' })]);
    const audit = await audits('training.module');
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ created: true, url: 'https://lms.example.com/neg101' }),
      expect.objectContaining({ created: false, url: 'https://lms.example.com/neg101-v2', previous: 'https://lms.example.com/neg101' }),
    ]);
  });

  it('lists modules with their links and how many reps have each live', async () => {
    expect(await pacer.say('UMGR', 'modules')).toContain('There are no training modules yet.');
    await pacer.say('UMGR', ADD);
    await pacer.say('UMGR', 'add Onboarding');
    await pacer.say('UMGR', 'assign "Negotiation 101" to team East every monday');
    const list = await pacer.say('UMGR', 'modules');
    expect(list).toMatch(/Negotiation 101\s+https:\/\/lms\.example\.com\/neg101\s+2/);
    expect(list).toMatch(/Onboarding\s+—\s+0/);
  });

  it('refuses reps: adding and assigning are for managers, and nothing is written', async () => {
    expect(await pacer.say('UALICE', ADD)).toContain('Only managers can do that');
    await pacer.say('UMGR', ADD);
    expect(await pacer.say('UALICE', 'assign "Negotiation 101" <@UALICE> every monday')).toContain('Only managers can do that');
    expect(await pacer.say('UALICE', 'unassign "Negotiation 101" <@UBOB>')).toContain('Only managers can do that');
    expect(await pacer.say('UALICE', 'modules')).toContain('Only managers can do that');
    expect(await t.db.selectFrom('training_modules').selectAll().execute()).toHaveLength(1);
    expect(await assignments()).toHaveLength(0);
  });
});

describe('/training assign', () => {
  beforeEach(async () => {
    await pacer.say('UMGR', ADD);
  });

  it('assigns a module to a rep from tomorrow (9:00 has passed in Ljubljana), audited, and hands the change over after commit', async () => {
    const reply = await pacer.say('UMGR', 'assign "negotiation 101" <@UALICE> every monday 9:00');
    expect(reply).toContain('Assigned "Negotiation 101" to Alice: every Monday at 09:00.');
    expect(reply).toContain('First reminder: Mon, Nov 23 at 09:00.');
    const [row] = await assignments();
    expect(row).toMatchObject({ member_id: await memberId('UALICE'), team_id: null, cadence: 'weekly', weekday: 1, every_weeks: 1, remind_at_minute: 540, starts_on: '2026-11-19', ended_at: null });
    expect(await audits('training.assign')).toHaveLength(1);
    expect(pacer.handedOver).toEqual([changed(row?.id ?? 0)]);
    expect(pacer.seenAtHandOver).toEqual([[row?.id]]);
  });

  it('starts today where the reminder time is still ahead (05:00 in New York)', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UCAROL> every day');
    expect((await assignments())[0]).toMatchObject({ cadence: 'daily', starts_on: '2026-11-18' });
    expect(await pacer.say('UCAROL', '')).toContain('Next reminder: Wed, Nov 18 at 09:00');
  });

  it('assigns several reps at once, and a whole team (one row per member, the team recorded)', async () => {
    const both = await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> <@UCAROL> every 2 weeks on friday at 14:30');
    expect(both).toContain('to Alice and Carol: every 2 weeks on Friday at 14:30.');
    await pacer.say('UMGR', 'add Onboarding');
    const team = await pacer.say('UMGR', 'assign Onboarding to team east every day 8:30');
    expect(team).toContain('Assigned "Onboarding" to team East (Alice and Bob): every working day at 08:30.');
    const rows = await assignments();
    const east = (await t.db.selectFrom('teams').select('id').where('name', '=', 'East').executeTakeFirstOrThrow()).id;
    expect(rows.map((r) => [r.member_id, r.team_id, r.cadence, r.every_weeks, r.weekday])).toEqual([
      [await memberId('UALICE'), null, 'weekly', 2, 5],
      [await memberId('UCAROL'), null, 'weekly', 2, 5],
      [await memberId('UALICE'), east, 'daily', null, null],
      [await memberId('UBOB'), east, 'daily', null, null],
    ]);
    expect(pacer.handedOver).toEqual([changed(1, 2), changed(3, 4)]);
    expect(await audits('training.assign')).toHaveLength(2);
  });

  it('replaces the schedule of a module a rep already has, keeping one live assignment', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday');
    const again = await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every day 8:30');
    expect(again).toContain('This replaces the earlier schedule for Alice.');
    const rows = await assignments();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 1, cadence: 'daily', weekday: null, every_weeks: null, remind_at_minute: 510, ended_at: null });
    expect(pacer.handedOver).toEqual([changed(1), changed(1)]);
  });

  it('takes a one-off due today or later in the workspace zone, and refuses a past day with an example', async () => {
    const past = await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> once by 2026-11-17');
    expect(past).toContain('Tue, Nov 17 has already passed');
    expect(past).toContain('Example: /training assign "Negotiation 101" @alice once by 2026-11-25');
    expect(await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> once by 2026-11-18 at 17:00')).toContain('once, due by Wed, Nov 18');
    expect((await assignments())[0]).toMatchObject({ cadence: 'once', due_on: '2026-11-18', starts_on: '2026-11-18', remind_at_minute: 17 * 60 });
  });

  it.each([
    ['assign Nope <@UALICE> every monday', 'There is no training module called "Nope" yet', 'Example: /training add "Nope" <url>'],
    ['assign "Negotiation 101" <@UNOBODY> every monday', "I don't know UNOBODY", 'Example: /training assign'],
    ['assign "Negotiation 101" <@UALICE> <@UNOBODY> every monday', "I don't know UNOBODY", 'Example: /training assign'],
    ['assign "Negotiation 101" to team North every monday', 'There is no team called "North"', 'Example: /pacer team create North'],
    ['assign "Negotiation 101" to team West every monday', 'Team West has no members yet', 'Example: /pacer team add @alice West'],
    ['assign "Negotiation 101" <@UALICE> every fortnight', '"fortnight" is not a schedule I know', 'Example: /training assign'],
    ['assign Negotiation 101 <@UALICE> every monday', 'A name of several words goes in double quotes (I read "Negotiation 101")', 'Example: /training assign "Negotiation 101"'],
  ])('refuses "/training %s", writing nothing and handing nothing over', async (text, expected, example) => {
    const reply = await pacer.say('UMGR', text);
    expect(reply).toContain(expected);
    expect(reply).toContain(example);
    expect(await assignments()).toHaveLength(0);
    expect(await audits('training.assign')).toHaveLength(0);
    expect(pacer.handedOver).toEqual([]);
  });
});

describe('/training (what a rep sees)', () => {
  beforeEach(async () => {
    await pacer.say('UMGR', ADD);
  });

  it('says so when nothing is assigned, with an example', async () => {
    const reply = await pacer.say('UALICE', '');
    expect(reply).toContain('You have no training assigned right now.');
    expect(reply).toContain('Example: /training assign "Negotiation 101" @alice every monday 9:00');
  });

  it('shows the link, the cadence in words, the next reminder in the rep zone, and due, overdue and done', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday 9:00');
    const first = await pacer.say('UALICE', '');
    expect(first).toContain('Your training');
    expect(first).toContain('https://lms.example.com/neg101');
    expect(first).toContain('Due by Sun, Nov 22');
    expect(first).toContain('every Monday at 09:00 · Next reminder: Mon, Nov 23 at 09:00');

    // Tuesday 1 December: the cycle of 23 November went by undone.
    pacer.clock.set(new Date('2026-12-01T10:00:00Z'));
    const late = await pacer.say('UALICE', '');
    expect(late).toContain('Overdue: the cycle that began Mon, Nov 23 was not done');
    expect(late).toContain('Next reminder: Mon, Dec 7 at 09:00');

    expect(await pacer.say('UALICE', 'done "negotiation 101"')).toContain('Marked "Negotiation 101" done for this cycle.');
    expect(await pacer.say('UALICE', '')).toContain('✓ Done for this cycle');
  });

  it('speaks the rep language: Slovenian for Bob', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UBOB> every 2 weeks');
    const reply = await pacer.say('UBOB', '');
    expect(reply).toContain('Vaša usposabljanja');
    expect(reply).toContain('vsaka 2 tedna v ponedeljek ob 09:00');
    expect(reply).toContain('Naslednji opomnik: pon., 30. nov. ob 09:00');
  });

  it('refuses text after /training with help', async () => {
    expect(await pacer.say('UALICE', 'bananas')).toContain("didn't understand");
  });
});

describe('/training done and unassign', () => {
  beforeEach(async () => {
    await pacer.say('UMGR', ADD);
    pacer.handedOver.length = 0;
  });

  it('completes the current cycle once: doing it again says so and records nothing more', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday');
    pacer.clock.set(new Date('2026-11-23T12:00:00Z'));
    const done = await pacer.say('UALICE', 'done "Negotiation 101"');
    expect(done).toContain('Marked "Negotiation 101" done for this cycle.');
    expect(done).toContain('Next reminder: Mon, Nov 30 at 09:00');
    expect(await pacer.say('UALICE', 'done "Negotiation 101"')).toContain('"Negotiation 101" is already done for this cycle.');
    expect(await completions()).toEqual([expect.objectContaining({ assignment_id: 1, cycle_start: '2026-11-23', completed_by: await memberId('UALICE') })]);
    expect(await audits('training.done')).toHaveLength(1);
    // A recurring assignment goes on: its scheduler is left alone, and the cycle's reminder shows it done (once).
    expect(pacer.handedOver).toEqual([changed(1), [{ kind: 'training.completed', assignmentId: 1, cycleStart: '2026-11-23' }]]);
  });

  it('ends a one-off when it is done, and hands that over', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> once by 2026-12-15');
    const done = await pacer.say('UALICE', 'done "Negotiation 101"');
    expect(done).toContain('It was a one-off, so there will be no more reminders.');
    expect((await assignments())[0]?.ended_at).toEqual(new Date('2026-11-18T10:00:00Z'));
    expect(await completions()).toEqual([expect.objectContaining({ cycle_start: '2026-11-19' })]);
    expect(pacer.handedOver).toEqual([changed(1), [...changed(1), { kind: 'training.completed', assignmentId: 1, cycleStart: '2026-11-19' }]]);
    expect(await pacer.say('UALICE', '')).toContain('You have no training assigned right now.');
  });

  it('refuses to complete what the rep does not have, with an example naming one they do', async () => {
    const none = await pacer.say('UALICE', 'done "Negotiation 101"');
    expect(none).toContain('You have no training called "Negotiation 101"');
    expect(none).toContain('Example: /training');
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday');
    const wrong = await pacer.say('UALICE', 'done Cooking');
    expect(wrong).toContain('You have no training called "Cooking"');
    expect(wrong).toContain('Example: /training done "Negotiation 101"');
    expect(await pacer.say('UBOB', 'done "Negotiation 101"')).toContain('Nimate usposabljanja »Negotiation 101«');
    expect(await completions()).toHaveLength(0);
  });

  it('unassigns reps and teams, audited and handed over; what is not assigned is a problem', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" to team East every monday');
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UCAROL> every monday');
    const one = await pacer.say('UMGR', 'unassign "Negotiation 101" <@UCAROL>');
    expect(one).toContain('Unassigned "Negotiation 101" from Carol');
    // Bob leaves the team; his assignment through it still ends with the team's.
    await pacer.say('UADMIN', 'team remove <@UBOB>', 'pacer');
    expect(await pacer.say('UMGR', 'unassign "Negotiation 101" from team East')).toContain('from Alice and Bob');
    expect((await assignments()).map((a) => a.ended_at !== null)).toEqual([true, true, true]);
    expect(await audits('training.unassign')).toHaveLength(2);
    expect(pacer.handedOver.slice(2)).toEqual([changed(3), changed(1, 2)]);
    const again = await pacer.say('UMGR', 'unassign "Negotiation 101" <@UALICE> <@UBOB>');
    expect(again).toContain('"Negotiation 101" is not assigned to Alice and Bob');
    expect(again).toContain('Example: /training assign "Negotiation 101" @alice');
    expect(await pacer.say('UMGR', 'unassign "Negotiation 101" to team East')).toContain('"Negotiation 101" is not assigned to anyone in team East');
    expect(pacer.handedOver).toHaveLength(4);
  });
});

describe('the Done button', () => {
  let id: number;
  beforeEach(async () => {
    await pacer.say('UMGR', ADD);
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday');
    id = (await assignments())[0]?.id ?? 0;
    pacer.handedOver.length = 0;
  });

  it('completes the cycle for its rep only, and answers with the reminder in its done state', async () => {
    const decision = await decideReminder(t.db, id, new Date('2026-11-23T08:00:00Z'));
    expect(decision.kind).toBe('send');
    const reminder = decision.kind === 'send' ? decision.message : undefined;
    const actions = reminder?.blocks.find((b) => b.type === 'actions');
    const button = actions?.type === 'actions' ? actions.buttons[0] : undefined;
    expect(button).toEqual({ actionId: 'training.done', label: 'Done', value: `${id}:2026-11-23`, style: 'primary' });

    pacer.clock.set(new Date('2026-11-23T09:30:00Z'));
    const refused = await pacer.press('UBOB', button?.value);
    // A refusal is a notice beside the reminder: Alice's reminder keeps its button.
    expect(refused?.kind).toBe('notice');
    expect(fallbackText(refused?.message ?? { blocks: [] })).toContain('Ta opomnik je namenjen nekomu drugemu');
    expect(await completions()).toHaveLength(0);

    const reply = await pacer.press('UALICE', button?.value);
    expect(reply?.kind).toBe('replace');
    const pressed = reply?.message;
    expect(pressed?.visibility).toBe('public');
    expect(pressed?.blocks.some((b) => b.type === 'actions')).toBe(false);
    const text = fallbackText(pressed ?? { blocks: [] });
    expect(text).toContain('Training reminder');
    expect(text).toContain('Negotiation 101');
    expect(text).toContain('✓ Done — recorded Mon, Nov 23');
    expect(await completions()).toEqual([expect.objectContaining({ assignment_id: id, cycle_start: '2026-11-23' })]);

    // Pressed again the next day: still the day it was recorded, nothing more written.
    pacer.clock.set(new Date('2026-11-24T09:30:00Z'));
    expect(fallbackText((await pacer.press('UALICE', button?.value))?.message ?? { blocks: [] })).toContain('✓ Done — recorded Mon, Nov 23');
    expect(await completions()).toHaveLength(1);
    expect(await audits('training.done')).toHaveLength(1);
    expect(pacer.handedOver).toEqual([]);
  });

  it('ends a one-off pressed done, and hands that over', async () => {
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UBOB> once by 2026-12-15');
    const once = (await assignments()).find((a) => a.cadence === 'once');
    pacer.handedOver.length = 0;
    const pressed = await pacer.press('UBOB', `${once?.id}:2026-11-19`);
    expect(fallbackText(pressed?.message ?? { blocks: [] })).toContain('✓ Opravljeno — zabeleženo');
    expect((await assignments()).find((a) => a.id === once?.id)?.ended_at).not.toBeNull();
    expect(pacer.handedOver).toEqual([changed(once?.id ?? 0)]);
  });

  it.each([
    [undefined, 'That button is not valid'],
    ['nonsense', 'That button is not valid'],
    ['1:2026-02-30', 'That button is not valid'],
    // Not a cycle of a weekly Monday assignment.
    ['1:2026-11-24', 'That button is not valid'],
    ['999:2026-11-23', 'That training is no longer assigned to you'],
  ])('refuses the value %s', async (value, expected) => {
    const reply = await pacer.press('UALICE', value);
    expect(reply?.kind).toBe('notice');
    expect(fallbackText(reply?.message ?? { blocks: [] })).toContain(expected);
    expect(await completions()).toHaveLength(0);
  });
});

describe('decideReminder', () => {
  let id: number;
  beforeEach(async () => {
    await pacer.say('UMGR', ADD);
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday 9:00');
    id = (await assignments())[0]?.id ?? 0;
  });

  it('sends on the nominal Monday, in the rep language, with what the job layer needs', async () => {
    const decision = await decideReminder(t.db, id, new Date('2026-11-23T08:00:00Z'));
    expect(decision).toMatchObject({ kind: 'send', nominal: '2026-11-23', cycleStart: '2026-11-23', member: { external_id: 'UALICE' }, workspace: { external_id: 'T1' } });
    const text = decision.kind === 'send' ? fallbackText(decision.message) : '';
    expect(text).toContain('Training reminder');
    expect(text).toContain('Time for "Negotiation 101".');
    expect(text).toContain('https://lms.example.com/neg101');
    expect(text).toContain('Due by Sun, Nov 29');
    expect(decision.kind === 'send' && decision.message.visibility).toBe('public');

    await pacer.say('UMGR', 'assign "Negotiation 101" <@UBOB> every monday 9:00');
    const bob = await decideReminder(t.db, 2, new Date('2026-11-23T08:00:00Z'));
    expect(bob.kind === 'send' && fallbackText(bob.message)).toContain('Opomnik za usposabljanje');
  });

  it('is not due on other days, nor before the assignment starts', async () => {
    expect(await decideReminder(t.db, id, new Date('2026-11-24T08:00:00Z'))).toEqual({ kind: 'none', reason: 'not_due' });
    expect(await decideReminder(t.db, id, new Date('2026-11-16T08:00:00Z'))).toEqual({ kind: 'none', reason: 'not_due' });
  });

  it('moves a Slovenian holiday Monday to Tuesday 09:00 local: 07:00Z in summer, 08:00Z in winter', async () => {
    await t.db.updateTable('workspaces').set({ holiday_country: 'SI' }).execute();
    await t.db.updateTable('training_assignments').set({ starts_on: '2026-03-30' }).execute();
    // Easter Monday.
    const later = await decideReminder(t.db, id, new Date('2026-04-06T07:00:00Z'));
    expect(later).toEqual({ kind: 'later', at: new Date('2026-04-07T07:00:00Z'), nominal: '2026-04-06' });
    const rerun = await decideReminder(t.db, id, new Date('2026-04-07T07:00:00Z'), '2026-04-06');
    expect(rerun).toMatchObject({ kind: 'send', nominal: '2026-04-06', cycleStart: '2026-04-06' });
    // Prešeren Day, Monday 8 February 2027.
    expect(await decideReminder(t.db, id, new Date('2027-02-08T08:00:00Z'))).toEqual({ kind: 'later', at: new Date('2027-02-09T08:00:00Z'), nominal: '2027-02-08' });
  });

  it('follows the language default calendar (a Slovenian workspace skips Slovenian holidays) unless turned off', async () => {
    await t.db.updateTable('workspaces').set({ locale: 'sl' }).execute();
    await t.db.updateTable('training_assignments').set({ starts_on: '2026-03-30' }).execute();
    expect(await decideReminder(t.db, id, new Date('2026-04-06T07:00:00Z'))).toMatchObject({ kind: 'later', nominal: '2026-04-06' });
    await t.db.updateTable('workspaces').set({ holiday_country: '' }).execute();
    expect(await decideReminder(t.db, id, new Date('2026-04-06T07:00:00Z'))).toMatchObject({ kind: 'send', nominal: '2026-04-06' });
  });

  it('waits for a rep out of office, and skips the occurrence when they are away until the next one', async () => {
    await t.db.updateTable('members').set({ away_until: '2026-11-24' }).where('external_id', '=', 'UALICE').execute();
    expect(await decideReminder(t.db, id, new Date('2026-11-23T08:00:00Z'))).toEqual({ kind: 'later', at: new Date('2026-11-25T08:00:00Z'), nominal: '2026-11-23' });
    await t.db.updateTable('members').set({ away_until: '2026-11-29' }).where('external_id', '=', 'UALICE').execute();
    expect(await decideReminder(t.db, id, new Date('2026-11-23T08:00:00Z'))).toEqual({ kind: 'none', reason: 'not_working_day' });
    expect(await decideReminder(t.db, id, new Date('2026-11-25T08:00:00Z'), '2026-11-23')).toEqual({ kind: 'none', reason: 'not_working_day' });
  });

  it('sends nothing for a cycle already done, and says ended for an ended or unknown assignment', async () => {
    pacer.clock.set(new Date('2026-11-23T07:00:00Z'));
    await pacer.say('UALICE', 'done "Negotiation 101"');
    expect(await decideReminder(t.db, id, new Date('2026-11-23T08:00:00Z'))).toEqual({ kind: 'none', reason: 'done' });
    expect((await decideReminder(t.db, id, new Date('2026-11-30T08:00:00Z'))).kind).toBe('send');
    await pacer.say('UMGR', 'unassign "Negotiation 101" <@UALICE>');
    expect(await decideReminder(t.db, id, new Date('2026-11-30T08:00:00Z'))).toEqual({ kind: 'ended' });
    expect(await decideReminder(t.db, 999, new Date('2026-11-30T08:00:00Z'))).toEqual({ kind: 'ended' });
  });
});

describe('scheduler specs', () => {
  it('give the cron pattern in the rep zone, an end for one-offs, and nothing for ended assignments', async () => {
    await pacer.say('UMGR', ADD);
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every friday 14:30');
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UCAROL> once by 2026-12-15');
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UBOB> every month');
    const workspaceId = (await t.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
    expect(await assignmentSchedule(t.db, 1)).toEqual({ assignmentId: 1, workspaceId, pattern: '30 14 * * 5', tz: LJ });
    // The end of 15 December in New York.
    expect(await assignmentSchedule(t.db, 2)).toEqual({ assignmentId: 2, workspaceId, pattern: '0 9 * * *', tz: 'America/New_York', endDate: new Date('2026-12-16T04:59:59.999Z') });
    expect((await liveAssignmentSchedules(t.db)).map((s) => [s.assignmentId, s.pattern])).toEqual([[1, '30 14 * * 5'], [2, '0 9 * * *'], [3, '0 9 1 * *']]);
    expect((await liveAssignmentSchedules(t.db, 2)).map((s) => s.assignmentId)).toEqual([3]);
    await pacer.say('UMGR', 'unassign "Negotiation 101" <@UALICE>');
    expect(await assignmentSchedule(t.db, 1)).toBeUndefined();
    expect(await assignmentSchedule(t.db, 99)).toBeUndefined();
    expect((await liveAssignmentSchedules(t.db)).map((s) => s.assignmentId)).toEqual([2, 3]);
  });

  it('fall back to the workspace zone when the rep zone is not a real one', async () => {
    await pacer.say('UMGR', ADD);
    await pacer.say('UMGR', 'assign "Negotiation 101" <@UALICE> every monday');
    await t.db.updateTable('members').set({ timezone: 'Mars/Olympus' }).where('external_id', '=', 'UALICE').execute();
    expect((await assignmentSchedule(t.db, 1))?.tz).toBe(LJ);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/bot/clock.ts';
import { defineCommand } from '../../src/bot/command.ts';
import { createCore } from '../../src/bot/core.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { CommandReply, Directory, Inbound, PlatformProfile } from '../../src/bot/ports.ts';
import { CommandRegistry } from '../../src/bot/registry.ts';
import { ok } from '../../src/bot/result.ts';
import { effectiveRole } from '../../src/bot/roles.ts';
import { pacerCommands } from '../../src/domain/workspaces/workspace.commands.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const profile = (userId: string, displayName: string, isPlatformAdmin = false): PlatformProfile => ({ userId, displayName, isPlatformAdmin });

/** What the platform says about people (users.info): the only double in these tests. */
const PEOPLE: readonly PlatformProfile[] = [
  profile('UADMIN', 'Olivia', true),
  profile('UOWNER', 'Oscar', true),
  profile('UALICE', 'Alice'),
  profile('UBOB', 'Bob'),
  profile('UCAROL', 'Carol'),
];
const directory: Directory = { lookupUser: async (_workspace, userId) => PEOPLE.find((p) => p.userId === userId) };

/** A manager-only command, to show that a granted role is what the core enforces. */
const probe = defineCommand<null>({
  path: 'probe',
  summary: 'pacer.help.role',
  usage: '/probe',
  examples: ['/probe'],
  role: 'manager',
  parse: () => ok(null),
  run: async () => ok({ blocks: [{ type: 'text', text: 'probe ran' }] }),
});

let t: TestDatabase;
let core: Inbound;
let delivery = 0;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

async function run(userId: string, text: string, command = 'pacer'): Promise<CommandReply> {
  delivery += 1;
  return core.handleCommand({ workspace: { platform: 'slack', externalId: 'T1', name: 'Acme Sales' }, userId, command, text, deliveryId: `d-${delivery}` });
}

/** Runs a command and returns the reply as the shared plain text; no reply may show a raw message key. */
async function say(userId: string, text: string, command = 'pacer'): Promise<string> {
  const reply = await run(userId, text, command);
  const shown = fallbackText(reply.kind === 'message' ? reply.message : reply.fallback);
  expect(shown).not.toMatch(/\b(?:pacer|common)\.[a-z_]+\.[a-z_.]+/);
  return shown;
}

const workspace = () => t.db.selectFrom('workspaces').selectAll().where('external_id', '=', 'T1').executeTakeFirstOrThrow();
const member = (externalId: string) => t.db.selectFrom('members').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();
const auditRows = () => t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

/** Everything an admin command could write: a refused command must leave all of it as it was. */
async function snapshot() {
  const ws = await workspace();
  return {
    settings: { currency: ws.currency, locale: ws.locale, timezone: ws.timezone },
    members: await t.db.selectFrom('members').select(['external_id', 'role', 'team_id']).orderBy('id').execute(),
    teams: await t.db.selectFrom('teams').select(['id', 'name']).orderBy('id').execute(),
    audit: (await auditRows()).length,
  };
}

/** Asserts a command is refused with the given text and writes nothing at all. */
async function expectRefused(userId: string, text: string, ...expected: string[]): Promise<string> {
  const before = await snapshot();
  const reply = await say(userId, text);
  for (const part of expected) expect(reply).toContain(part);
  expect(await snapshot()).toEqual(before);
  return reply;
}

beforeEach(async () => {
  await truncateAll(t.db);
  core = createCore({
    db: t.db,
    registry: new CommandRegistry([...pacerCommands, probe]),
    directory,
    clock: fixedClock(new Date('2026-11-18T10:00:00Z')),
    logger: createLogger({ level: 'silent' }),
  });
  // Everyone says something first, so later snapshots compare the same people.
  for (const id of ['UADMIN', 'UALICE', 'UBOB']) await say(id, 'help');
});

describe('/pacer config', () => {
  it('shows the workspace settings', async () => {
    const reply = await say('UADMIN', 'config');
    expect(reply).toContain('Workspace settings');
    expect(reply).toContain('Currency: EUR (Euro)');
    expect(reply).toContain('Language: English');
    expect(reply).toContain('Time zone: UTC');
    expect(reply).toContain('/pacer config timezone Europe/Ljubljana');
  });

  it('changes the currency (any case), audited with before and after', async () => {
    expect(await say('UADMIN', 'config currency usd')).toContain('Currency changed: USD (was EUR).');
    expect((await workspace()).currency).toBe('USD');
    const [entry] = await auditRows();
    const admin = await member('UADMIN');
    expect(entry).toMatchObject({ action: 'workspace.config', subject: 'workspace:T1', actor_member_id: admin.id, details: { setting: 'currency', before: 'EUR', after: 'USD' } });
  });

  it('changes the time zone to its canonical IANA name, audited', async () => {
    expect(await say('UADMIN', 'config timezone europe/ljubljana')).toContain('Time zone changed: Europe/Ljubljana (was UTC)');
    expect((await workspace()).timezone).toBe('Europe/Ljubljana');
    expect((await auditRows()).map((a) => a.details)).toEqual([{ setting: 'timezone', before: 'UTC', after: 'Europe/Ljubljana' }]);
  });

  it.each(['sl', 'slovenian', 'Slovenščina', 'sl-SI'])('changes the language with "%s", answering in the new language', async (word) => {
    const reply = await say('UADMIN', `config locale ${word}`);
    expect(reply).toContain('Jezik je spremenjen: slovenščina (prej angleščina)');
    expect((await workspace()).locale).toBe('sl');
    expect((await auditRows()).map((a) => [a.action, a.details])).toEqual([['workspace.config', { setting: 'locale', before: 'en', after: 'sl' }]]);
  });

  it.each(['english', 'angleščina', 'EN'])('switches back to English with "%s"', async (word) => {
    await say('UADMIN', 'config locale sl');
    expect(await say('UADMIN', `config locale ${word}`)).toContain('Language changed: English (was Slovenian)');
    expect((await workspace()).locale).toBe('en');
  });

  it('says a setting is already what was asked, and writes nothing', async () => {
    await expectRefused('UADMIN', 'config currency eur', 'The currency is already EUR.');
    await expectRefused('UADMIN', 'config timezone UTC', 'The time zone is already UTC.');
  });

  it('refuses a rep, leaving the settings as they were', async () => {
    await expectRefused('UALICE', 'config currency USD', 'Only admins can do that.');
    await expectRefused('UALICE', 'config', 'Only admins can do that.');
    expect((await workspace()).currency).toBe('EUR');
  });

  it.each([
    ['config currency EUX', '“EUX” isn\'t a currency code I know', '/pacer config currency EUR'],
    ['config currency euros', '“euros” isn\'t a currency code I know', '/pacer config currency EUR'],
    ['config currency', 'Which currency?', '/pacer config currency EUR'],
    ['config timezone Mars/Olympus', '“Mars/Olympus” isn\'t a time zone I know', '/pacer config timezone Europe/Ljubljana'],
    ['config timezone +01:00', '“+01:00” isn\'t a time zone I know', '/pacer config timezone Europe/Ljubljana'],
    ['config locale klingon', 'I don\'t speak “klingon”', '/pacer config locale sl'],
    ['config digest-channel #sales', 'I don\'t know the setting “digest-channel”. Settings: currency, locale, timezone, holidays, channel', '/pacer config currency EUR'],
    ['frobnicate', "didn't understand", '/pacer help'],
    [`config currency ${'E'.repeat(10_000)}`, 'too long for a command', '/pacer config currency EUR'],
  ])('refuses "/pacer %s" with what was wrong and an example, writing nothing', async (text, what, example) => {
    await expectRefused('UADMIN', text, what, `Example: ${example}`);
  });

  describe('currency, once amounts are recorded', () => {
    const insertDeal = async (currency: string) => {
      const [ws, admin] = await Promise.all([workspace(), member('UADMIN')]);
      await t.db
        .insertInto('deals')
        .values({
          workspace_id: ws.id, number: 1, member_id: admin.id, team_id: null, customer: 'Acme', product: null, amount_minor: 1_250_000n, currency,
          stage: 'won', loss_reason: null, occurred_at: new Date('2026-11-17T10:00:00Z'), won_at: new Date('2026-11-17T10:00:00Z'),
          delivered_at: null, serviced_at: null, lost_at: null,
        })
        .execute();
    };
    const insertGoal = async (metric: 'revenue' | 'deals') => {
      const ws = await workspace();
      await t.db
        .insertInto('goals')
        .values({ workspace_id: ws.id, scope: 'company', member_id: null, team_id: null, subject_key: 'company', metric, period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target: 100n, currency: 'EUR', created_by: null })
        .execute();
    };

    it('refuses a change once a deal is recorded in the current currency', async () => {
      await insertDeal('EUR');
      await expectRefused('UADMIN', 'config currency USD', "Can't change the currency to USD", 'amounts recorded in EUR (deals: 1, goals: 0)', 'never converts');
      expect((await workspace()).currency).toBe('EUR');
    });

    it('refuses a change once a revenue goal is set, but not for a goal counted in deals', async () => {
      await insertGoal('deals');
      expect(await say('UADMIN', 'config currency GBP')).toContain('Currency changed: GBP');
      await sql`update goals set metric = 'revenue', currency = 'GBP'`.execute(t.db);
      await expectRefused('UADMIN', 'config currency EUR', "Can't change the currency to EUR", '(deals: 0, goals: 1)');
    });

    it('still accepts the currency the deals are already in', async () => {
      await insertDeal('EUR');
      await expectRefused('UADMIN', 'config currency EUR', 'already EUR');
    });
  });
});

describe('/pacer team', () => {
  it('creates a team, audited; a duplicate name (ignoring case) is refused', async () => {
    expect(await say('UADMIN', 'team create East  Coast')).toContain('Team East Coast created');
    const teams = await t.db.selectFrom('teams').selectAll().execute();
    expect(teams.map((team) => team.name)).toEqual(['East Coast']);
    expect((await auditRows()).map((a) => [a.action, a.subject])).toEqual([['team.create', 'team:East Coast']]);
    await expectRefused('UADMIN', 'team create east coast', "There's already a team called East Coast", 'Example: /pacer team add @alice East Coast');
  });

  it.each([
    ['team create', 'Give the team a name.', '/pacer team create East'],
    ['team create   ', 'Give the team a name.', '/pacer team create East'],
    [`team create ${'x'.repeat(61)}`, 'at most 60 characters', '/pacer team create East'],
    ['team create @East', "can't be a team name", '/pacer team create East'],
    ['team frobnicate East', 'I don\'t know “frobnicate” for teams. Use one of: create, add, list, remove', '/pacer team create East'],
    ['team add East', 'I expected a person here', '/pacer team add @alice East'],
    ['team add <@UALICE>', 'Which team?', '/pacer team add @alice East'],
    ['team remove', 'Who do you mean?', '/pacer team remove @alice'],
    [`team create ${'x '.repeat(5_000)}`, 'too long for a command', '/pacer team create East'],
  ])('refuses "/pacer %s", writing nothing', async (text, what, example) => {
    await expectRefused('UADMIN', text, what, example);
  });

  it('adds people by mention or by name, moves them between teams, and lists the teams with counts', async () => {
    await say('UADMIN', 'team create East');
    await say('UADMIN', 'team create West');
    expect(await say('UADMIN', 'team add <@UALICE> East')).toContain('Alice is now in team East.');
    expect(await say('UADMIN', 'team add @bob east')).toContain('Bob is now in team East.');
    const east = await t.db.selectFrom('teams').selectAll().where('name', '=', 'East').executeTakeFirstOrThrow();
    expect((await member('UALICE')).team_id).toBe(east.id);
    expect((await member('UBOB')).team_id).toBe(east.id);

    expect(await say('UADMIN', 'team add <@UBOB> West')).toContain('Bob is now in team West (was in East)');
    const list = await say('UADMIN', 'team list');
    expect(list).toContain('Teams');
    expect(list).toMatch(/East\s+1\n/);
    expect(list).toMatch(/West\s+1/);

    const moves = (await auditRows()).filter((a) => a.action === 'team.add').map((a) => [a.subject, a.details]);
    expect(moves).toEqual([
      ['member:UALICE', { member: 'Alice', before: null, after: 'East' }],
      ['member:UBOB', { member: 'Bob', before: null, after: 'East' }],
      ['member:UBOB', { member: 'Bob', before: 'East', after: 'West' }],
    ]);
    await expectRefused('UADMIN', 'team add <@UBOB> west', 'Bob is already in team West.');
  });

  it('registers a mentioned person the platform knows on first sight', async () => {
    await say('UADMIN', 'team create East');
    expect(await say('UADMIN', 'team add <@UCAROL> East')).toContain('Carol is now in team East.');
    expect((await member('UCAROL')).display_name).toBe('Carol');
  });

  it('refuses an unknown team with the example that creates it', async () => {
    await expectRefused('UADMIN', 'team add <@UALICE> Nowhere', "There's no team called Nowhere", 'Example: /pacer team create Nowhere');
  });

  it('refuses an unknown person, and a name that is nobody here', async () => {
    await say('UADMIN', 'team create East');
    await expectRefused('UADMIN', 'team add <@UNOBODY> East', "I can't find UNOBODY in this workspace", 'Example: /pacer team add @alice East');
    await expectRefused('UADMIN', 'team add @zed East', "I can't find @zed");
    expect(await t.db.selectFrom('members').select('external_id').where('external_id', '=', 'UNOBODY').execute()).toEqual([]);
  });

  it('removes someone from their team, audited; removing again is refused', async () => {
    await say('UADMIN', 'team create East');
    await say('UADMIN', 'team add <@UALICE> East');
    expect(await say('UADMIN', 'team remove <@UALICE>')).toContain('Alice is no longer in team East.');
    expect((await member('UALICE')).team_id).toBeNull();
    const last = (await auditRows()).at(-1);
    expect(last).toMatchObject({ action: 'team.remove', subject: 'member:UALICE', details: { member: 'Alice', before: 'East', after: null } });
    await expectRefused('UADMIN', 'team remove <@UALICE>', "Alice isn't in any team.");
  });

  it('lists no teams with how to create one; reps may not manage teams', async () => {
    expect(await say('UADMIN', 'team')).toContain('No teams yet.');
    await expectRefused('UALICE', 'team create East', 'Only admins can do that.');
  });
});

describe('/pacer role', () => {
  it('makes a rep a manager, who may then run manager commands', async () => {
    expect(await say('UBOB', 'probe', 'probe')).toContain('Only managers can do that.');
    expect(await say('UADMIN', 'role <@UBOB> manager')).toContain('Bob is now a manager (was rep).');
    const bob = await member('UBOB');
    expect(bob.role).toBe('manager');
    expect(effectiveRole(bob)).toBe('manager');
    expect(await say('UBOB', 'probe', 'probe')).toContain('probe ran');
    expect((await auditRows()).map((a) => [a.action, a.subject, a.details])).toEqual([
      ['member.role', 'member:UBOB', { member: 'Bob', before: 'rep', after: 'manager', effectiveBefore: 'rep', effectiveAfter: 'manager' }],
    ]);
    // Still not an admin.
    await expectRefused('UBOB', 'config currency USD', 'Only admins can do that.');
  });

  it('accepts the role first, a typed @name and Slovenian role words', async () => {
    expect(await say('UADMIN', 'role vodja @alice')).toContain('Alice is now a manager');
    expect((await member('UALICE')).role).toBe('manager');
  });

  it('says that a platform owner or admin stays admin whatever is granted', async () => {
    const reply = await say('UADMIN', 'role <@UOWNER> rep');
    expect(reply).toContain('Oscar is already a rep.');
    expect(reply).toContain('Oscar is an owner or admin of this Slack workspace, so they stay a Pacer admin');
    await say('UADMIN', 'role <@UOWNER> manager');
    const oscar = await member('UOWNER');
    expect(oscar.role).toBe('manager');
    expect(effectiveRole(oscar)).toBe('admin');
    expect((await auditRows()).at(-1)?.details).toMatchObject({ before: 'rep', after: 'manager', effectiveBefore: 'admin', effectiveAfter: 'admin' });
  });

  it('refuses an admin demoting themselves, so a workspace never loses its last admin by accident', async () => {
    await expectRefused('UADMIN', 'role <@UADMIN> rep', "You can't make yourself a rep");
    await say('UADMIN', 'role <@UALICE> admin');
    await expectRefused('UALICE', 'role <@UALICE> manager', "You can't make yourself a manager");
    expect((await member('UALICE')).role).toBe('admin');
    // Another admin may do it.
    expect(await say('UADMIN', 'role <@UALICE> rep')).toContain('Alice is now a rep (was admin).');
  });

  it.each([
    ['role <@UBOB> boss', '“boss” isn\'t a role. Roles: rep, manager, admin', '/pacer role @bob manager'],
    ['role <@UBOB>', 'Name the person and the role', '/pacer role @bob manager'],
    ['role manager', 'Who do you mean?', '/pacer role @bob manager'],
    ['role bob manager', 'I expected a person here, named with @, but got “bob”', '/pacer role @bob manager'],
    ['role <@UBOB> manager now', 'I didn\'t expect “now” here', '/pacer role @bob manager'],
    ['role <@UNOBODY> manager', "I can't find UNOBODY", '/pacer role @bob manager'],
    [`role <@UBOB> ${'m'.repeat(10_000)}`, 'too long for a command', '/pacer role @bob manager'],
  ])('refuses "/pacer %s", writing nothing', async (text, what, example) => {
    await expectRefused('UADMIN', text, what, `Example: ${example}`);
  });

  it('is for admins only: a manager cannot grant roles', async () => {
    await say('UADMIN', 'role <@UBOB> manager');
    await expectRefused('UBOB', 'role <@UALICE> manager', 'Only admins can do that.');
    await expectRefused('UBOB', 'role <@UBOB> admin', 'Only admins can do that.');
  });
});

describe('/pacer in Slovenian', () => {
  it('answers in Slovenian once the workspace language is Slovenian', async () => {
    await say('UADMIN', 'config locale sl');
    const settings = await say('UADMIN', 'config');
    expect(settings).toContain('Nastavitve delovnega prostora');
    expect(settings).toContain('Valuta: EUR (evro)');
    expect(settings).toContain('Jezik: slovenščina');
    expect(settings).toContain('Časovni pas: UTC');
    expect(await say('UADMIN', 'team create Vzhod')).toContain('Ekipa Vzhod je ustvarjena.');
    expect(await say('UADMIN', 'team dodaj <@UALICE> Vzhod')).toContain('Alice je zdaj v ekipi Vzhod.');
    expect(await say('UADMIN', 'role <@UBOB> vodja')).toContain('Bob ima zdaj vlogo vodje (prej: prodajalec).');
    await expectRefused('UADMIN', 'config currency EUX', '»EUX« ni znana koda valute', 'Primer: /pacer config currency EUR');
    await expectRefused('UADMIN', 'role <@UADMIN> rep', 'Sami sebi ne morete spremeniti vloge v »prodajalec«');
  });
});

describe('/pacer help', () => {
  it('lists the admin commands for anyone who asks', async () => {
    const help = await say('UALICE', 'help');
    expect(help).toContain('/pacer config [currency <ISO code> | locale <sl|en> | timezone <IANA zone> | holidays <country> [region] | holidays off');
    expect(help).toContain('Show or change the workspace currency, language, time zone, holiday calendar and channels (admins)');
    expect(help).toContain('Create teams, put reps in them, list them (admins)');
    expect(help).toContain('Make someone a rep, manager or admin (admins)');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Effect } from '../../src/bot/effects.ts';
import type { ConversationRef } from '../../src/bot/ports.ts';
import { channelFor, channelsOf } from '../../src/domain/channels/channel.repository.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestCore, person, replyMessage, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/** Olivia reads English whatever the workspace language; everyone else reads the workspace's. */
const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true, locale: 'en-US' }),
  person('UMIA', 'Mia'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
];
const WORKSPACE = { platform: 'slack', externalId: 'T1', name: 'Acme Sales' } as const;

let t: TestDatabase;
let tc: TestCore;
let effects: Effect[];
let delivery = 0;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** Runs `/pacer …` (optionally from a conversation) and returns the reply; no reply may show a raw key. */
async function pacer(userId: string, text: string, conversation?: Partial<ConversationRef>): Promise<string> {
  delivery += 1;
  const reply = await tc.core.handleCommand({
    workspace: WORKSPACE,
    userId,
    command: 'pacer',
    text,
    deliveryId: `d-${delivery}`,
    ...(conversation && { conversation: { platform: 'slack', workspaceExternalId: 'T1', conversationId: 'C0HERE', ...conversation } }),
  });
  const shown = fallbackText(replyMessage(reply));
  expect(shown).not.toMatch(/\b(?:pacer|common)\.[a-z_]+\.[a-z_.]+/);
  return shown;
}

const workspace = () => t.db.selectFrom('workspaces').selectAll().where('external_id', '=', 'T1').executeTakeFirstOrThrow();
const member = (externalId: string) => t.db.selectFrom('members').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();
const auditRows = () => t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
const lastAudit = async () => (await auditRows()).at(-1);
const channelRows = () =>
  t.db.selectFrom('channels').select(['purpose', 'team_id', 'conversation_id']).orderBy('purpose').orderBy('team_id', 'desc').orderBy('id').execute();

/** Everything these commands could write: a refused or no-op command must leave all of it as it was. */
async function snapshot() {
  const ws = await workspace();
  return {
    holidays: [ws.holiday_country, ws.holiday_region],
    away: await t.db.selectFrom('members').select(['external_id', 'away_until']).orderBy('id').execute(),
    channels: await channelRows(),
    audit: (await auditRows()).length,
    effects: effects.length,
  };
}

async function expectNoWrite(userId: string, text: string, ...expected: string[]): Promise<string> {
  const before = await snapshot();
  const reply = await pacer(userId, text);
  for (const part of expected) expect(reply).toContain(part);
  expect(await snapshot()).toEqual(before);
  return reply;
}

beforeEach(async () => {
  await truncateAll(t.db);
  effects = [];
  tc = createTestCore(t.db, PEOPLE, {
    workspace: WORKSPACE,
    effects: async (handed) => {
      effects.push(...handed);
    },
  });
  for (const id of ['UADMIN', 'UMIA', 'UALICE', 'UBOB']) await pacer(id, 'help');
  expect(await pacer('UADMIN', 'role <@UMIA> manager')).toContain('Mia is now a manager');
});

describe('/pacer ooo', () => {
  it('marks the caller out of office through a day, audited, and says when reminders resume', async () => {
    const reply = await pacer('UALICE', 'ooo until 2026-12-24');
    // English workspace, no calendar chosen: weekends only, so Friday the 25th is a working day.
    expect(reply).toBe("You're out of office through Thu, Dec 24. Reminders pause until then and resume on Fri, Dec 25.\nBack early? /pacer ooo off");
    expect((await member('UALICE')).away_until).toBe('2026-12-24');
    const alice = await member('UALICE');
    expect(await lastAudit()).toMatchObject({ action: 'member.ooo', subject: 'member:UALICE', actor_member_id: alice.id, details: { member: 'Alice', before: null, after: '2026-12-24' } });
  });

  it('skips the workspace’s public holidays and weekends when saying when reminders resume', async () => {
    await pacer('UADMIN', 'config holidays SI');
    expect(await pacer('UALICE', 'ooo until 24. 12. 2026')).toContain('resume on Mon, Dec 28.');
  });

  it('shows the current state, and a day already past as not away', async () => {
    expect(await pacer('UALICE', 'ooo')).toBe("You aren't marked out of office.\nExample: /pacer ooo until 2026-12-24");
    await pacer('UALICE', 'ooo until 24.12.2026');
    expect(await expectNoWrite('UALICE', 'ooo')).toBe("You're out of office through Thu, Dec 24. Reminders resume on Fri, Dec 25.\nBack early? /pacer ooo off");
    await t.db.updateTable('members').set({ away_until: '2026-11-17' }).where('external_id', '=', 'UALICE').execute();
    await expectNoWrite('UALICE', 'ooo', "You aren't marked out of office.");
    await expectNoWrite('UALICE', 'ooo off', "You aren't marked out of office.");
  });

  it('writes nothing when the day is already the one set', async () => {
    await pacer('UALICE', 'ooo until 2026-12-24');
    await expectNoWrite('UALICE', 'ooo 24. 12. 2026', "You're out of office through Thu, Dec 24.");
  });

  it('clears it with off or back, audited; clearing again writes nothing', async () => {
    await pacer('UALICE', 'ooo until 2026-12-24');
    expect(await pacer('UALICE', 'ooo back')).toBe("Welcome back: you're no longer out of office, and reminders resume.");
    expect((await member('UALICE')).away_until).toBeNull();
    expect((await lastAudit())?.details).toEqual({ member: 'Alice', before: '2026-12-24', after: null });
    await expectNoWrite('UALICE', 'ooo off', "You aren't marked out of office.");
  });

  it('lets a manager mark someone else, and clear it', async () => {
    expect(await pacer('UMIA', 'ooo <@UALICE> until 2026-12-31')).toBe(
      'Alice is out of office through Thu, Dec 31. Their reminders pause until then and resume on Fri, Jan 1.\nBack early? /pacer ooo @alice off',
    );
    expect((await member('UALICE')).away_until).toBe('2026-12-31');
    const mia = await member('UMIA');
    expect(await lastAudit()).toMatchObject({ action: 'member.ooo', subject: 'member:UALICE', actor_member_id: mia.id });
    expect(await pacer('UMIA', 'ooo @alice')).toContain('Alice is out of office through Thu, Dec 31.');
    expect(await pacer('UADMIN', 'ooo <@UALICE> off')).toBe('Alice is no longer out of office; their reminders resume.');
    expect((await member('UALICE')).away_until).toBeNull();
  });

  it('refuses a rep marking, clearing or looking up someone else, but not naming themselves', async () => {
    const refusal = 'Only managers and admins can mark someone else out of office. You can mark yourself.';
    await expectNoWrite('UBOB', 'ooo <@UALICE> until 2026-12-24', refusal, 'Example: /pacer ooo until 2026-12-24');
    await expectNoWrite('UBOB', 'ooo <@UALICE> off', refusal);
    await expectNoWrite('UBOB', 'ooo <@UALICE>', refusal);
    expect(await pacer('UBOB', 'ooo <@UBOB> until 2026-12-24')).toContain("You're out of office through Thu, Dec 24.");
  });

  it('accepts today, in the workspace’s zone, and refuses a day already past there', async () => {
    expect(await pacer('UALICE', 'ooo until 2026-11-18')).toContain('through Wed, Nov 18. Reminders pause until then and resume on Thu, Nov 19.');
    // 10:00 UTC on the 18th is already the 19th on Kiritimati (UTC+14).
    await pacer('UADMIN', 'config timezone Pacific/Kiritimati');
    await expectNoWrite('UBOB', 'ooo until 2026-11-18', 'Wed, Nov 18 has already passed (today is Thu, Nov 19).', 'Example: /pacer ooo until 2026-12-24');
  });

  it.each([
    ['ooo until 2026-11-17', 'Tue, Nov 17 has already passed (today is Wed, Nov 18).', '/pacer ooo until 2026-12-24'],
    ['ooo until 2027-11-19', "That's more than a year ahead: give a date up to Thu, Nov 18.", '/pacer ooo until 2026-12-24'],
    ['ooo until 2026-02-30', '“2026-02-30” isn\'t a date I can read. Write it as 2026-12-24 or 24. 12. 2026.', '/pacer ooo until 2026-12-24 · /pacer ooo until 24. 12. 2026'],
    ['ooo until', 'Until when? Give the last day away as a date.', '/pacer ooo until 2026-12-24'],
    ['ooo <@UNOBODY> until 2026-12-24', "I can't find UNOBODY in this workspace", '/pacer ooo @alice until 2026-12-24'],
  ])('refuses "/pacer %s", writing nothing', async (text, what, example) => {
    await expectNoWrite('UALICE', text, what, `Example: ${example}`);
  });

  it('accepts a day exactly a year ahead', async () => {
    expect(await pacer('UALICE', 'ooo until 2027-11-18')).toContain('through Thu, Nov 18.');
  });

  it('answers in Slovenian, formally', async () => {
    await pacer('UADMIN', 'config locale sl');
    expect(await pacer('UALICE', 'ooo do 24. 12. 2026')).toBe(
      'Odsotni ste do vključno čet., 24. dec., opomniki do takrat mirujejo. Znova se začnejo pon., 28. dec., prvi delovni dan po odsotnosti.\nSte se vrnili prej? /pacer ooo off',
    );
    // A date never ends a sentence: Slovenian short dates end in a period, except in May.
    expect(await pacer('UBOB', 'ooo do 2. 5. 2027')).toContain('Odsotni ste do vključno ned., 2. maj, opomniki do takrat mirujejo. Znova se začnejo pon., 3. maj, prvi');
    await expectNoWrite('UALICE', 'ooo until 2027-11-19', 'Navedete lahko datum najkasneje do čet., 18. nov., torej leto dni od danes.');
    await expectNoWrite('UBOB', 'ooo <@UALICE> off', 'Odsotnost drugih lahko označijo samo vodje in skrbniki.');
  });
});

describe('/pacer config channel', () => {
  it('sets the goals channel, audited, and replaces it', async () => {
    expect(await pacer('UADMIN', 'config channel goals <#C0SALES>')).toBe(
      "Goal updates now go to C0SALES.\nPacer must be a member of that channel to post there: add it if it isn't yet.",
    );
    const ws = await workspace();
    expect(await channelRows()).toEqual([{ purpose: 'goals', team_id: null, conversation_id: 'C0SALES' }]);
    const admin = await member('UADMIN');
    expect(await lastAudit()).toMatchObject({
      action: 'workspace.channel',
      subject: 'workspace:T1',
      actor_member_id: admin.id,
      details: { purpose: 'goals', team: null, before: null, after: 'C0SALES' },
    });

    expect(await pacer('UADMIN', 'config channel goals <#C0NEW|new-sales>')).toContain('Goal updates now go to C0NEW.\nBefore: C0SALES.');
    expect(await channelRows()).toEqual([{ purpose: 'goals', team_id: null, conversation_id: 'C0NEW' }]);
    expect((await lastAudit())?.details).toEqual({ purpose: 'goals', team: null, before: 'C0SALES', after: 'C0NEW' });
    expect(await channelFor(t.db, ws.id, 'goals', null)).toBe('C0NEW');

    await expectNoWrite('UADMIN', 'config channel goals <#C0NEW>', 'Goal updates already go to C0NEW.');
  });

  it('keeps each purpose apart, recognition included', async () => {
    await pacer('UADMIN', 'config channel goals <#C0SALES>');
    expect(await pacer('UADMIN', 'config channel managers <#C0LEADS>')).toContain('Posts for managers now go to C0LEADS.');
    expect(await pacer('UADMIN', 'config channel recognition <#C0WINS>')).toContain('Recognition posts now go to C0WINS.');
    expect(await channelRows()).toEqual([
      { purpose: 'goals', team_id: null, conversation_id: 'C0SALES' },
      { purpose: 'managers', team_id: null, conversation_id: 'C0LEADS' },
      { purpose: 'recognition', team_id: null, conversation_id: 'C0WINS' },
    ]);
  });

  it('gives a team its own channel, falling back to the workspace default for other teams and when removed', async () => {
    await pacer('UADMIN', 'team create East');
    await pacer('UADMIN', 'team create West');
    const ws = await workspace();
    const teams = await t.db.selectFrom('teams').select(['id', 'name']).orderBy('id').execute();
    const [east, west] = teams.map((team) => team.id) as [number, number];

    expect(await pacer('UADMIN', 'config channel goals <#C0EAST> team east')).toContain('Goal updates for team East now go to C0EAST.');
    // A team channel without a default: other teams have none.
    expect(await channelFor(t.db, ws.id, 'goals', east)).toBe('C0EAST');
    expect(await channelFor(t.db, ws.id, 'goals', west)).toBeUndefined();
    expect(await channelFor(t.db, ws.id, 'goals', null)).toBeUndefined();

    await pacer('UADMIN', 'config channel goals <#C0SALES>');
    expect(await channelFor(t.db, ws.id, 'goals', east)).toBe('C0EAST');
    expect(await channelFor(t.db, ws.id, 'goals', west)).toBe('C0SALES');
    expect(await channelFor(t.db, ws.id, 'goals', null)).toBe('C0SALES');
    expect(await channelFor(t.db, ws.id, 'managers', east)).toBeUndefined();
    expect(await channelsOf(t.db, ws.id, 'goals')).toEqual([
      { teamId: null, conversationId: 'C0SALES' },
      { teamId: east, conversationId: 'C0EAST' },
    ]);
    expect((await auditRows()).filter((a) => a.action === 'workspace.channel').map((a) => a.details)).toEqual([
      { purpose: 'goals', team: 'East', before: null, after: 'C0EAST' },
      { purpose: 'goals', team: null, before: null, after: 'C0SALES' },
    ]);

    expect(await pacer('UADMIN', 'config')).toContain('Goals channel: C0SALES · East: C0EAST');

    expect(await pacer('UADMIN', 'config channel goals off team East')).toBe(
      "Goal updates for team East no longer go to C0EAST.\nTeam East now uses the workspace's channel, C0SALES.",
    );
    expect(await channelFor(t.db, ws.id, 'goals', east)).toBe('C0SALES');
    expect((await lastAudit())?.details).toEqual({ purpose: 'goals', team: 'East', before: 'C0EAST', after: null });
  });

  it('removes the workspace default with off; off with nothing chosen writes nothing', async () => {
    await pacer('UADMIN', 'config channel goals <#C0SALES>');
    expect(await pacer('UADMIN', 'config channel goals off')).toBe(
      "Goal updates no longer go to C0SALES.\nUntil a channel is chosen they aren't posted anywhere. To choose one: /pacer config channel goals #sales",
    );
    const ws = await workspace();
    expect(await channelFor(t.db, ws.id, 'goals', null)).toBeUndefined();
    expect(await channelRows()).toEqual([]);
    await expectNoWrite('UADMIN', 'config channel goals off', 'Goal updates: no channel was chosen, so nothing changed.');
  });

  it('takes "here" as the conversation the command was typed in, and remembers that conversation', async () => {
    expect(await pacer('UADMIN', 'config channel goals here', { conversationId: 'C0HERE', kind: 'channel' })).toContain('Goal updates now go to C0HERE.');
    expect(await channelRows()).toEqual([{ purpose: 'goals', team_id: null, conversation_id: 'C0HERE' }]);
    const remembered = await t.db.selectFrom('conversations').select(['conversation_id', 'kind']).execute();
    expect(remembered).toEqual([{ conversation_id: 'C0HERE', kind: 'channel' }]);
  });

  it('refuses "here" when the platform did not say where, or in a direct chat', async () => {
    await expectNoWrite('UADMIN', 'config channel goals here', "I can't tell where “here” is: name the channel with # instead.", 'Example: /pacer config channel goals #sales');
    const before = await snapshot();
    const reply = await pacer('UADMIN', 'config channel goals here', { conversationId: 'D0DM', kind: 'direct' });
    expect(reply).toContain('This is a direct chat with Pacer, so posts here would reach only you.');
    expect(await snapshot()).toEqual(before);
    expect(await t.db.selectFrom('conversations').selectAll().execute()).toEqual([]);
  });

  it.each([
    ['config channel goals <#C0EAST> team Nowhere', "There's no team called Nowhere. Create it first.", '/pacer team create Nowhere'],
    ['config channel goals #sales', 'I can\'t tell which channel “#sales” is', '/pacer config channel goals here'],
    ['config channel goals', 'Which channel?', '/pacer config channel goals #sales · /pacer config channel goals here'],
    ['config channel digest <#C0SALES>', 'I don\'t know “digest” posts. Choose one of: goals, managers, recognition.', '/pacer config channel goals #sales'],
  ])('refuses "/pacer %s", writing nothing', async (text, what, example) => {
    await expectNoWrite('UADMIN', text, what, `Example: ${example}`);
  });

  it('is for admins only', async () => {
    await expectNoWrite('UMIA', 'config channel goals <#C0SALES>', 'Only admins can do that.');
    await expectNoWrite('UALICE', 'config channel goals here', 'Only admins can do that.');
  });
});

describe('/pacer config holidays', () => {
  it('sets a country, then a country and region, then off; each audited; shown in the settings', async () => {
    expect(await pacer('UADMIN', 'config')).toContain('Holiday calendar: weekends only');
    expect(await pacer('UADMIN', 'config holidays si')).toBe(
      'Holiday calendar changed: Slovenia (was weekends only).\nReminders and scheduled posts skip weekends and the public holidays of Slovenia.',
    );
    expect(await workspace()).toMatchObject({ holiday_country: 'SI', holiday_region: null });
    expect(await lastAudit()).toMatchObject({ action: 'workspace.config', subject: 'workspace:T1', details: { setting: 'holidays', before: 'default', after: 'SI' } });
    expect(await pacer('UADMIN', 'config')).toContain('Holiday calendar: Slovenia');

    expect(await pacer('UADMIN', 'config holidays US CA')).toContain('Holiday calendar changed: United States, California (was Slovenia).');
    expect(await workspace()).toMatchObject({ holiday_country: 'US', holiday_region: 'CA' });
    expect((await lastAudit())?.details).toEqual({ setting: 'holidays', before: 'SI', after: 'US-CA' });

    expect(await pacer('UADMIN', 'config holidays off')).toBe(
      'Holiday calendar changed: weekends only (was United States, California).\nReminders and scheduled posts skip weekends only.',
    );
    expect(await workspace()).toMatchObject({ holiday_country: '', holiday_region: null });
    expect((await lastAudit())?.details).toEqual({ setting: 'holidays', before: 'US-CA', after: 'off' });
    await expectNoWrite('UADMIN', 'config holidays off', 'The holiday calendar is already weekends only.');
    await expectNoWrite('UADMIN', 'config holidays none', 'The holiday calendar is already weekends only.');
  });

  it('shows the language’s default while none is chosen, and off stays off whatever the language', async () => {
    await pacer('UADMIN', 'config locale sl');
    // Olivia reads English; the workspace speaks Slovenian.
    expect(await pacer('UADMIN', 'config')).toContain('Holiday calendar: default: Slovenia (from the language)');
    expect(await pacer('UMIA', 'ooo until 2026-12-24')).toContain('pon., 28. dec.');
    await pacer('UADMIN', 'config holidays off');
    expect(await pacer('UADMIN', 'config')).toContain('Holiday calendar: weekends only');
    expect(await pacer('UMIA', 'ooo until 2026-12-23')).toContain('čet., 24. dec.');
    expect(await pacer('UADMIN', 'config holidays default')).toContain('Holiday calendar changed: default: Slovenia (from the language) (was weekends only).');
    expect(await workspace()).toMatchObject({ holiday_country: null, holiday_region: null });
  });

  it.each([
    ['config holidays XX', '“XX” isn\'t a country whose holidays I know.', '/pacer config holidays SI · /pacer config holidays US CA'],
    ['config holidays US ZZ', '“ZZ” isn\'t a region of US I know. Regions: ', '/pacer config holidays US AL'],
    ['config holidays', 'Which holiday calendar?', '/pacer config holidays SI'],
  ])('refuses "/pacer %s", writing nothing', async (text, what, example) => {
    await expectNoWrite('UADMIN', text, what, `Example: ${example}`);
  });

  it('is for admins only', async () => {
    await expectNoWrite('UMIA', 'config holidays SI', 'Only admins can do that.');
  });
});

describe('/pacer preview', () => {
  it('hands the preview to the job layer after commit, once per delivery', async () => {
    const admin = await member('UADMIN');
    const ws = await workspace();
    const once = await tc.command('UADMIN', 'pacer', 'preview goals', 'preview-1');
    expect(fallbackText(replyMessage(once))).toBe(
      "Sending you the goal update in a direct message.\nIt shows what the channel would get now; nothing is posted there.",
    );
    expect(effects).toEqual([{ kind: 'preview', post: 'goals', workspaceId: ws.id, memberId: admin.id }]);
    // A platform's retry of the same delivery is answered, not sent again.
    const again = await tc.command('UADMIN', 'pacer', 'preview goals', 'preview-1');
    expect(fallbackText(replyMessage(again))).toBe('Already done: that request arrived twice.');
    expect(effects).toHaveLength(1);
  });

  it('refuses managers and reps, and posts it does not know', async () => {
    await expectNoWrite('UMIA', 'preview goals', 'Only admins can do that.');
    await expectNoWrite('UALICE', 'preview goals', 'Only admins can do that.');
    await expectNoWrite('UADMIN', 'preview losers', 'I can\'t preview “losers”. Choose one of: goals, digest, what-works, winners.', 'Example: /pacer preview goals');
    await expectNoWrite('UADMIN', 'preview', 'Which post? Choose one of: goals, digest, what-works, winners.');
    expect(effects).toEqual([]);
  });
});

describe('/pacer help', () => {
  it('lists out of office and preview with their usage', async () => {
    const help = await pacer('UALICE', 'help');
    expect(help).toContain('/pacer ooo [@person] [until <date> | off]');
    expect(help).toContain('Mark yourself out of office until a date, so reminders pause; managers can mark someone else');
    expect(help).toContain('/pacer preview <goals|digest|what-works|winners>');
    expect(help).toContain('/coach <@rep> [note, at most 2000 characters]');
  });
});

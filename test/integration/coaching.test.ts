import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { coachingNotes, lastCoachedAt } from '../../src/domain/coaching/coaching.repository.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMIA', 'Mia'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
];

let t: TestDatabase;
let tc: TestCore;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const member = (externalId: string) => t.db.selectFrom('members').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();
const notes = () => t.db.selectFrom('coaching_notes').selectAll().orderBy('id').execute();
const auditRows = () => t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

/** Runs `/coach` and returns the reply text; no reply may show a raw message key. */
async function coach(userId: string, text: string): Promise<string> {
  const reply = await tc.say(userId, 'coach', text);
  expect(reply).not.toMatch(/\b(?:coaching|pacer|common)\.[a-z_]+\.[a-z_.]+/);
  return reply;
}

/** Asserts `/coach` is refused with the given text and writes no note and no audit entry. */
async function expectRefused(userId: string, text: string, ...expected: string[]): Promise<void> {
  const before = { notes: await notes(), audit: (await auditRows()).length };
  const reply = await coach(userId, text);
  for (const part of expected) expect(reply).toContain(part);
  expect({ notes: await notes(), audit: (await auditRows()).length }).toEqual(before);
}

beforeEach(async () => {
  await truncateAll(t.db);
  tc = createTestCore(t.db, PEOPLE, { workspace: { platform: 'slack', externalId: 'T1', name: 'Acme Sales' } });
  for (const id of ['UADMIN', 'UMIA', 'UALICE', 'UBOB']) await tc.say(id, 'pacer', 'help');
  expect(await tc.say('UADMIN', 'pacer', 'role <@UMIA> manager')).toContain('Mia is now a manager');
});

describe('/coach: logging a note', () => {
  it('saves a manager’s note on a rep, trimmed, audited without the note’s text', async () => {
    const reply = await coach('UMIA', '<@UALICE>   Role-played the pricing objection  ');
    expect(reply).toContain('Coaching note on Alice saved.');
    expect(reply).toContain('To see their notes: /coach @alice');
    const [alice, mia] = await Promise.all([member('UALICE'), member('UMIA')]);
    const [saved] = await notes();
    expect(saved).toMatchObject({ member_id: alice.id, coach_id: mia.id, note: 'Role-played the pricing objection', created_at: new Date('2026-11-18T10:00:00Z') });
    const entry = (await auditRows()).at(-1);
    expect(entry).toMatchObject({ action: 'coaching.note', subject: 'member:UALICE', actor_member_id: mia.id, details: { member: 'Alice', note: saved?.id, length: 33 } });
    expect(JSON.stringify(entry?.details)).not.toContain('pricing');
  });

  it('lets an admin coach too, and names a rep by a typed @name', async () => {
    expect(await coach('UADMIN', '@bob Walked through the discovery checklist')).toContain('Coaching note on Bob saved.');
    expect((await notes()).map((n) => n.note)).toEqual(['Walked through the discovery checklist']);
  });

  it('refuses coaching yourself', async () => {
    await expectRefused('UMIA', '<@UMIA> Practised my own pitch', "You can't log coaching on yourself. Ask your manager to log it.");
  });

  it('refuses a rep, for notes and for history alike', async () => {
    await coach('UMIA', '<@UALICE> Pricing objection');
    await expectRefused('UBOB', '<@UALICE> Sneaky note', 'Only managers can do that.');
    const history = await coach('UBOB', '<@UALICE>');
    expect(history).toBe('Only managers can do that.');
    expect(await coach('UALICE', '<@UALICE>')).toBe('Only managers can do that.');
  });

  it.each([
    ['', 'Name the rep with @, then what you coached.', '/coach @alice Role-played the pricing objection'],
    ['Role-played the pricing objection', 'Whose coaching is this? Start with the rep, named with @.', '/coach @alice Role-played the pricing objection'],
    ['Pricing practice with <@UALICE>', 'Name the rep first, then the note.', '/coach @alice Role-played the pricing objection'],
    [`<@UALICE> ${'x'.repeat(2001)}`, 'A coaching note can be at most 2000 characters long.', '/coach @alice Role-played the pricing objection'],
    ['<@UNOBODY> Pricing', "I can't find UNOBODY in this workspace", '/coach @alice Role-played the pricing objection'],
    ['@zed Pricing', "I can't find @zed in this workspace", '/coach @alice Role-played the pricing objection'],
  ])('refuses "/coach %s" with what was wrong and an example', async (text, what, example) => {
    await expectRefused('UMIA', text, what, `Example: ${example}`);
  });
});

describe('/coach: history', () => {
  it('says so when a rep has no notes yet', async () => {
    const reply = await coach('UMIA', '<@UALICE>');
    expect(reply).toContain('Coaching notes: Alice');
    expect(reply).toContain('No coaching notes on Alice yet.');
    expect(reply).toContain('Example: /coach @alice Role-played the pricing objection');
  });

  it('shows the newest notes first, with the day in the workspace’s zone and the coach', async () => {
    await tc.say('UADMIN', 'pacer', 'config timezone Pacific/Auckland');
    await coach('UMIA', '<@UALICE> First: discovery questions');
    // 2026-11-18T12:00Z is already Nov 19 in Auckland (UTC+13).
    tc.clock.set(new Date('2026-11-18T12:00:00Z'));
    await coach('UADMIN', '<@UALICE> Second: pricing objection');
    await coach('UMIA', '<@UBOB> Bob’s note stays with Bob');
    const reply = await coach('UMIA', '<@UALICE>');
    expect(reply).toBe(
      [
        'Coaching notes: Alice',
        'Thu, Nov 19 · Olivia',
        'Second: pricing objection',
        'Wed, Nov 18 · Mia',
        'First: discovery questions',
      ].join('\n'),
    );
  });

  it('shows ten notes and counts the earlier ones', async () => {
    for (let i = 1; i <= 13; i++) {
      tc.clock.advance(60_000);
      await coach('UMIA', `<@UALICE> Note ${i}`);
    }
    const reply = await coach('UMIA', '<@UALICE>');
    expect(reply).toContain('Note 13');
    expect(reply).toContain('Note 4');
    expect(reply).not.toContain('Note 3\n');
    expect(reply.indexOf('Note 13')).toBeLessThan(reply.indexOf('Note 4'));
    expect(reply).toMatch(/…and 3 earlier notes\.$/);
    // Showing the history writes nothing.
    expect((await auditRows()).filter((a) => a.action === 'coaching.note')).toHaveLength(13);
  });

  it('shows a coach who has left as a former member', async () => {
    await coach('UMIA', '<@UALICE> Pricing');
    await t.db.deleteFrom('members').where('external_id', '=', 'UMIA').execute();
    expect(await coach('UADMIN', '<@UALICE>')).toContain('Wed, Nov 18 · a former member');
  });

  it('answers in Slovenian, with Slovenian plural forms', async () => {
    await tc.say('UADMIN', 'pacer', 'config locale sl');
    for (let i = 1; i <= 12; i++) await coach('UMIA', `<@UALICE> Zapisek ${i}`);
    const reply = await coach('UMIA', '<@UALICE>');
    expect(reply).toContain('Zapiski o coachingu: Alice');
    expect(reply).toContain('sre., 18. nov. · Mia');
    expect(reply).toContain('…in še 2 starejša zapiska.');
    expect(await coach('UMIA', '<@UBOB> Dobro')).toContain('Zapisek o coachingu za osebo Bob je shranjen.');
    expect(await coach('UMIA', '<@UMIA> Jaz')).toContain('Coachinga sami sebi ne morete zabeležiti.');
  });
});

describe('coaching repository', () => {
  it('gives the latest notes and when a rep was last coached', async () => {
    const alice = await member('UALICE');
    expect(await lastCoachedAt(t.db, alice.id)).toBeUndefined();
    expect(await coachingNotes(t.db, alice.id, 5)).toEqual([]);
    await coach('UMIA', '<@UALICE> One');
    tc.clock.set(new Date('2026-11-20T09:30:00Z'));
    await coach('UADMIN', '<@UALICE> Two');
    await coach('UMIA', '<@UBOB> Not Alice');
    expect(await lastCoachedAt(t.db, alice.id)).toEqual(new Date('2026-11-20T09:30:00Z'));
    const latest = await coachingNotes(t.db, alice.id, 1);
    expect(latest.map((n) => [n.note, n.coach_name])).toEqual([['Two', 'Olivia']]);
    expect((await coachingNotes(t.db, alice.id, 10)).map((n) => n.note)).toEqual(['Two', 'One']);
  });
});

describe('/coach help', () => {
  it('is generated from the declaration', async () => {
    const help = await tc.say('UALICE', 'coach', 'help');
    expect(help).toContain('/coach <@rep> [note, at most 2000 characters]');
    expect(help).toContain('Log a coaching note on a rep, or see their notes (managers and admins)');
    expect(help).toContain('/coach @alice Role-played the pricing objection');
  });
});

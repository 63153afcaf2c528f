import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/bot/errors.ts';
import type { Result } from '../../src/bot/result.ts';
import { parseAdd, parseAssign, parseDone, parseUnassign, parseWeekday } from '../../src/domain/training/training.grammar.ts';
import { hasKey } from '../../src/i18n/i18n.ts';

const value = <T>(result: Result<T, Problem>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
};

const problemOf = <T>(result: Result<T, Problem>): Problem => {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
  return result.error;
};

/** A rejection names a message that exists in both languages and comes with an example of the command. */
function expectRejected<T>(result: Result<T, Problem>, key: string, examplePrefix: string): Problem {
  const p = problemOf(result);
  expect(p.key).toBe(key);
  expect(hasKey(p.key, 'en') && hasKey(p.key, 'sl'), p.key).toBe(true);
  expect(p.example ?? '').toMatch(new RegExp(`^${examplePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return p;
}

const alice = { kind: 'id', id: 'UALICE' } as const;
const NINE = 9 * 60;

describe('/training add', () => {
  it.each([
    ['"Negotiation 101" https://lms.example.com/neg101', 'Negotiation 101', 'https://lms.example.com/neg101'],
    ['“Negotiation 101” https://lms.example.com/neg101', 'Negotiation 101', 'https://lms.example.com/neg101'],
    ['„Pogajanja 101“ http://lms.example.si/p', 'Pogajanja 101', 'http://lms.example.si/p'],
    ['Onboarding https://lms.example.com/onb?x=1', 'Onboarding', 'https://lms.example.com/onb?x=1'],
    ['"  Cold   calling  "', 'Cold calling', undefined],
    ['Onboarding', 'Onboarding', undefined],
  ])('reads %s', (text, name, url) => {
    expect(value(parseAdd(text))).toEqual(url === undefined ? { name } : { name, url });
  });

  it('refuses what is not an http(s) link, and overlong names and links', () => {
    const ftp = expectRejected(parseAdd('"Negotiation 101" ftp://lms.example.com/x'), 'training.error.url_invalid', '/training add "Negotiation 101" https://');
    expect(ftp.params).toEqual({ url: 'ftp://lms.example.com/x' });
    expectRejected(parseAdd('"Negotiation 101" lms.example.com'), 'training.error.url_invalid', '/training add');
    expectRejected(parseAdd('"Negotiation 101" javascript:alert(1)'), 'training.error.url_invalid', '/training add');
    expectRejected(parseAdd(`"Negotiation 101" https://lms.example.com/${'x'.repeat(500)}`), 'training.error.url_too_long', '/training add');
    expectRejected(parseAdd(`"${'x'.repeat(101)}"`), 'training.error.name_too_long', '/training add');
    expect(value(parseAdd(`"${'x'.repeat(100)}"`)).name).toHaveLength(100);
    expectRejected(parseAdd('x'.repeat(1001)), 'training.error.too_long', '/training add');
  });

  it('asks for quotes around a name of several words, a closing quote, and a name at all', () => {
    const unquoted = expectRejected(parseAdd('Negotiation 101 https://lms.example.com/neg101'), 'training.error.name_unquoted', '/training add "Negotiation 101"');
    expect(unquoted.params).toEqual({ name: 'Negotiation 101' });
    expectRejected(parseAdd('"Negotiation 101 https://lms.example.com/neg101'), 'training.error.quote_unclosed', '/training add');
    expectRejected(parseAdd(''), 'training.error.name_missing', '/training add');
    expectRejected(parseAdd('""'), 'training.error.name_missing', '/training add');
    expectRejected(parseAdd('"Negotiation 101" https://a.example https://b.example'), 'training.error.unexpected', '/training add');
  });
});

describe('/training assign', () => {
  it.each([
    ['"Negotiation 101" <@UALICE> every monday 9:00', { cadence: 'weekly', everyWeeks: 1, weekday: 1 }, NINE],
    ['"Negotiation 101" <@UALICE> every Friday at 14:30', { cadence: 'weekly', everyWeeks: 1, weekday: 5 }, 14 * 60 + 30],
    ['"Negotiation 101" <@UALICE> every 2 weeks', { cadence: 'weekly', everyWeeks: 2, weekday: 1 }, NINE],
    ['"Negotiation 101" <@UALICE> every 3 weeks on thursday 9am', { cadence: 'weekly', everyWeeks: 3, weekday: 4 }, NINE],
    ['"Negotiation 101" <@UALICE> every other week wed 2:15pm', { cadence: 'weekly', everyWeeks: 2, weekday: 3 }, 14 * 60 + 15],
    ['"Negotiation 101" <@UALICE> every week on sunday 7 am', { cadence: 'weekly', everyWeeks: 1, weekday: 7 }, 7 * 60],
    ['"Negotiation 101" <@UALICE> weekly friday', { cadence: 'weekly', everyWeeks: 1, weekday: 5 }, NINE],
    ['"Negotiation 101" <@UALICE> every day 8:30', { cadence: 'daily' }, 8 * 60 + 30],
    ['"Negotiation 101" <@UALICE> every working day', { cadence: 'daily' }, NINE],
    ['"Negotiation 101" <@UALICE> daily at 12am', { cadence: 'daily' }, 0],
    ['"Negotiation 101" <@UALICE> every month', { cadence: 'monthly' }, NINE],
    ['"Negotiation 101" <@UALICE> monthly at 12pm', { cadence: 'monthly' }, 12 * 60],
    ['"Negotiation 101" <@UALICE> once by 2026-12-15', { cadence: 'once', dueOn: '2026-12-15' }, NINE],
    ['"Negotiation 101" <@UALICE> at 16:00 once by 15.12.2026', { cadence: 'once', dueOn: '2026-12-15' }, 16 * 60],
    ['"Negotiation 101" <@UALICE> by 1.2.2027 at 9', { cadence: 'once', dueOn: '2027-02-01' }, NINE],
  ])('reads %s', (text, schedule, minute) => {
    expect(value(parseAssign(text))).toEqual({ module: 'Negotiation 101', targets: { reps: [alice] }, schedule, minute });
  });

  it.each([
    ['ponedeljek', 1], ['torek', 2], ['sreda', 3], ['sredo', 3], ['četrtek', 4], ['cetrtek', 4], ['Četrtek', 4],
    ['petek', 5], ['sobota', 6], ['soboto', 6], ['nedelja', 7], ['nedeljo', 7],
    ['monday', 1], ['Tuesday', 2], ['wed', 3], ['thurs', 4], ['fri', 5], ['saturday', 6], ['sundays', 7],
  ])('knows the weekday %s', (word, weekday) => {
    expect(parseWeekday(word)).toBe(weekday);
    const parsed = value(parseAssign(`Onboarding <@UALICE> every ${word}`));
    expect(parsed.schedule).toEqual({ cadence: 'weekly', everyWeeks: 1, weekday });
  });

  it('reads Slovenian schedules too: vsak ponedeljek ob 9.00, vsaka 2 tedna v petek, vsak dan, vsak mesec, enkrat do', () => {
    expect(value(parseAssign('Onboarding <@UALICE> vsak ponedeljek ob 9.00'))).toMatchObject({ schedule: { cadence: 'weekly', everyWeeks: 1, weekday: 1 }, minute: NINE });
    expect(value(parseAssign('Onboarding <@UALICE> vsako sredo ob 8:15'))).toMatchObject({ schedule: { cadence: 'weekly', weekday: 3 }, minute: 8 * 60 + 15 });
    expect(value(parseAssign('Onboarding <@UALICE> vsaka 2 tedna v petek'))).toMatchObject({ schedule: { cadence: 'weekly', everyWeeks: 2, weekday: 5 } });
    expect(value(parseAssign('Onboarding <@UALICE> vsak delovni dan'))).toMatchObject({ schedule: { cadence: 'daily' } });
    expect(value(parseAssign('Onboarding <@UALICE> vsak mesec'))).toMatchObject({ schedule: { cadence: 'monthly' } });
    expect(value(parseAssign('Onboarding <@UALICE> enkrat do 15.12.2026'))).toMatchObject({ schedule: { cadence: 'once', dueOn: '2026-12-15' } });
    expect(value(parseAssign('Onboarding za ekipo Vzhod vsak torek'))).toMatchObject({ targets: { reps: [], team: 'Vzhod' }, schedule: { weekday: 2 } });
  });

  it('reads several reps, typed names, and teams (names of several words, quoted or not)', () => {
    expect(value(parseAssign('"Negotiation 101" <@UALICE> <@UBOB> every monday')).targets).toEqual({ reps: [alice, { kind: 'id', id: 'UBOB' }] });
    expect(value(parseAssign('"Negotiation 101" @alice to @bob every monday')).targets).toEqual({ reps: [{ kind: 'name', name: 'alice' }, { kind: 'name', name: 'bob' }] });
    expect(value(parseAssign('"Negotiation 101" to team East every 2 weeks'))).toEqual({
      module: 'Negotiation 101', targets: { reps: [], team: 'East' }, schedule: { cadence: 'weekly', everyWeeks: 2, weekday: 1 }, minute: NINE,
    });
    expect(value(parseAssign('"Negotiation 101" team East Coast 9:30 every day'))).toMatchObject({ targets: { reps: [], team: 'East Coast' }, minute: 9 * 60 + 30 });
    expect(value(parseAssign('"Negotiation 101" to team "Every Day Heroes" every day')).targets).toEqual({ reps: [], team: 'Every Day Heroes' });
    expect(value(parseAssign('"Negotiation 101" <@UALICE> to team East every day')).targets).toEqual({ reps: [alice], team: 'East' });
  });

  it.each([
    ['', 'training.error.name_missing', '/training assign "Negotiation 101" @alice every monday 9:00'],
    ['<@UALICE> every monday', 'training.error.name_missing', '/training assign "Negotiation 101"'],
    ['"Negotiation 101" every monday', 'training.error.targets_missing', '/training assign "Negotiation 101" @alice'],
    ['"Negotiation 101"', 'training.error.targets_missing', '/training assign'],
    ['Negotiation 101 <@UALICE> every monday', 'training.error.name_unquoted', '/training assign "Negotiation 101"'],
    ['"Negotiation 101" to team every monday', 'training.error.team_missing', '/training assign "Negotiation 101" to team East'],
    ['"Negotiation 101" <@UALICE>', 'training.error.schedule_missing', '/training assign'],
    ['"Negotiation 101" <@UALICE> at 9:00', 'training.error.schedule_missing', '/training assign'],
    ['"Negotiation 101" <@UALICE> every fortnight', 'training.error.cadence_unknown', '/training assign'],
    ['"Negotiation 101" <@UALICE> every 2 days', 'training.error.cadence_unknown', '/training assign'],
    ['"Negotiation 101" <@UALICE> every 0 weeks', 'training.error.weeks_invalid', '/training assign "Negotiation 101" to team East every 2 weeks'],
    ['"Negotiation 101" <@UALICE> every 53 weeks', 'training.error.weeks_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> every 2 weeks on funday', 'training.error.weekday_unknown', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday 25:00', 'training.error.time_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday 9:75', 'training.error.time_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday 13pm', 'training.error.time_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday at noon', 'training.error.time_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> once', 'training.error.once_date_missing', '/training assign "Negotiation 101" @alice once by '],
    ['"Negotiation 101" <@UALICE> once by 2026-02-30', 'training.error.date_invalid', '/training assign "Negotiation 101" @alice once by '],
    ['"Negotiation 101" <@UALICE> once by tomorrow', 'training.error.date_invalid', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday every friday', 'training.error.unexpected', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday 9:00 10:00', 'training.error.unexpected', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday please', 'training.error.unexpected', '/training assign'],
    ['"Negotiation 101" <@UALICE> every monday 9', 'training.error.unexpected', '/training assign'],
    // Words that name Object's prototype members are words like any other.
    ['"Negotiation 101" <@UALICE> every constructor', 'training.error.cadence_unknown', '/training assign'],
    ['"Negotiation 101" <@UALICE> constructor', 'training.error.unexpected', '/training assign'],
    ['"Negotiation 101" <@UALICE> every 2 weeks on __proto__', 'training.error.weekday_unknown', '/training assign'],
  ])('refuses "%s" (%s) with an example', (text, key, example) => {
    expectRejected(parseAssign(text), key, example);
  });
});

describe('/training unassign and done', () => {
  it('reads who to unassign', () => {
    expect(value(parseUnassign('"Negotiation 101" <@UALICE>'))).toEqual({ module: 'Negotiation 101', targets: { reps: [alice] } });
    expect(value(parseUnassign('"Negotiation 101" from team East'))).toEqual({ module: 'Negotiation 101', targets: { reps: [], team: 'East' } });
    expect(value(parseUnassign('Onboarding to team East Coast'))).toEqual({ module: 'Onboarding', targets: { reps: [], team: 'East Coast' } });
  });

  it('refuses an unassign without who, or with a schedule', () => {
    expectRejected(parseUnassign('"Negotiation 101"'), 'training.error.targets_missing', '/training unassign "Negotiation 101" @alice');
    expectRejected(parseUnassign('"Negotiation 101" <@UALICE> every monday'), 'training.error.unexpected', '/training unassign');
    const unquoted = expectRejected(parseUnassign('Negotiation 101 basics <@UALICE>'), 'training.error.name_unquoted', '/training unassign');
    expect(unquoted.params).toEqual({ name: 'Negotiation 101 basics' });
  });

  it('reads the module to mark done, quoted or one word, and nothing else', () => {
    expect(value(parseDone('"Negotiation 101"'))).toBe('Negotiation 101');
    expect(value(parseDone('“Negotiation 101”'))).toBe('Negotiation 101');
    expect(value(parseDone('Onboarding'))).toBe('Onboarding');
    expectRejected(parseDone(''), 'training.error.name_missing', '/training done "Negotiation 101"');
    expectRejected(parseDone('Negotiation 101'), 'training.error.name_unquoted', '/training done "Negotiation 101"');
    expectRejected(parseDone('"Negotiation 101" now'), 'training.error.unexpected', '/training done');
    expectRejected(parseDone('"Negotiation 101'), 'training.error.quote_unclosed', '/training done');
  });
});

import { describe, expect, it } from 'vitest';
import type { PeriodKind } from '../../src/domain/goals/goal.table.ts';
import { addDays } from '../../src/time/calendar.ts';
import { periodBounds } from '../../src/time/periods.ts';
import {
  isCurrent,
  isFuture,
  isoWeeksIn,
  parseSeason,
  previousSeason,
  readSeason,
  seasonCode,
  seasonLabel,
  seasonOf,
  type Season,
} from '../../src/time/seasons.ts';

// Wednesday 18 November 2026.
const TODAY = '2026-11-18';
const KINDS: PeriodKind[] = ['week', 'month', 'quarter', 'year'];
const s = (kind: PeriodKind, start: string, end: string): Season => ({ kind, start, end });

/** Every day from `start` (inclusive) to `end` (exclusive). */
function days(start: string, end: string): string[] {
  const out: string[] = [];
  for (let day = start; day < end; day = addDays(day, 1)) out.push(day);
  return out;
}

describe('parseSeason', () => {
  it.each([
    // The current period, in the words parsePeriod reads.
    ['week', s('week', '2026-11-16', '2026-11-23')],
    ['Month', s('month', '2026-11-01', '2026-12-01')],
    [' quarter ', s('quarter', '2026-10-01', '2027-01-01')],
    ['year', s('year', '2026-01-01', '2027-01-01')],
    ['teden', s('week', '2026-11-16', '2026-11-23')],
    ['mesec', s('month', '2026-11-01', '2026-12-01')],
    ['četrtletje', s('quarter', '2026-10-01', '2027-01-01')],
    ['leto', s('year', '2026-01-01', '2027-01-01')],
    // The one before.
    ['last week', s('week', '2026-11-09', '2026-11-16')],
    ['Last  Month', s('month', '2026-10-01', '2026-11-01')],
    ['last quarter', s('quarter', '2026-07-01', '2026-10-01')],
    ['last year', s('year', '2025-01-01', '2026-01-01')],
    ['previous month', s('month', '2026-10-01', '2026-11-01')],
    ['prejšnji mesec', s('month', '2026-10-01', '2026-11-01')],
    ['Prejšnje četrtletje', s('quarter', '2026-07-01', '2026-10-01')],
    ['prejšnje cetrtletje', s('quarter', '2026-07-01', '2026-10-01')],
    ['prejšnji teden', s('week', '2026-11-09', '2026-11-16')],
    ['prejšnje leto', s('year', '2025-01-01', '2026-01-01')],
    ['prejsnji mesec', s('month', '2026-10-01', '2026-11-01')],
    // Named seasons.
    ['2026-10', s('month', '2026-10-01', '2026-11-01')],
    ['2026-12', s('month', '2026-12-01', '2027-01-01')],
    ['2026-1', s('month', '2026-01-01', '2026-02-01')],
    ['2026-Q3', s('quarter', '2026-07-01', '2026-10-01')],
    ['2026-q3', s('quarter', '2026-07-01', '2026-10-01')],
    ['Q3 2026', s('quarter', '2026-07-01', '2026-10-01')],
    ['2026 Q4', s('quarter', '2026-10-01', '2027-01-01')],
    ['2026Q1', s('quarter', '2026-01-01', '2026-04-01')],
    ['2026', s('year', '2026-01-01', '2027-01-01')],
    ['2000', s('year', '2000-01-01', '2001-01-01')],
    ['2100', s('year', '2100-01-01', '2101-01-01')],
    ['2026-W48', s('week', '2026-11-23', '2026-11-30')],
    ['2026-w48', s('week', '2026-11-23', '2026-11-30')],
    // Week 1 of 2026 begins in 2025; 2026 has a week 53 that ends in 2027; 2027's week 1 begins 4 January.
    ['2026-W01', s('week', '2025-12-29', '2026-01-05')],
    ['2026-W1', s('week', '2025-12-29', '2026-01-05')],
    ['2026-W53', s('week', '2026-12-28', '2027-01-04')],
    ['2027-W01', s('week', '2027-01-04', '2027-01-11')],
    ['2020-W53', s('week', '2020-12-28', '2021-01-04')],
  ])('%j → %j', (text, season) => {
    expect(parseSeason(text, TODAY)).toEqual(season);
  });

  it.each([
    '',
    'decade',
    'last',
    'last decade',
    'next month',
    '2026-13',
    '2026-00',
    '2026-Q5',
    '2026-Q0',
    '2026-W54',
    '2026-W00',
    '2027-W53',
    '1999',
    '1999-10',
    '2101-Q1',
    '2026-10-01',
    'Q3',
    '20261',
    '26-10',
  ])('%j → undefined', (text) => {
    expect(parseSeason(text, TODAY)).toBeUndefined();
  });

  it('says what is wrong with a known shape, and how many weeks the year has', () => {
    expect(readSeason('2026-13')).toEqual({ ok: false, mistake: 'month' });
    expect(readSeason('2026-Q5')).toEqual({ ok: false, mistake: 'quarter' });
    expect(readSeason('2027-W53')).toEqual({ ok: false, mistake: 'week', year: 2027, weeks: 52 });
    expect(readSeason('2026-W54')).toEqual({ ok: false, mistake: 'week', year: 2026, weeks: 53 });
    expect(readSeason('1999-10')).toEqual({ ok: false, mistake: 'year' });
    expect(readSeason('2101')).toEqual({ ok: false, mistake: 'year' });
    expect(readSeason('fortnight')).toEqual({ ok: false, mistake: 'unknown' });
  });

  it('keeps period words relative until a day is known', () => {
    expect(readSeason('quarter')).toEqual({ ok: true, query: { kind: 'relative', period: 'quarter', back: 0 } });
    expect(readSeason('last week')).toEqual({ ok: true, query: { kind: 'relative', period: 'week', back: 1 } });
    // New Year's Day: last month is December, last week the one that spans the year end.
    expect(parseSeason('last month', '2027-01-01')).toEqual(s('month', '2026-12-01', '2027-01-01'));
    expect(parseSeason('last week', '2027-01-04')).toEqual(s('week', '2026-12-28', '2027-01-04'));
  });
});

describe('seasonOf', () => {
  it('agrees with periodBounds on every day of three years, for every kind', () => {
    for (const day of days('2025-12-01', '2028-02-01')) {
      for (const kind of KINDS) {
        const season = seasonOf(kind, day);
        expect({ start: season.start, end: season.end }, `${kind} of ${day}`).toEqual(periodBounds(kind, new Date(`${day}T12:00:00Z`), 'UTC'));
      }
    }
  });

  it('puts 1 January 2027 in week 53 of 2026', () => {
    expect(seasonOf('week', '2027-01-01')).toEqual(parseSeason('2026-W53', TODAY));
    expect(seasonCode(seasonOf('week', '2027-01-01'))).toBe('2026-W53');
  });

  it('counts ISO weeks per year', () => {
    expect([2015, 2020, 2021, 2026, 2027, 2032].map(isoWeeksIn)).toEqual([53, 53, 52, 53, 52, 53]);
  });
});

describe('previousSeason', () => {
  it.each([
    [s('week', '2026-01-05', '2026-01-12'), s('week', '2025-12-29', '2026-01-05')],
    [s('week', '2027-01-04', '2027-01-11'), s('week', '2026-12-28', '2027-01-04')],
    [s('month', '2026-01-01', '2026-02-01'), s('month', '2025-12-01', '2026-01-01')],
    [s('month', '2024-03-01', '2024-04-01'), s('month', '2024-02-01', '2024-03-01')],
    [s('quarter', '2026-01-01', '2026-04-01'), s('quarter', '2025-10-01', '2026-01-01')],
    [s('year', '2026-01-01', '2027-01-01'), s('year', '2025-01-01', '2026-01-01')],
  ])('%j → %j', (season, previous) => {
    expect(previousSeason(season)).toEqual(previous);
  });
});

describe('isCurrent and isFuture', () => {
  it('count the first day in and the end day out', () => {
    const november = s('month', '2026-11-01', '2026-12-01');
    expect([isCurrent(november, '2026-10-31'), isCurrent(november, '2026-11-01'), isCurrent(november, '2026-11-30'), isCurrent(november, '2026-12-01')]).toEqual([false, true, true, false]);
    expect([isFuture(november, '2026-10-31'), isFuture(november, '2026-11-01'), isFuture(november, '2026-12-01')]).toEqual([true, false, false]);
  });
});

describe('seasonCode', () => {
  it('is read back as the same season, for every kind, across year ends', () => {
    for (const day of days('2026-12-20', '2027-01-12')) {
      for (const kind of KINDS) {
        const season = seasonOf(kind, day);
        expect(parseSeason(seasonCode(season), TODAY), `${kind} of ${day}`).toEqual(season);
      }
    }
    expect(KINDS.map((kind) => seasonCode(seasonOf(kind, TODAY)))).toEqual(['2026-W47', '2026-11', '2026-Q4', '2026']);
  });
});

describe('seasonLabel', () => {
  it.each([
    ['2026-10', 'October 2026', 'oktober 2026'],
    ['2026-Q3', 'Q3 2026', '3. četrtletje 2026'],
    ['2026', '2026', '2026'],
    ['2026-W48', 'Week 48, 2026', '48. teden 2026'],
    // The ISO week-year names the week, not the calendar year of its Monday.
    ['2026-W01', 'Week 1, 2026', '1. teden 2026'],
  ])('%s → %j / %j', (code, en, sl) => {
    const season = parseSeason(code, TODAY);
    if (!season) throw new Error(`${code} did not parse`);
    expect(seasonLabel(season, 'en')).toBe(en);
    expect(seasonLabel(season, 'sl')).toBe(sl);
  });
});

import { describe, expect, it } from 'vitest';
import {
  isValidZone,
  nthWorkingDay,
  localDay,
  parsePeriod,
  periodBounds,
  workingDaysBetween,
  workingDaysElapsed,
  zonedDayStart,
} from '../../src/time/periods.ts';
import { publicHolidays } from '../../src/time/holidays.ts';

const LJ = 'Europe/Ljubljana';
const LA = 'America/Los_Angeles';
const at = (iso: string): Date => new Date(iso);

describe('periodBounds', () => {
  it('gives ISO weeks, Monday to the next Monday', () => {
    // Sunday 2026-03-29, the day Ljubljana moves to summer time.
    expect(periodBounds('week', at('2026-03-29T12:00:00Z'), LJ)).toEqual({ start: '2026-03-23', end: '2026-03-30' });
    expect(periodBounds('week', at('2026-03-30T00:30:00+02:00'), LJ)).toEqual({ start: '2026-03-30', end: '2026-04-06' });
  });

  it('follows the zone, not UTC, around midnight', () => {
    // 23:30 UTC on Sunday is already Monday in Ljubljana and still Sunday afternoon in Los Angeles.
    const instant = at('2026-03-29T23:30:00Z');
    expect(periodBounds('week', instant, LJ).start).toBe('2026-03-30');
    expect(periodBounds('week', instant, LA).start).toBe('2026-03-23');
  });

  it('crosses year ends in both zones', () => {
    // New Year in Ljubljana, still 31 December in Los Angeles.
    const instant = at('2026-12-31T23:30:00Z');
    expect(periodBounds('year', instant, LJ)).toEqual({ start: '2027-01-01', end: '2028-01-01' });
    expect(periodBounds('year', instant, LA)).toEqual({ start: '2026-01-01', end: '2027-01-01' });
    expect(periodBounds('month', instant, LA)).toEqual({ start: '2026-12-01', end: '2027-01-01' });
    expect(periodBounds('quarter', instant, LA)).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(periodBounds('quarter', instant, LJ)).toEqual({ start: '2027-01-01', end: '2027-04-01' });
    // ISO week 53 of 2026 runs from Monday 28 December into 2027.
    expect(periodBounds('week', instant, LA)).toEqual({ start: '2026-12-28', end: '2027-01-04' });
    // 1 January 2027 is a Friday: the week began in 2026.
    expect(periodBounds('week', instant, LJ)).toEqual({ start: '2026-12-28', end: '2027-01-04' });
  });

  it('covers months and quarters that contain a DST change', () => {
    // Los Angeles moves to summer time on 8 March 2026 and back on 1 November.
    expect(periodBounds('month', at('2026-03-08T10:00:00Z'), LA)).toEqual({ start: '2026-03-01', end: '2026-04-01' });
    expect(periodBounds('month', at('2026-11-01T09:30:00Z'), LA)).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(periodBounds('quarter', at('2026-10-25T01:30:00Z'), LJ)).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(periodBounds('quarter', at('2026-02-15T12:00:00Z'), LJ)).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(periodBounds('quarter', at('2026-05-10T12:00:00Z'), LJ)).toEqual({ start: '2026-04-01', end: '2026-07-01' });
    expect(periodBounds('quarter', at('2026-09-30T21:59:00Z'), LJ)).toEqual({ start: '2026-07-01', end: '2026-10-01' });
    expect(periodBounds('quarter', at('2026-09-30T22:00:00Z'), LJ)).toEqual({ start: '2026-10-01', end: '2027-01-01' });
  });

  it('refuses an unknown zone', () => {
    expect(() => periodBounds('month', at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('parsePeriod', () => {
  it.each([
    ['week', 'week'],
    ['Month', 'month'],
    [' quarter ', 'quarter'],
    ['year', 'year'],
    ['monthly', 'month'],
    ['teden', 'week'],
    ['mesec', 'month'],
    ['četrtletje', 'quarter'],
    ['Četrtletje', 'quarter'],
    ['cetrtletje', 'quarter'],
    ['kvartal', 'quarter'],
    ['leto', 'year'],
  ])('%j → %s', (text, kind) => {
    expect(parsePeriod(text)).toBe(kind);
  });

  it.each(['', 'day', 'fortnight', 'weeks', 'dan'])('%j → undefined', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-06-01', '2026-06-08', 5], // Monday to Monday
    ['2026-06-01', '2026-07-01', 22],
    ['2026-03-01', '2026-04-01', 22], // across a DST change
    ['2026-01-01', '2027-01-01', 261],
    ['2026-10-01', '2027-01-01', 66],
    ['2026-06-06', '2026-06-08', 0], // a weekend
    ['2026-06-05', '2026-06-06', 1], // a Friday
    ['2026-06-03', '2026-06-03', 0], // empty
    ['2026-06-08', '2026-06-01', 0], // reversed
    ['2026-12-28', '2027-01-04', 5], // across a year end
    ['2024-02-26', '2024-03-04', 5], // across a leap day
  ])('%s .. %s → %d', (start, end, days) => {
    expect(workingDaysBetween(start, end)).toBe(days);
  });

  it('matches counting day by day', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    for (let length = 0; length < 40; length++) {
      for (let offset = 0; offset < 7; offset++) {
        const from = new Date(start.getTime() + offset * 86_400_000);
        const to = new Date(from.getTime() + length * 86_400_000);
        let expected = 0;
        for (let d = from.getTime(); d < to.getTime(); d += 86_400_000) {
          const weekday = new Date(d).getUTCDay();
          if (weekday !== 0 && weekday !== 6) expected++;
        }
        const iso = (d: Date): string => d.toISOString().slice(0, 10);
        expect(workingDaysBetween(iso(from), iso(to))).toBe(expected);
      }
    }
  });
});

describe('workingDaysElapsed', () => {
  const june = ['2026-06-01', '2026-07-01'] as const;

  it('counts today as soon as it has begun in the zone', () => {
    // Wednesday 3 June, 00:05 in Ljubljana (22:05 UTC on Tuesday).
    expect(workingDaysElapsed(...june, at('2026-06-02T22:05:00Z'), LJ)).toBe(3);
    // The same instant is still Tuesday afternoon in Los Angeles.
    expect(workingDaysElapsed(...june, at('2026-06-02T22:05:00Z'), LA)).toBe(2);
  });

  it('is 0 before the period and the whole period after it', () => {
    expect(workingDaysElapsed(...june, at('2026-05-31T12:00:00Z'), LJ)).toBe(0);
    expect(workingDaysElapsed(...june, at('2026-06-30T08:00:00Z'), LJ)).toBe(22);
    expect(workingDaysElapsed(...june, at('2026-08-15T12:00:00Z'), LJ)).toBe(22);
  });

  it('does not count a weekend day as working', () => {
    // Saturday 6 June: Monday to Friday have elapsed.
    expect(workingDaysElapsed(...june, at('2026-06-06T12:00:00Z'), LJ)).toBe(5);
    expect(workingDaysElapsed(...june, at('2026-06-07T12:00:00Z'), LJ)).toBe(5);
  });
});

describe('zonedDayStart', () => {
  it('is local midnight, on either side of DST changes', () => {
    expect(zonedDayStart('2026-03-29', LJ).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedDayStart('2026-03-30', LJ).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(zonedDayStart('2026-11-01', LA).toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(zonedDayStart('2026-11-02', LA).toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(zonedDayStart('2027-01-01', LA).toISOString()).toBe('2027-01-01T08:00:00.000Z');
  });

  it('refuses a bad day or zone', () => {
    expect(() => zonedDayStart('2026-02-30', LJ)).toThrow(RangeError);
    expect(() => zonedDayStart('2026-02-01', 'Nowhere/Special')).toThrow(RangeError);
  });
});

describe('isValidZone', () => {
  it('knows IANA zones', () => {
    expect(isValidZone(LJ)).toBe(true);
    expect(isValidZone(LA)).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });
});

describe('localDay', () => {
  it('gives the calendar day an instant falls on in a zone', () => {
    expect(localDay(new Date('2026-11-30T23:30:00Z'), 'Europe/Ljubljana')).toBe('2026-12-01');
    expect(localDay(new Date('2026-11-30T23:30:00Z'), 'UTC')).toBe('2026-11-30');
    expect(localDay(new Date('2026-01-01T05:00:00Z'), 'America/Los_Angeles')).toBe('2025-12-31');
  });
});

describe('nthWorkingDay', () => {
  it('counts working days from the start, skipping weekends', () => {
    expect(nthWorkingDay('2026-06-01', 1)).toBe('2026-06-01');
    expect(nthWorkingDay('2026-06-01', 6)).toBe('2026-06-08');
    expect(nthWorkingDay('2026-11-01', 1)).toBe('2026-11-02'); // a Sunday start
    expect(nthWorkingDay('2026-11-01', 21)).toBe('2026-11-30');
  });
});

describe('working days with public holidays', () => {
  const slovenia = (year: number): ReadonlySet<string> => publicHolidays('SI', null, year);

  it('does not count a weekday holiday, and a weekend one changes nothing', () => {
    // June 2026: 22 weekdays, 25 June (Statehood Day) is a Thursday.
    expect(workingDaysBetween('2026-06-01', '2026-07-01', slovenia)).toBe(21);
    // August 2026: 15 August (Assumption) is a Saturday.
    expect(workingDaysBetween('2026-08-01', '2026-09-01', slovenia)).toBe(workingDaysBetween('2026-08-01', '2026-09-01'));
    // Across a year boundary: 25, 26 Dec (Fri, Sat) and 1, 2 Jan 2027 (Fri, Sat) — two weekdays off.
    expect(workingDaysBetween('2026-12-21', '2027-01-08', slovenia)).toBe(workingDaysBetween('2026-12-21', '2027-01-08') - 2);
  });

  it('skips holidays when projecting the n-th working day, and when counting what has elapsed', () => {
    // 22, 23, 24 June, then 25 is a holiday: the 4th working day from Monday 22 is Friday 26.
    expect(nthWorkingDay('2026-06-22', 4, slovenia)).toBe('2026-06-26');
    expect(nthWorkingDay('2026-06-22', 4)).toBe('2026-06-25');
    // Friday 26 June 2026, 09:00 in Ljubljana: 19 of June's 21 working days have elapsed (the 25th is not one).
    expect(workingDaysElapsed('2026-06-01', '2026-07-01', new Date('2026-06-26T07:00:00Z'), 'Europe/Ljubljana', slovenia)).toBe(19);
  });
});

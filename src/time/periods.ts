import { DateTime, IANAZone } from 'luxon';
import type { PeriodKind } from '../domain/goals/goal.table.ts';

/** A period as calendar days in a zone: `start` inclusive, `end` exclusive, both ISO dates. */
export interface PeriodBounds {
  start: string;
  end: string;
}

const zoneValidity = new Map<string, boolean>();

/**
 * Whether luxon (and so Intl) knows a time zone: `Europe/Ljubljana` yes, `Mars/Olympus` no. Asking
 * builds an `Intl.DateTimeFormat` (~70 µs), and every reminder asks for its rep's zone, so answers are
 * kept (the zones in use are a few dozen).
 */
export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1_000) zoneValidity.set(zone, valid);
  }
  return valid;
}

function inZone(at: Date, zone: string): DateTime<true> {
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) throw new RangeError(`Invalid time zone or instant: ${zone}, ${String(at)}`);
  return local;
}

function isoDay(day: DateTime): string {
  const iso = day.toISODate();
  if (iso === null) throw new RangeError(`Invalid day: ${day.invalidReason ?? 'unknown'}`);
  return iso;
}

/**
 * The period of a kind that contains an instant, as seen in a zone. Weeks are ISO weeks (Monday to
 * Sunday, whatever the locale), quarters start in January, April, July and October.
 *
 *   periodBounds('quarter', new Date('2026-05-10T12:00Z'), 'Europe/Ljubljana')
 *     → { start: '2026-04-01', end: '2026-07-01' }
 */
export function periodBounds(kind: PeriodKind, at: Date, zone: string): PeriodBounds {
  // luxon's startOf('week') is the ISO week unless asked for locale weeks, which we never do.
  const start = inZone(at, zone).startOf(kind);
  const end = start.plus({ [kind]: 1 });
  return { start: isoDay(start), end: isoDay(end) };
}

const PERIOD_WORDS: Record<string, PeriodKind> = {
  week: 'week',
  weekly: 'week',
  month: 'month',
  monthly: 'month',
  quarter: 'quarter',
  quarterly: 'quarter',
  year: 'year',
  yearly: 'year',
  teden: 'week',
  mesec: 'month',
  četrtletje: 'quarter',
  // Typed without the caron as often as with it.
  cetrtletje: 'quarter',
  kvartal: 'quarter',
  leto: 'year',
};

/** Reads a period word in English or Slovenian (`month`, `četrtletje`), any case; undefined otherwise. */
export function parsePeriod(text: string): PeriodKind | undefined {
  return PERIOD_WORDS[text.trim().toLowerCase()];
}

const DAY_MS = 86_400_000;

/** Milliseconds at UTC midnight of an ISO day: calendar arithmetic without a zone or a library. */
function utcMs(iso: string): number {
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(ms)) throw new RangeError(`Invalid ISO date: ${iso}`);
  return ms;
}

const toIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** One formatter per zone, reused: it turns an instant into that zone's calendar day. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day (ISO) an instant falls on in a zone. On every command's path, so it uses a cached
 * Intl formatter (`en-CA` writes YYYY-MM-DD) rather than building a luxon DateTime each time.
 *
 *   localDay(new Date('2026-11-30T23:30:00Z'), 'Europe/Ljubljana') === '2026-12-01'
 */
export function localDay(at: Date, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(zone, format);
  }
  return format.format(at);
}

/**
 * A workspace's public holidays, by year (`src/time/holidays.ts`), or none. Holidays on a weekend
 * change nothing; those on a weekday are not working days.
 */
export type Holidays = (year: number) => ReadonlySet<string>;

/**
 * Monday-to-Friday days in [startIso, endIso), less the public holidays among them. Calendar days
 * carry no zone, so they are counted in UTC where every day has 24 hours.
 *
 *   workingDaysBetween('2026-06-01', '2026-07-01') === 22
 *   workingDaysBetween('2026-06-01', '2026-07-01', slovenia) === 21   // 25 June, Statehood Day
 */
export function workingDaysBetween(startIso: string, endIso: string, holidays?: Holidays): number {
  const start = utcMs(startIso);
  const days = Math.round((utcMs(endIso) - start) / DAY_MS);
  if (days <= 0) return 0;
  let count = Math.floor(days / 7) * 5;
  // The days past the last full week: at most six, so a loop is simplest. getUTCDay: 0 is Sunday.
  const firstWeekday = new Date(start).getUTCDay();
  for (let i = 0; i < days % 7; i++) {
    const weekday = (firstWeekday + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return holidays ? count - weekdayHolidaysIn(startIso, endIso, holidays) : count;
}

/** Public holidays in [startIso, endIso) that fall on a weekday. */
function weekdayHolidaysIn(startIso: string, endIso: string, holidays: Holidays): number {
  let count = 0;
  for (let year = Number(startIso.slice(0, 4)); year <= Number(endIso.slice(0, 4)); year++) {
    for (const day of holidays(year)) {
      const weekday = new Date(utcMs(day)).getUTCDay();
      if (day >= startIso && day < endIso && weekday !== 0 && weekday !== 6) count++;
    }
  }
  return count;
}

/**
 * The n-th working day (1-based) counting from `startIso`: the date a pace projection lands on.
 *
 *   nthWorkingDay('2026-06-01', 6) === '2026-06-08'   // Mon 1 … Fri 5, then Mon 8
 */
export function nthWorkingDay(startIso: string, n: number, holidays?: Holidays): string {
  let day = utcMs(startIso) - DAY_MS;
  for (let counted = 0; counted < n; ) {
    day += DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const iso = toIso(day);
    if (!holidays?.(Number(iso.slice(0, 4))).has(iso)) counted++;
  }
  return toIso(day);
}

/**
 * Working days of [start, end) that have elapsed at an instant, in a zone. Today counts as elapsed as
 * soon as it has begun: pace then expects today's share of the goal, so "behind" is a nudge to close
 * something today rather than news that arrives tomorrow, and the last working day of a period reads
 * as the whole period elapsed.
 *
 *   // Wednesday 2026-06-03 09:00 in Ljubljana, June: Mon, Tue and Wed have elapsed
 *   workingDaysElapsed('2026-06-01', '2026-07-01', at, 'Europe/Ljubljana') === 3
 */
export function workingDaysElapsed(start: string, end: string, at: Date, zone: string, holidays?: Holidays): number {
  const tomorrow = toIso(utcMs(localDay(at, zone)) + DAY_MS);
  const until = tomorrow < end ? tomorrow : end;
  return workingDaysBetween(start, until, holidays);
}

/**
 * The instant a calendar day begins in a zone (local midnight), for SQL bounds on timestamps.
 *
 *   zonedDayStart('2026-03-29', 'Europe/Ljubljana').toISOString() === '2026-03-28T23:00:00.000Z'
 */
export function zonedDayStart(iso: string, zone: string): Date {
  const day = DateTime.fromISO(iso, { zone });
  if (!day.isValid) throw new RangeError(`Invalid day or zone: ${iso}, ${zone}`);
  return day.startOf('day').toJSDate();
}

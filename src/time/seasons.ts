import type { PeriodKind } from '../domain/goals/goal.table.ts';
import { translator } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/locale.ts';
import { addDays, isoWeekOf, mondayOf } from './calendar.ts';
import { parsePeriod } from './periods.ts';

/**
 * A season: one whole period of a kind (the week of 23 November, October 2026, Q3 2026, 2026) as
 * calendar days, `start` inclusive and `end` exclusive. Seasons are plain calendar arithmetic with no
 * zone: the zone only decides which day is "today" (see `localDay`).
 */
export interface Season {
  kind: PeriodKind;
  start: string;
  end: string;
}

/** Years a season may be named in; outside them a typo (`206-10`, `3026`) is likelier than a wish. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/**
 * A season as typed, read without a clock: `last month` only means something once we know today, so
 * it stays relative until `resolveSeason` (a command's `parse` is pure; its `run` knows the time).
 */
export type SeasonQuery = { kind: 'relative'; period: PeriodKind; back: 0 | 1 } | { kind: 'absolute'; season: Season };

/** Why a text is not a season: a known shape with a value out of range, or no known shape at all. */
export type SeasonMistake =
  | { mistake: 'month' | 'quarter' | 'year' | 'unknown' }
  /** `2027-W53`: the year and how many ISO weeks it has (52 or 53), to say so. */
  | { mistake: 'week'; year: number; weeks: number };

const pad = (n: number): string => String(n).padStart(2, '0');

/** First day of a month; months past 12 or below 1 roll into the next or previous years. */
function monthStart(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${pad(m)}-01`;
}

/** The season of a kind that contains a day. */
export function seasonOf(kind: PeriodKind, day: string): Season {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (kind) {
    case 'week': {
      const start = mondayOf(day);
      return { kind, start, end: addDays(start, 7) };
    }
    case 'month':
      return { kind, start: monthStart(year, month), end: monthStart(year, month + 1) };
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return { kind, start: monthStart(year, first), end: monthStart(year, first + 3) };
    }
    case 'year':
      return { kind, start: `${year}-01-01`, end: `${year + 1}-01-01` };
  }
}

/** The season just before: the one containing the day before this one starts. */
export const previousSeason = (s: Season): Season => seasonOf(s.kind, addDays(s.start, -1));

export const isCurrent = (s: Season, today: string): boolean => s.start <= today && today < s.end;

export const isFuture = (s: Season, today: string): boolean => today < s.start;

/** ISO weeks in an ISO week-year: 28 December is always in the year's last week. */
export const isoWeeksIn = (year: number): number => Number(isoWeekOf(`${year}-12-28`).slice(6));

/** 1 to 4: the quarter a season starts in. */
const quarterOf = (s: Season): number => (Number(s.start.slice(5, 7)) + 2) / 3;

/** `2026-10`, `2026-Q3`, `2026-W48`, `2026`: how to type a season, the inverse of `readSeason`. */
export function seasonCode(s: Season): string {
  const year = s.start.slice(0, 4);
  switch (s.kind) {
    case 'week':
      return isoWeekOf(s.start);
    case 'month':
      return s.start.slice(0, 7);
    case 'quarter':
      return `${year}-Q${quarterOf(s)}`;
    case 'year':
      return year;
  }
}

/** `last`, and Slovenian `prejšnji`/`prejšnje`/`prejšnja`, also typed without the caron. */
const LAST = /^(?:last|previous|prej[šs]nj[iea]) (\S+)$/;

/** The absolute forms, each naming its year and its number within the year (none for a year). */
const FORMS: readonly [PeriodKind, RegExp][] = [
  ['month', /^(?<year>\d{4})-(?<n>\d{1,2})$/],
  ['quarter', /^(?<year>\d{4})[- ]?q(?<n>\d+)$/],
  ['quarter', /^q(?<n>\d+)[- ]?(?<year>\d{4})$/],
  ['week', /^(?<year>\d{4})[- ]?w(?<n>\d+)$/],
  ['year', /^(?<year>\d{4})$/],
];

export type ReadSeason = { ok: true; query: SeasonQuery } | ({ ok: false } & SeasonMistake);

const relative = (period: PeriodKind, back: 0 | 1): ReadSeason => ({ ok: true, query: { kind: 'relative', period, back } });
const absolute = (season: Season): ReadSeason => ({ ok: true, query: { kind: 'absolute', season } });
const wrong = (mistake: 'month' | 'quarter' | 'year' | 'unknown'): ReadSeason => ({ ok: false, mistake });

/**
 * Reads a season in any case: a period word (`month`, `četrtletje`: the current one), `last month`
 * (`prejšnji mesec`), `2026-10`, `2026-Q3` / `Q3 2026`, `2026-W48` (ISO week) or `2026`.
 */
export function readSeason(text: string): ReadSeason {
  const input = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const current = parsePeriod(input);
  if (current) return relative(current, 0);
  const last = LAST.exec(input)?.[1];
  if (last !== undefined) {
    const period = parsePeriod(last);
    return period ? relative(period, 1) : wrong('unknown');
  }
  for (const [kind, form] of FORMS) {
    const groups = form.exec(input)?.groups;
    if (groups) return absoluteSeason(kind, Number(groups['year']), Number(groups['n'] ?? 1));
  }
  return wrong('unknown');
}

/** The n-th season of a kind in a year (the 10th month, the 3rd quarter, ISO week 48), if it exists. */
function absoluteSeason(kind: PeriodKind, year: number, n: number): ReadSeason {
  if (year < FIRST_YEAR || year > LAST_YEAR) return wrong('year');
  switch (kind) {
    case 'month':
      return n >= 1 && n <= 12 ? absolute(seasonOf(kind, monthStart(year, n))) : wrong('month');
    case 'quarter':
      return n >= 1 && n <= 4 ? absolute(seasonOf(kind, monthStart(year, n * 3 - 2))) : wrong('quarter');
    case 'week': {
      const weeks = isoWeeksIn(year);
      if (n < 1 || n > weeks) return { ok: false, mistake: 'week', year, weeks };
      // Week 1 is the one with 4 January in it (ISO 8601), so it may begin in late December.
      return absolute(seasonOf(kind, addDays(mondayOf(`${year}-01-04`), 7 * (n - 1))));
    }
    case 'year':
      return absolute(seasonOf(kind, `${year}-01-01`));
  }
}

/** The season a query means on a day (the requester's today, in the workspace zone). */
export function resolveSeason(query: SeasonQuery, today: string): Season {
  if (query.kind === 'absolute') return query.season;
  const current = seasonOf(query.period, today);
  return query.back === 1 ? previousSeason(current) : current;
}

/** A season typed in any accepted form, as of a day; undefined when the text is not one. */
export function parseSeason(text: string, today: string): Season | undefined {
  const read = readSeason(text);
  return read.ok ? resolveSeason(read.query, today) : undefined;
}

/** One month-name formatter per locale; a Pacer locale code is also an Intl one (`sl` → `oktober`). */
const monthFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A season's name: `October 2026` / `oktober 2026`, `Q3 2026` / `3. četrtletje 2026`, `Week 48, 2026`, `2026`. */
export function seasonLabel(s: Season, locale: Locale): string {
  const year = Number(s.start.slice(0, 4));
  switch (s.kind) {
    case 'month': {
      let format = monthFormats.get(locale);
      if (!format) {
        // UTC: the day string is read as UTC midnight, and must not slip into the previous month.
        format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
        monthFormats.set(locale, format);
      }
      return format.format(Date.parse(s.start));
    }
    case 'quarter':
      return translator(locale)('time.label.quarter', { quarter: quarterOf(s), year });
    case 'week': {
      // The ISO week-year, not the calendar year of its Monday: 2025-12-29 begins week 1 of 2026.
      const [weekYear = '', week = ''] = isoWeekOf(s.start).split('-W');
      return translator(locale)('time.label.week', { week: Number(week), year: weekYear });
    }
    case 'year':
      return String(year);
  }
}

import { publicHolidays } from './holidays.ts';

/** Which local days a person works: not a weekend, not a public holiday, not out of office. */
export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
}

export interface CalendarOptions {
  /** ISO 3166 country of the holiday calendar; none: weekends only. */
  holidayCountry?: string | null;
  holidayRegion?: string | null;
  /** Out of office through this day (inclusive). */
  awayUntil?: string | null;
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The local day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the ISO week a local day is in. */
export const mondayOf = (day: string): string => addDays(day, 1 - isoWeekday(day));

/** `2026-W49`: the ISO week (and its year) of a local day, the period of a weekly post. */
export function isoWeekOf(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.ceil(((Date.parse(thursday) - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * A person's working days.
 * @example
 * workCalendar({ holidayCountry: 'SI', awayUntil: '2026-12-24' }).isWorkingDay('2026-12-25') // false: Christmas
 */
export function workCalendar(options: CalendarOptions = {}): WorkCalendar {
  const { holidayCountry, holidayRegion, awayUntil } = options;
  return {
    isWorkingDay(day) {
      if (isoWeekday(day) > 5) return false;
      if (awayUntil && day <= awayUntil) return false;
      return !holidayCountry || !publicHolidays(holidayCountry, holidayRegion, Number(day.slice(0, 4))).has(day);
    },
  };
}

/** The first working day on or after `day`, looking at most `limit` days ahead. */
export function nextWorkingDay(calendar: WorkCalendar, day: string, limit = 366): string | undefined {
  for (let i = 0; i <= limit; i++) {
    const candidate = addDays(day, i);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  return undefined;
}

/** The last working day on or before `day`, looking at most `limit` days back. */
export function previousWorkingDay(calendar: WorkCalendar, day: string, limit = 366): string | undefined {
  for (let i = 0; i <= limit; i++) {
    const candidate = addDays(day, -i);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  return undefined;
}

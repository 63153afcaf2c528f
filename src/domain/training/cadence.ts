import { addDays, isoWeekday, mondayOf, nextWorkingDay, previousWorkingDay, type WorkCalendar } from '../../time/calendar.ts';
import type { Cadence } from './training.table.ts';

/**
 * When an assignment reminds, as pure calendar rules over local days (the rep's zone).
 *
 * - `daily`: every working day.
 * - `weekly`: on `weekday`, every `everyWeeks` weeks counted from the week of `startsOn`.
 * - `monthly`: on the 1st.
 * - `once`: on the first working day from `startsOn`, and again on the last working day on or
 *   before `dueOn` (unless that is the same day).
 *
 * A weekly or monthly day that is not a working day (weekend, holiday, out of office) moves to the
 * next working day, as long as that comes before the following occurrence: the rep is reminded late,
 * not never. Daily reminders simply skip such days. Each occurrence starts a cycle that lasts until
 * the next one; completing the module completes the current cycle.
 */
export interface Schedule {
  cadence: Cadence;
  everyWeeks?: number | null;
  weekday?: number | null;
  dueOn?: string | null;
  /** Minutes after local midnight. */
  minute: number;
  startsOn: string;
}

/** The cron pattern the job scheduler runs on, in the rep's zone. Daily for `once` (its days are chosen when it fires). */
export function cronPattern(s: Schedule): string {
  const time = `${s.minute % 60} ${Math.floor(s.minute / 60)}`;
  if (s.cadence === 'weekly') return `${time} * * ${(s.weekday ?? 1) % 7}`;
  if (s.cadence === 'monthly') return `${time} 1 * *`;
  return `${time} * * *`;
}


/** Is `day` one of the cadence's nominal days (before moving off non-working days)? */
export function isNominalDay(s: Schedule, day: string): boolean {
  if (day < s.startsOn) return false;
  switch (s.cadence) {
    case 'daily':
    case 'once':
      return true;
    case 'monthly':
      return day.endsWith('-01');
    case 'weekly': {
      if (isoWeekday(day) !== (s.weekday ?? 1)) return false;
      const weeks = Math.round((Date.parse(mondayOf(day)) - Date.parse(mondayOf(s.startsOn))) / (7 * 86_400_000));
      return weeks % (s.everyWeeks ?? 1) === 0;
    }
  }
}

/** The nominal day after `day` (exclusive), if the cadence has one. */
export function nextNominalDay(s: Schedule, day: string): string | undefined {
  if (s.cadence === 'once') return undefined;
  const from = day < s.startsOn ? addDays(s.startsOn, -1) : day;
  if (s.cadence === 'monthly') {
    const [year, month] = from.split('-').map(Number) as [number, number];
    const next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
    return next;
  }
  const step = s.cadence === 'weekly' ? 7 * (s.everyWeeks ?? 1) : 1;
  for (let i = 1; i <= step + 7; i++) {
    const candidate = addDays(from, i);
    if (isNominalDay(s, candidate)) return candidate;
  }
  return undefined;
}

/** The latest nominal day on or before `day`: the start of the cycle `day` is in (`startsOn` before the first, and always for `once`). */
export function cycleStart(s: Schedule, day: string): string {
  if (s.cadence === 'once' || day <= s.startsOn) return s.startsOn;
  const latest = latestNominalDay(s, day);
  return latest !== undefined && latest >= s.startsOn ? latest : s.startsOn;
}

/**
 * The latest nominal day on or before `day`, computed rather than walked to: the digest asks this for
 * every assignment of every rep, and walking from an assignment's start grew with its age.
 */
function latestNominalDay(s: Schedule, day: string): string | undefined {
  if (s.cadence === 'daily') return day;
  if (s.cadence === 'monthly') return `${day.slice(0, 8)}01`;
  if (s.cadence !== 'weekly') return undefined;
  let candidate = addDays(mondayOf(day), (s.weekday ?? 1) - 1);
  if (candidate > day) candidate = addDays(candidate, -7);
  const weeks = Math.round((Date.parse(mondayOf(candidate)) - Date.parse(mondayOf(s.startsOn))) / (7 * 86_400_000));
  if (weeks < 0) return undefined;
  return addDays(candidate, -7 * (weeks % (s.everyWeeks ?? 1)));
}

/**
 * The two reminder days of a `once` assignment, within [startsOn, dueOn]: a first reminder after the
 * due day would only say it is too late (assigned on the due day after the reminder time).
 */
function onceDays(s: Schedule, calendar: WorkCalendar): { first: string | undefined; last: string | undefined } {
  const found = nextWorkingDay(calendar, s.startsOn, 60);
  const first = found !== undefined && (!s.dueOn || found <= s.dueOn) ? found : undefined;
  const back = s.dueOn ? previousWorkingDay(calendar, s.dueOn, 60) : undefined;
  const last = back !== undefined && back >= s.startsOn ? back : undefined;
  return { first, last };
}

/**
 * The local day a nominal day's reminder is sent, given the rep's calendar: for `once`, the two
 * reminder days; otherwise the first working day from the nominal day, if that is before the next
 * nominal day (daily: only the day itself). Undefined: no reminder for this occurrence.
 */
export function reminderDay(s: Schedule, nominal: string, calendar: WorkCalendar): string | undefined {
  if (s.cadence === 'once') {
    const { first, last } = onceDays(s, calendar);
    return nominal === first || nominal === last ? nominal : undefined;
  }
  if (s.cadence === 'daily') return calendar.isWorkingDay(nominal) ? nominal : undefined;
  const moved = nextWorkingDay(calendar, nominal, 60);
  const following = nextNominalDay(s, nominal);
  return moved !== undefined && (following === undefined || moved < following) ? moved : undefined;
}

/** The next local day a reminder is due, from `today` on (inclusive), looking up to a year ahead. */
export function nextReminderDay(s: Schedule, today: string, calendar: WorkCalendar): string | undefined {
  if (s.cadence === 'once') {
    const { first, last } = onceDays(s, calendar);
    return [first, last].filter((d): d is string => d !== undefined && d >= today).sort()[0];
  }
  // An occurrence that started before today may still be waiting for its moved reminder.
  let nominal: string | undefined = cycleStart(s, today);
  for (let guard = 0; nominal !== undefined && guard < 400; guard++) {
    if (isNominalDay(s, nominal)) {
      const day = reminderDay(s, nominal, calendar);
      if (day !== undefined && day >= today) return day;
    }
    nominal = nextNominalDay(s, nominal);
  }
  return undefined;
}

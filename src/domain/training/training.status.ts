import { addDays, type WorkCalendar } from '../../time/calendar.ts';
import { cycleStart, isNominalDay, nextNominalDay, nextReminderDay, reminderDay, type Schedule } from './cadence.ts';

/**
 * Where an assignment stands on a day, as pure rules over its schedule and which cycles are done:
 * what `/training` shows and what a reminder's due line says.
 */
export type CycleStatus =
  | { kind: 'done' }
  /** Not done yet; `by` is the cycle's last day (the due day for `once`), none for a cycle with no end. */
  | { kind: 'due'; by?: string }
  /** For `once`, past its due day; otherwise the cycle that began on `since` went by undone. */
  | { kind: 'overdue'; since: string };

/** Tells whether the cycle starting on a day is done. */
export type IsDone = (cycle: string) => boolean;

/** The last day of the cycle starting on `cycle`: the day before the next one (the due day for `once`). */
export function cycleEnd(s: Schedule, cycle: string): string | undefined {
  if (s.cadence === 'once') return s.dueOn ?? undefined;
  const next = nextNominalDay(s, cycle);
  return next === undefined ? undefined : addDays(next, -1);
}

/**
 * The cycle before the current one that counts: the latest earlier nominal day (on or after the
 * start) the rep was reminded of. Days with no reminder (a daily weekend, a week out of office) were
 * never asked of them, so they are passed over, a few dozen at most.
 */
export function previousCycle(s: Schedule, today: string, calendar: WorkCalendar): string | undefined {
  if (s.cadence === 'once') return undefined;
  let cycle = cycleStart(s, today);
  if (!isNominalDay(s, cycle)) return undefined;
  for (let guard = 0; guard < 40; guard++) {
    if (cycle <= s.startsOn) return undefined;
    const previous = cycleStart(s, addDays(cycle, -1));
    if (previous >= cycle || !isNominalDay(s, previous)) return undefined;
    if (reminderDay(s, previous, calendar) !== undefined) return previous;
    cycle = previous;
  }
  return undefined;
}

/** Done this cycle, due by its last day, or overdue (the previous cycle went by undone; `once`: past its due day). */
export function cycleStatus(s: Schedule, today: string, calendar: WorkCalendar, isDone: IsDone): CycleStatus {
  const cycle = cycleStart(s, today);
  if (isDone(cycle)) return { kind: 'done' };
  if (s.cadence === 'once') return s.dueOn && today > s.dueOn ? { kind: 'overdue', since: s.dueOn } : { kind: 'due', ...(s.dueOn && { by: s.dueOn }) };
  const previous = previousCycle(s, today, calendar);
  if (previous !== undefined && !isDone(previous)) return { kind: 'overdue', since: previous };
  const end = cycleEnd(s, cycle);
  return end === undefined ? { kind: 'due' } : { kind: 'due', by: end };
}

/**
 * The next reminder still to come at `minuteNow` on `today`: today's counts only while its time is
 * ahead, and a reminder for a cycle already done is not sent, so it is passed over.
 */
export function nextReminder(s: Schedule, today: string, minuteNow: number, calendar: WorkCalendar, isDone: IsDone): string | undefined {
  let from = today;
  for (let guard = 0; guard < 32; guard++) {
    const day = nextReminderDay(s, from, calendar);
    if (day === undefined) return undefined;
    const passed = day === today && minuteNow >= s.minute;
    if (!passed && !isDone(cycleStart(s, day))) return day;
    from = addDays(day, 1);
  }
  return undefined;
}

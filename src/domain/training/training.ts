import { workCalendar, type WorkCalendar } from '../../time/calendar.ts';
import { isValidZone } from '../../time/periods.ts';
import type { Member } from '../members/member.table.ts';
import { holidayCalendarOf } from '../workspaces/workspace.holidays.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { Schedule } from './cadence.ts';
import type { TrainingAssignment } from './training.table.ts';

/** Longest module name kept; longer text is refused, never cut. */
export const MAX_MODULE_NAME_LENGTH = 100;
export const MAX_URL_LENGTH = 500;
/** Reminders arrive at 09:00 unless the assignment says otherwise. */
export const DEFAULT_MINUTE = 9 * 60;

/** The button on a reminder; its value is `<assignmentId>:<cycleStart>`. */
export const DONE_ACTION = 'training.done';

export const EXAMPLES = {
  add: '/training add "Negotiation 101" https://lms.example.com/neg101',
  assign: '/training assign "Negotiation 101" @alice every monday 9:00',
  assignTeam: '/training assign "Negotiation 101" to team East every 2 weeks',
  once: '/training assign "Negotiation 101" @alice once by 2026-12-15',
  unassign: '/training unassign "Negotiation 101" @alice',
  done: '/training done "Negotiation 101"',
} as const;

/** `/training assign "<module>" @alice once by <day>`: the caller passes a day still ahead, so the example can be copied as is. */
export const onceExample = (module: string, day: string): string => `/training assign "${module}" @alice once by ${day}`;

/** What an assignment's row says about when it reminds, as cadence.ts reads it. */
export function scheduleOf(a: Pick<TrainingAssignment, 'cadence' | 'every_weeks' | 'weekday' | 'due_on' | 'remind_at_minute' | 'starts_on'>): Schedule {
  return { cadence: a.cadence, everyWeeks: a.every_weeks, weekday: a.weekday, dueOn: a.due_on, minute: a.remind_at_minute, startsOn: a.starts_on };
}

/** The zone a rep's reminders follow: their own when the platform gave a real one, else the workspace's. */
export const repZone = (workspace: Workspace, member: Member): string =>
  member.timezone && isValidZone(member.timezone) ? member.timezone : workspace.timezone;

/**
 * The days a rep works: weekends, the workspace's holiday calendar (the language's default country
 * when an admin chose none, none when they turned it off) and their own days out of office are not.
 */
export const repCalendar = (workspace: Workspace, member: Member): WorkCalendar =>
  workCalendar({ ...holidayCalendarOf(workspace), awayUntil: member.away_until });

/** `540` → `09:00`: the same 24-hour clock in every language, as the reminders are typed. */
export const clockTime = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** One formatter per zone, reused (building one costs more than formatting with it). */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes after local midnight of an instant in a zone. */
export function minuteOfDay(at: Date, zone: string): number {
  let format = clockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(zone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** The Done button's value: which assignment, which cycle. */
export const doneValue = (assignmentId: number, cycleStart: string): string => `${assignmentId}:${cycleStart}`;

/** Reads a Done button's value; undefined for anything that is not `<id>:<YYYY-MM-DD>` with a real day. */
export function parseDoneValue(value: string | undefined): { assignmentId: number; cycleStart: string } | undefined {
  const match = /^(\d{1,9}):(\d{4}-\d{2}-\d{2})$/.exec(value?.trim() ?? '');
  if (!match?.[1] || !match[2] || !isRealDay(match[2])) return undefined;
  return { assignmentId: Number(match[1]), cycleStart: match[2] };
}

/** Whether an ISO day exists on the calendar (`2026-02-30` does not). */
export function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

import { DateTime } from 'luxon';
import { readerLocale } from '../../bot/session.ts';
import type { Db } from '../../db/database.ts';
import { createFormats } from '../../i18n/formats-impl.ts';
import { translator } from '../../i18n/i18n.ts';
import type { Message } from '../../messages/message.ts';
import { localDay } from '../../time/periods.ts';
import type { Member } from '../members/member.table.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { cronPattern, cycleStart, isNominalDay, reminderDay } from './cadence.ts';
import { assignmentContext, findCompletion, liveAssignmentContexts, type AssignmentContext } from './training.repository.ts';
import { cycleEnd } from './training.status.ts';
import { isRealDay, repCalendar, repZone, scheduleOf } from './training.ts';
import { trainingReminderDoneMessage, trainingReminderMessage } from './training.views.ts';

/**
 * What the job layer needs of training: when each assignment's scheduler fires, and what a firing
 * does. The scheduler only knows the cadence's nominal days in the rep's zone; whether a reminder is
 * due that day (every N weeks, holidays, out of office, already done) is decided here when it fires,
 * so nothing has to be rescheduled when a calendar or a completion changes.
 */
export interface AssignmentSchedule {
  assignmentId: number;
  workspaceId: number;
  pattern: string;
  tz: string;
  /** once: stop after the due day */
  endDate?: Date;
}

/** How many schedules a page of `liveAssignmentSchedules` holds. */
const PAGE = 1000;

function scheduleSpec({ assignment, member, workspace }: AssignmentContext): AssignmentSchedule {
  const tz = repZone(workspace, member);
  const schedule = scheduleOf(assignment);
  const endDate = schedule.cadence === 'once' && schedule.dueOn ? DateTime.fromISO(schedule.dueOn, { zone: tz }).endOf('day').toJSDate() : undefined;
  return { assignmentId: assignment.id, workspaceId: workspace.id, pattern: cronPattern(schedule), tz, ...(endDate && { endDate }) };
}

/** The scheduler spec of a live assignment, or undefined when it has ended / does not exist. */
export async function assignmentSchedule(db: Db, assignmentId: number): Promise<AssignmentSchedule | undefined> {
  const found = await assignmentContext(db, assignmentId);
  return found && found.assignment.ended_at === null ? scheduleSpec(found) : undefined;
}

/** Every live assignment's schedule (boot-time reconcile), ordered by id; `afterId` pages (limit 1000). */
export async function liveAssignmentSchedules(db: Db, afterId = 0): Promise<AssignmentSchedule[]> {
  return (await liveAssignmentContexts(db, afterId, PAGE)).map(scheduleSpec);
}

export type ReminderDecision =
  | { kind: 'ended' }
  | { kind: 'none'; reason: 'not_due' | 'done' | 'not_working_day' }
  | { kind: 'later'; at: Date; nominal: string }
  | { kind: 'send'; nominal: string; cycleStart: string; workspace: Workspace; member: Member; message: Message };

/** The instant a local day's reminder time comes in a zone (wall-clock time, so a DST change does not shift it). */
function reminderInstant(day: string, minute: number, zone: string): Date {
  return DateTime.fromISO(day, { zone }).set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toJSDate();
}

/**
 * What a reminder firing at `now` should do. `nominal` is given when re-run after a move ('later');
 * otherwise it is today in the rep's zone.
 *
 * A nominal day that is not a working day for the rep moves to their next working day (if that comes
 * before the next occurrence): the answer is then `later`, and the job runs again then with the same
 * nominal day. A cycle already done sends nothing; otherwise the reminder goes out in the rep's language.
 */
export async function decideReminder(db: Db, assignmentId: number, now: Date, nominal?: string): Promise<ReminderDecision> {
  const found = await assignmentContext(db, assignmentId);
  if (!found || found.assignment.ended_at !== null) return { kind: 'ended' };
  const { assignment, member, workspace } = found;
  const zone = repZone(workspace, member);
  const today = localDay(now, zone);
  const day = nominal ?? today;
  const schedule = scheduleOf(assignment);
  if (!isRealDay(day) || !isNominalDay(schedule, day)) return { kind: 'none', reason: 'not_due' };
  const sendOn = reminderDay(schedule, day, repCalendar(workspace, member));
  if (sendOn === undefined) return { kind: 'none', reason: 'not_working_day' };
  if (sendOn > today) return { kind: 'later', at: reminderInstant(sendOn, schedule.minute, zone), nominal: day };
  const cycle = cycleStart(schedule, day);
  if (await findCompletion(db, assignment.id, cycle)) return { kind: 'none', reason: 'done' };
  const locale = readerLocale(workspace, member);
  const dueBy = cycleEnd(schedule, cycle);
  const message = trainingReminderMessage(
    { assignmentId: assignment.id, cycleStart: cycle, moduleName: assignment.module_name, url: assignment.module_url, ...(dueBy && { dueBy }) },
    translator(locale),
    createFormats(locale),
  );
  return { kind: 'send', nominal: day, cycleStart: cycle, workspace, member, message };
}

/** A reminder already posted for a cycle that is now done, and how it should read. */
export interface DoneReminder {
  workspace: Workspace;
  conversationId: string;
  messageId: string;
  message: Message;
}

/**
 * The reminders posted for a cycle (its occurrences from `cycleStart` on), each with its done state,
 * so a cycle completed by command shows done where the rep saw the reminder.
 */
export async function doneReminders(db: Db, assignmentId: number, cycle: string): Promise<DoneReminder[]> {
  const found = await assignmentContext(db, assignmentId);
  const completion = found && (await findCompletion(db, assignmentId, cycle));
  if (!found || !completion) return [];
  const { assignment, member, workspace } = found;
  const posts = await db.selectFrom('job_posts').select(['period', 'conversation_id', 'message_id'])
    .where('workspace_id', '=', workspace.id).where('kind', '=', 'training.reminder').where('recipient', '=', `member:${member.id}`)
    .where('period', 'like', `${assignmentId}:%`).execute();
  const locale = readerLocale(workspace, member);
  const schedule = scheduleOf(assignment);
  const dueBy = cycleEnd(schedule, cycle);
  const input = { assignmentId, cycleStart: cycle, moduleName: assignment.module_name, url: assignment.module_url, ...(dueBy && { dueBy }) };
  const message = trainingReminderDoneMessage(input, localDay(completion.completed_at, repZone(workspace, member)), translator(locale), createFormats(locale));
  const done: DoneReminder[] = [];
  for (const post of posts) {
    // The period is `<assignment>:<nominal day>`: the reminder belongs to the cycle that day is in.
    const nominal = post.period.slice(post.period.indexOf(':') + 1);
    if (post.conversation_id === null || post.message_id === null || cycleStart(schedule, nominal) !== cycle) continue;
    done.push({ workspace, conversationId: post.conversation_id, messageId: post.message_id, message });
  }
  return done;
}

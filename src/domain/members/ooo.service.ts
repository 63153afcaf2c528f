import { DateTime } from 'luxon';
import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { mayAct } from '../../bot/roles.ts';
import { addDays, nextWorkingDay, workCalendar } from '../../time/calendar.ts';
import { localDay } from '../../time/periods.ts';
import { holidayCalendarOf } from '../workspaces/workspace.holidays.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { OOO_EXAMPLES, type OooArgs } from './ooo.grammar.ts';
import { lockMember, setAwayUntil } from './member.repository.ts';
import type { Member } from './member.table.ts';

/** What `/pacer ooo` found or did. */
export interface OooState {
  member: Member;
  /** True when the command is about the caller (the reply says "you"). */
  self: boolean;
  /** The last day away, inclusive; null: not away (a day already past counts as not away). */
  until: string | null;
  /** The first working day after it, when reminders resume (weekends and holidays skipped). */
  resumesOn: string | null;
  changed: boolean;
}

/**
 * The first working day after the absence. Weekends and the workspace's holiday calendar are skipped,
 * so "resume on" names the day a reminder can actually arrive.
 */
function resumeDay(ctx: CommandContext, until: string): string {
  const calendar = workCalendar(holidayCalendarOf(ctx.workspace));
  return nextWorkingDay(calendar, addDays(until, 1)) ?? addDays(until, 1);
}

/** The member the command is about, checked: only managers and admins may mark someone else. */
async function subjectOf(ctx: CommandContext, args: OooArgs): Promise<Result<Member, Problem>> {
  if (!args.user) return ok(ctx.actor);
  const found = await resolveMember(ctx, args.user, OOO_EXAMPLES.other);
  if (!found.ok) return found;
  if (found.value.id !== ctx.actor.id && !mayAct(ctx.role, 'manager')) return err(problem('forbidden', 'pacer.ooo.error.others', {}, OOO_EXAMPLES.set));
  return found;
}

/**
 * Shows, sets or clears an absence (`members.away_until`, the last local day away); a change is
 * audited as `member.ooo` with the day before and after. Days are the workspace's: "today" is today
 * in its zone, the same calendar its goal periods use.
 *
 * Decision: at most a year ahead. Further than that is almost always a typo in the year, and a rep
 * whose reminders silently stopped for two years is worse off than one asked to type the date again.
 */
export async function outOfOffice(ctx: CommandContext, args: OooArgs): Promise<Result<OooState, Problem>> {
  const subject = await subjectOf(ctx, args);
  if (!subject.ok) return subject;
  // Read again under a row lock: the session's copy may predate a change another command just made.
  const member = await lockMember(ctx.db, subject.value.id);
  const self = member.id === ctx.actor.id;
  const today = localDay(ctx.now, ctx.workspace.timezone);
  // A day already past is no absence: it is shown, and cleared, as "not away".
  const current = member.away_until !== null && member.away_until >= today ? member.away_until : null;
  const state = (until: string | null, changed: boolean): OooState => ({ member, self, until, resumesOn: until && resumeDay(ctx, until), changed });

  let until: string | null;
  if (args.kind === 'show') return ok(state(current, false));
  if (args.kind === 'clear') {
    until = null;
  } else {
    until = args.until;
    if (until < today) return err(problem('invalid', 'pacer.ooo.error.past', { date: ctx.fmt.date(until), today: ctx.fmt.date(today) }, OOO_EXAMPLES.set));
    const latest = DateTime.fromISO(today, { zone: 'UTC' }).plus({ years: 1 }).toISODate() ?? today;
    if (until > latest) return err(problem('invalid', 'pacer.ooo.error.too_far', { latest: ctx.fmt.date(latest) }, OOO_EXAMPLES.set));
  }
  if (until === current) return ok(state(current, false));
  await setAwayUntil(ctx.db, member.id, until);
  // The stored day before, not the one shown: the log records what the row held.
  await ctx.audit('member.ooo', `member:${member.external_id}`, { member: member.display_name, before: member.away_until, after: until });
  return ok(state(until, true));
}

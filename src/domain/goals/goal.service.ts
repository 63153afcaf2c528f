import type { CommandContext, UserRef } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import type { Db } from '../../db/database.ts';
import { localDay, nthWorkingDay, periodBounds, workingDaysBetween, workingDaysElapsed } from '../../time/periods.ts';
import { workspaceHolidays } from '../workspaces/workspace.holidays.ts';
import type { Member } from '../members/member.table.ts';
import { findTeamById, findTeamByName } from '../teams/team.repository.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { subjectKey, type GoalStatus, type GoalSubject } from './goal.ts';
import { goalsWithProgress, upsertGoal, type GoalWithProgress } from './goal.repository.ts';
import type { GoalMetric, GoalScope, PeriodKind } from './goal.table.ts';
import { computePace } from './pace.ts';


/**
 * Where a goal stands at `now`: its progress, and pace against the working days of its period in the
 * workspace's zone, its public holidays not counted (a month with Christmas in it has fewer days to sell).
 */
export function toStatus({ goal, progress }: GoalWithProgress, subjectName: string, now: Date, workspace: Workspace): GoalStatus {
  const holidays = workspaceHolidays(workspace);
  const pace = computePace({
    target: goal.target,
    progress,
    workingDaysTotal: workingDaysBetween(goal.period_start, goal.period_end, holidays),
    workingDaysElapsed: workingDaysElapsed(goal.period_start, goal.period_end, now, workspace.timezone, holidays),
  });
  const reachesOn = pace.reachesTargetOnDay === undefined ? undefined : nthWorkingDay(goal.period_start, pace.reachesTargetOnDay, holidays);
  return { goal, subjectName, progress, pace, ...(reachesOn && { reachesOn }) };
}

const PERIOD_ORDER: Record<PeriodKind, number> = { week: 0, month: 1, quarter: 2, year: 3 };
const SCOPE_ORDER = { rep: 0, team: 1, company: 2 } as const;
const ALL_SCOPES: readonly GoalScope[] = ['rep', 'team', 'company'];

/** A member's own goals, their team's and the company's, current now: what `/goal` shows. */
export async function goalsFor(db: Db, workspace: Workspace, member: Member, now: Date, scopes: readonly GoalScope[] = ALL_SCOPES): Promise<GoalStatus[]> {
  const team = member.team_id === null || !scopes.includes('team') ? undefined : await findTeamById(db, workspace.id, member.team_id);
  const subjects: GoalSubject[] = [
    ...(scopes.includes('rep') ? [{ scope: 'rep' as const, member }] : []),
    ...(team ? [{ scope: 'team' as const, team }] : []),
    ...(scopes.includes('company') ? [{ scope: 'company' as const }] : []),
  ];
  const names = new Map(subjects.map((s) => [subjectKey(s), s.scope === 'rep' ? s.member.display_name : s.scope === 'team' ? s.team.name : workspace.name]));
  const zone = workspace.timezone;
  const goals = await goalsWithProgress(db, workspace.id, zone, { subjectKeys: [...names.keys()], day: localDay(now, zone) });
  goals.sort((a, b) => SCOPE_ORDER[a.goal.scope] - SCOPE_ORDER[b.goal.scope] || PERIOD_ORDER[a.goal.period] - PERIOD_ORDER[b.goal.period]);
  return goals.map((row) => toStatus(row, names.get(row.goal.subject_key) ?? '', now, workspace));
}

/** Who `/goal set` names. */
export type SubjectRef = { scope: 'rep'; user: UserRef } | { scope: 'team'; name: string } | { scope: 'company' };

export interface SetGoalArgs {
  subject: SubjectRef;
  target: bigint;
  metric: GoalMetric;
  period: PeriodKind;
}

export const SET_GOAL_EXAMPLE = '/goal set @alice 50000 month';

async function resolveSubject(ctx: CommandContext, ref: SubjectRef): Promise<Result<GoalSubject, Problem>> {
  if (ref.scope === 'company') return ok({ scope: 'company' });
  if (ref.scope === 'team') {
    const team = await findTeamByName(ctx.db, ctx.workspace.id, ref.name);
    return team ? ok({ scope: 'team', team }) : err(problem('not_found', 'goals.error.unknown_team', { team: ref.name }, `/pacer team create ${ref.name}`));
  }
  const member = await ctx.findMember(ref.user);
  const shown = ref.user.kind === 'name' ? `@${ref.user.name}` : ref.user.id;
  return member ? ok({ scope: 'rep', member }) : err(problem('not_found', 'goals.error.unknown_user', { user: shown }, SET_GOAL_EXAMPLE));
}

export interface GoalChange {
  status: GoalStatus;
  previousTarget?: bigint;
}

/** Sets (or changes) the goal of a rep, a team or the company for the current period; audited. */
export async function setGoal(ctx: CommandContext, args: SetGoalArgs): Promise<Result<GoalChange, Problem>> {
  const subject = await resolveSubject(ctx, args.subject);
  if (!subject.ok) return subject;
  const bounds = periodBounds(args.period, ctx.now, ctx.workspace.timezone);
  const key = subjectKey(subject.value);
  const { goal, previousTarget } = await upsertGoal(
    ctx.db,
    {
      workspace_id: ctx.workspace.id,
      scope: subject.value.scope,
      member_id: subject.value.scope === 'rep' ? subject.value.member.id : null,
      team_id: subject.value.scope === 'team' ? subject.value.team.id : null,
      subject_key: key,
      metric: args.metric,
      period: args.period,
      period_start: bounds.start,
      period_end: bounds.end,
      target: args.target,
      currency: ctx.workspace.currency,
      created_by: ctx.actor.id,
    },
    ctx.now,
  );
  // The goal's channel hears about it once the change has committed.
  ctx.after({ kind: 'goals.changed', workspaceId: ctx.workspace.id, goalId: goal.id });
  await ctx.audit('goal.set', key, { period: args.period, start: bounds.start, metric: args.metric, target: args.target, previous: previousTarget ?? null });
  const name = subject.value.scope === 'rep' ? subject.value.member.display_name : subject.value.scope === 'team' ? subject.value.team.name : ctx.workspace.name;
  const [saved] = await goalsWithProgress(ctx.db, ctx.workspace.id, ctx.workspace.timezone, { goalId: goal.id });
  const status = toStatus(saved ?? { goal, progress: 0n }, name, ctx.now, ctx.workspace);
  return ok(previousTarget === undefined ? { status } : { status, previousTarget });
}

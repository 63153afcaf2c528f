import { DateTime } from 'luxon';
import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import type { Db } from '../../db/database.ts';
import { localDay, periodBounds, workingDaysBetween, workingDaysElapsed, zonedDayStart, type PeriodBounds } from '../../time/periods.ts';
import { goalsWithProgress } from '../goals/goal.repository.ts';
import { toStatus } from '../goals/goal.service.ts';
import { subjectKey, type GoalSubject } from '../goals/goal.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import { computePace } from '../goals/pace.ts';
import type { Member } from '../members/member.table.ts';
import { findTeamByName } from '../teams/team.repository.ts';
import { cycleStart } from '../training/cadence.ts';
import { cycleStatus, previousCycle } from '../training/training.status.ts';
import { repCalendar, repZone, scheduleOf } from '../training/training.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { workspaceHolidays } from '../workspaces/workspace.holidays.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { Diagnosis, DiagnosisInput, DiagnosisSubject, PaceFact, RepFacts, RepToCoach, WindowFacts } from './diagnosis.ts';
import { DIAGNOSE_EXAMPLES, type DiagnoseTarget } from './diagnosis.grammar.ts';
import {
  doneCycles, feedbackTally, liveAssignments, lastCoachedOf, lostTallies, medians, membersByIds, noReasons, repGoals, wonPerRep, wonTallies,
  type DealScope, type Windows, type WonTally,
} from './diagnosis.repository.ts';
import { findings, RULES } from './diagnosis.rules.ts';

export { diagnosisBlocks } from './diagnosis.views.ts';

/** The usual is the three periods of the same kind before the current one: a bad month among them shows, but does not dominate. */
export const USUAL_PERIODS = 3;
/** Deliveries and stuck deals look back at least this far, so a week's diagnosis still sees slow deliveries. */
const LOOKBACK_DAYS = 90;
const DAY_MS = 86_400_000;

/** The period, the usual before it, and the instants the queries read between. */
export function windowsOf(period: PeriodKind, now: Date, zone: string): { bounds: PeriodBounds; windows: Windows } {
  const bounds = periodBounds(period, now, zone);
  const usualStart = DateTime.fromISO(bounds.start, { zone: 'utc' }).minus({ [period]: USUAL_PERIODS }).toISODate();
  if (usualStart === null) throw new RangeError(`No usual before ${bounds.start}`);
  const from = zonedDayStart(bounds.start, zone);
  const usualFrom = zonedDayStart(usualStart, zone);
  return {
    bounds,
    windows: {
      usualFrom,
      from,
      to: now,
      lookbackFrom: new Date(Math.min(usualFrom.getTime(), from.getTime() - LOOKBACK_DAYS * DAY_MS)),
      stuckBefore: new Date(now.getTime() - RULES.stuckDays * DAY_MS),
    },
  };
}

/** Whose deals are diagnosed, and whose a rep is compared with (their team's; a rep in no team, everyone's). */
function scopesOf(workspaceId: number, subject: DiagnosisSubject): { scope: DealScope; group: DealScope; peers: Diagnosis['peers'] } {
  if (subject.kind === 'company') return { scope: { workspaceId }, group: { workspaceId }, peers: 'company' };
  if (subject.kind === 'team') {
    const scope = { workspaceId, teamId: subject.team.id };
    return { scope, group: scope, peers: 'team' };
  }
  const teamId = subject.member.team_id;
  const group = teamId === null ? { workspaceId } : { workspaceId, teamId };
  return { scope: { workspaceId, memberId: subject.member.id }, group, peers: teamId === null ? 'company' : 'team' };
}

function subjectName(workspace: Workspace, subject: DiagnosisSubject): string {
  if (subject.kind === 'company') return workspace.name;
  return subject.kind === 'team' ? subject.team.name : subject.member.display_name;
}

const goalSubjectOf = (subject: DiagnosisSubject): GoalSubject =>
  subject.kind === 'company' ? { scope: 'company' } : subject.kind === 'team' ? { scope: 'team', team: subject.team } : { scope: 'rep', member: subject.member };

/**
 * Where the subject stands: against its goal for the period (revenue before deals), else against its
 * usual (the average won per period before, at the same share of working days), else unknown.
 */
async function paceOf(db: Db, workspace: Workspace, subject: DiagnosisSubject, period: PeriodKind, now: Date, won: WonTally, bounds: PeriodBounds): Promise<PaceFact> {
  const zone = workspace.timezone;
  const rows = await goalsWithProgress(db, workspace.id, zone, { subjectKeys: [subjectKey(goalSubjectOf(subject))], day: localDay(now, zone) });
  const current = rows.filter((r) => r.goal.period === period);
  const row = current.find((r) => r.goal.metric === 'revenue') ?? current[0];
  if (row) return { basis: 'goal', goal: toStatus(row, subjectName(workspace, subject), now, workspace) };
  const usualPerPeriod = won.usualWonMinor / BigInt(USUAL_PERIODS);
  if (usualPerPeriod <= 0n) return { basis: 'none', won: won.wonMinor };
  const holidays = workspaceHolidays(workspace);
  const pace = computePace({
    target: usualPerPeriod,
    progress: won.wonMinor,
    workingDaysTotal: workingDaysBetween(bounds.start, bounds.end, holidays),
    workingDaysElapsed: workingDaysElapsed(bounds.start, bounds.end, now, zone, holidays),
  });
  return { basis: 'usual', won: won.wonMinor, usualPerPeriod, pace };
}

function paceState(pace: PaceFact): DiagnosisInput['pace'] {
  if (pace.basis === 'none') return 'unknown';
  const status = pace.basis === 'goal' ? pace.goal.pace.status : pace.pace.status;
  return status === 'behind' ? 'behind' : 'on_pace';
}

/**
 * Overdue training per rep: each live assignment's cycle status on the rep's own day, by the same
 * rules `/training` shows. Completions are read once for all, from the earliest cycle that matters.
 */
async function overdueTrainings(db: Db, workspace: Workspace, members: readonly Member[], now: Date): Promise<Map<number, number>> {
  const assignments = await liveAssignments(db, workspace.id, members.map((m) => m.id));
  const byId = new Map(members.map((m) => [m.id, m]));
  const placed = assignments.flatMap((a) => {
    const member = byId.get(a.member_id);
    if (!member) return [];
    const schedule = scheduleOf(a);
    return [{ a, schedule, today: localDay(now, repZone(workspace, member)), calendar: repCalendar(workspace, member) }];
  });
  const since = placed.map((p) => previousCycle(p.schedule, p.today, p.calendar) ?? cycleStart(p.schedule, p.today)).sort()[0];
  if (since === undefined) return new Map();
  const done = await doneCycles(db, placed.map((p) => p.a.id), since);
  const overdue = new Map<number, number>();
  for (const p of placed) {
    const status = cycleStatus(p.schedule, p.today, p.calendar, (cycle) => done.has(`${p.a.id}:${cycle}`));
    if (status.kind === 'overdue') overdue.set(p.a.member_id, (overdue.get(p.a.member_id) ?? 0) + 1);
  }
  return overdue;
}

/**
 * The reps a diagnosis weighs: everyone in the group with a goal for the period or a deal since the
 * usual began (a rep of the subject always). For a rep, only they are judged; their peers are the rest
 * of the group. Training and coaching are read for the judged reps only.
 */
async function repFacts(db: Db, workspace: Workspace, subject: DiagnosisSubject, group: DealScope, period: PeriodKind, bounds: PeriodBounds, w: Windows, lostByRep: Map<number, { now: RepFacts['lost'] }>, now: Date): Promise<RepFacts[]> {
  const won = await wonPerRep(db, group, w);
  const goals = await repGoals(db, workspace.id, period, bounds.start, group.teamId);
  const ids = new Set([...won.keys(), ...goals.keys(), ...lostByRep.keys()]);
  if (subject.kind === 'rep') ids.add(subject.member.id);
  const members = await membersByIds(db, workspace.id, [...ids]);
  const isJudged = (m: Member): boolean => subject.kind !== 'rep' || m.id === subject.member.id;
  const judged = members.filter(isJudged);
  const overdue = await overdueTrainings(db, workspace, judged, now);
  const coached = await lastCoachedOf(db, workspace.id, judged.map((m) => m.id));
  return members.map((m): RepFacts => {
    const sold = won.get(m.id) ?? { won: 0, wonMinor: 0n };
    const goal = goals.get(m.id);
    const attainment = goal === undefined ? undefined : Number(goal.metric === 'deals' ? BigInt(sold.won) : sold.wonMinor) / Number(goal.target);
    const last = coached.get(m.id);
    return {
      memberId: m.id,
      name: m.display_name,
      judged: isJudged(m),
      ...(attainment !== undefined && { attainment }),
      won: sold.won,
      wonMinor: sold.wonMinor,
      lost: lostByRep.get(m.id)?.now ?? noReasons(),
      overdueTrainings: overdue.get(m.id) ?? 0,
      daysSinceCoaching: last === undefined ? null : Math.floor((now.getTime() - last.getTime()) / DAY_MS),
    };
  });
}

/**
 * Diagnoses a company, a team or a rep over the current period (a month unless told): gathers the
 * facts in a few aggregate queries and lets the rules (diagnosis.rules.ts) rank the causes. Exported
 * for the weekly managers' digest as well as `/diagnose`.
 */
export async function diagnose(db: Db, workspace: Workspace, subject: DiagnosisSubject, now: Date, period: PeriodKind = 'month'): Promise<Diagnosis> {
  const zone = workspace.timezone;
  const { bounds, windows } = windowsOf(period, now, zone);
  const { scope, group, peers } = scopesOf(workspace.id, subject);
  const won = await wonTallies(db, scope, windows);
  const lost = await lostTallies(db, scope, windows);
  const times = await medians(db, scope, windows);
  const products = [...new Set([...won.products, ...lost.products].map((p) => p.product))];
  const feedback = await feedbackTally(db, scope, windows, products);
  const reps = await repFacts(db, workspace, subject, group, period, bounds, windows, lost.reps, now);
  const pace = await paceOf(db, workspace, subject, period, now, won.total, bounds);

  const holidays = workspaceHolidays(workspace);
  const totalDays = workingDaysBetween(bounds.start, bounds.end, holidays);
  const elapsed = totalDays === 0 ? 1 : workingDaysElapsed(bounds.start, bounds.end, now, zone, holidays) / totalDays;
  const window = (which: 'now' | 'usual'): WindowFacts => {
    const isNow = which === 'now';
    return {
      won: isNow ? won.total.won : won.total.usualWon,
      wonMinor: isNow ? won.total.wonMinor : won.total.usualWonMinor,
      lost: lost.total[which],
      medianDealMinor: isNow ? times.dealMinor : times.usualDealMinor,
      delivered: isNow ? times.delivered : times.usualDelivered,
      medianDeliveryDays: isNow ? times.deliveryDays : times.usualDeliveryDays,
      productFeedback: isNow ? feedback.product : feedback.usualProduct,
      customerFeedback: isNow ? feedback.customer : feedback.usualCustomer,
    };
  };
  // Products by name ignoring case: the won and the lost side each name it as first written.
  const byKey = new Map<string, DiagnosisInput['products'][number]>();
  const productOf = (name: string) => {
    const key = name.toLowerCase();
    let found = byKey.get(key);
    if (!found) {
      found = { product: name, won: 0, lost: noReasons(), stuck: 0, feedback: feedback.perProduct.get(key) ?? 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const p of won.products) Object.assign(productOf(p.product), { won: p.won, stuck: p.stuck });
  for (const p of lost.products) productOf(p.product).lost = p.now;

  const input: DiagnosisInput = {
    pace: paceState(pace),
    elapsed,
    usualPeriods: USUAL_PERIODS,
    now: window('now'),
    usual: window('usual'),
    stuck: won.total.stuck,
    products: [...byKey.values()].filter((p) => p.won + p.stuck + Object.values(p.lost).reduce((a, b) => a + b, 0) + p.feedback > 0),
    reps,
  };
  return {
    subject: { kind: subject.kind, name: subjectName(workspace, subject) },
    period,
    periodStart: bounds.start,
    usualPeriods: USUAL_PERIODS,
    pace,
    peers,
    currency: workspace.currency,
    findings: findings(input),
  };
}

/** Reps well behind their peers, heaviest first, with what to coach each on: for the digest's "reps to coach". */
export const repsToCoach = (d: Diagnosis): RepToCoach[] => d.findings.repsToCoach;

/** Finds whom `/diagnose` names: the company, a team by name (ignoring case), or a rep. */
export async function resolveTarget(ctx: CommandContext, target: DiagnoseTarget): Promise<Result<DiagnosisSubject, Problem>> {
  if (target.kind === 'company') return ok({ kind: 'company' });
  if (target.kind === 'team') {
    const team = await findTeamByName(ctx.db, ctx.workspace.id, target.name);
    return team ? ok({ kind: 'team', team }) : err(problem('not_found', 'diagnosis.error.unknown_team', { team: target.name }, '/pacer team list'));
  }
  const member = await resolveMember(ctx, target.user, DIAGNOSE_EXAMPLES.rep);
  return member.ok ? ok({ kind: 'rep', member: member.value }) : member;
}

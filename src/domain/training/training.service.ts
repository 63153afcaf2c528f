import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { addDays } from '../../time/calendar.ts';
import { localDay } from '../../time/periods.ts';
import type { Member } from '../members/member.table.ts';
import { findTeamByName } from '../teams/team.repository.ts';
import type { Team } from '../teams/team.table.ts';
import { cycleStart, type Schedule } from './cadence.ts';
import type { AddArgs, AssignArgs, CadenceSpec, Targets, UnassignArgs } from './training.grammar.ts';
import {
  completedCycles, endAssignments, findAssignment, findCompletion, findModuleByName, insertCompletion, listModules,
  liveAssignmentsOf, liveAssignmentsOfModule, teamMembers, upsertAssignment, upsertModule,
  type AssignmentWithModule, type ModuleWithCount,
} from './training.repository.ts';
import { cycleStatus, nextReminder, previousCycle } from './training.status.ts';
import { EXAMPLES, minuteOfDay, onceExample, parseDoneValue, repCalendar, repZone, scheduleOf } from './training.ts';
import { nameList, type AssignedView, type TrainingItem } from './training.views.ts';

/** Where a rep is in their own day: their zone, today there and the minute of it, their working days. */
function repDay(ctx: CommandContext, member: Member) {
  const zone = repZone(ctx.workspace, member);
  return { zone, today: localDay(ctx.now, zone), minute: minuteOfDay(ctx.now, zone), calendar: repCalendar(ctx.workspace, member) };
}

const unknownModule = (name: string): Problem => problem('not_found', 'training.error.unknown_module', { module: name }, `/training add "${name}" <url>`);

/** `/training add`: creates a module or changes its link; audited. */
export async function addModule(ctx: CommandContext, args: AddArgs) {
  const saved = await upsertModule(ctx.db, { workspaceId: ctx.workspace.id, name: args.name, url: args.url ?? null, createdBy: ctx.actor.id });
  const { module, created, previousUrl } = saved;
  if (created || module.url !== previousUrl) {
    await ctx.audit('training.module', `training:${module.id}`, { name: module.name, url: module.url, previous: created ? null : previousUrl, created });
  }
  return { name: module.name, url: module.url, created, previousUrl };
}

/** Who a command names: each person once, with the team they were named through (a team wins over a mention). */
async function resolveTargets(ctx: CommandContext, targets: Targets, example: string): Promise<Result<{ members: Map<number, { member: Member; teamId: number | null }>; team?: Team }, Problem>> {
  const members = new Map<number, { member: Member; teamId: number | null }>();
  for (const ref of targets.reps) {
    const member = await ctx.findMember(ref);
    if (!member) return err(problem('not_found', 'training.error.unknown_user', { user: ref.kind === 'name' ? `@${ref.name}` : ref.id }, example));
    members.set(member.id, { member, teamId: null });
  }
  if (targets.team === undefined) return ok({ members });
  const team = await findTeamByName(ctx.db, ctx.workspace.id, targets.team);
  if (!team) return err(problem('not_found', 'training.error.unknown_team', { team: targets.team }, `/pacer team create ${targets.team}`));
  for (const member of await teamMembers(ctx.db, ctx.workspace.id, team.id)) members.set(member.id, { member, teamId: team.id });
  return ok({ members, team });
}

/** The row's cadence columns for a typed cadence. */
function cadenceColumns(spec: CadenceSpec): Pick<Schedule, 'cadence'> & { every_weeks: number | null; weekday: number | null; due_on: string | null } {
  return {
    cadence: spec.cadence,
    every_weeks: spec.cadence === 'weekly' ? spec.everyWeeks : null,
    weekday: spec.cadence === 'weekly' ? spec.weekday : null,
    due_on: spec.cadence === 'once' ? spec.dueOn : null,
  };
}

/**
 * `/training assign`: gives each named rep (and each current member of a named team) the module on
 * a schedule, or replaces the schedule of the one they have. Each rep's cadence starts today in their
 * own zone if the reminder time is still ahead there, else tomorrow. One audit entry; the reminder
 * schedulers follow after commit.
 */
export async function assignModule(ctx: CommandContext, args: AssignArgs): Promise<Result<AssignedView, Problem>> {
  const module = await findModuleByName(ctx.db, ctx.workspace.id, args.module);
  if (!module) return err(unknownModule(args.module));
  if (args.schedule.cadence === 'once') {
    const today = localDay(ctx.now, ctx.workspace.timezone);
    if (args.schedule.dueOn < today) {
      return err(problem('invalid', 'training.error.date_past', { date: ctx.fmt.date(args.schedule.dueOn) }, onceExample(module.name, addDays(today, 7))));
    }
  }
  const resolved = await resolveTargets(ctx, args.targets, EXAMPLES.assign);
  if (!resolved.ok) return resolved;
  const { members, team } = resolved.value;
  if (members.size === 0) return err(problem('invalid', 'training.error.team_empty', { team: team?.name ?? '' }, `/pacer team add @alice ${team?.name ?? 'East'}`));

  const columns = cadenceColumns(args.schedule);
  const saved: { member: Member; id: number; replaced: boolean; schedule: Schedule }[] = [];
  for (const { member, teamId } of members.values()) {
    const { today, minute } = repDay(ctx, member);
    const startsOn = minute < args.minute ? today : addDays(today, 1);
    const { assignment, replaced } = await upsertAssignment(ctx.db, {
      workspace_id: ctx.workspace.id, module_id: module.id, member_id: member.id, team_id: teamId, ...columns,
      remind_at_minute: args.minute, starts_on: startsOn, ended_at: null, assigned_by: ctx.actor.id,
    }, ctx.now);
    saved.push({ member, id: assignment.id, replaced, schedule: scheduleOf(assignment) });
  }
  await ctx.audit('training.assign', `training:${module.id}`, {
    module: module.name, ...columns, minute: args.minute, team: team?.name ?? null,
    assignments: saved.map((s) => ({ id: s.id, member: s.member.display_name, replaced: s.replaced })),
  });
  ctx.after({ kind: 'training.changed', assignmentIds: saved.map((s) => s.id) });

  const [first] = saved;
  if (!first) throw new Error('An assignment to at least one rep saved nothing');
  const only = saved.length === 1 ? repDay(ctx, first.member) : undefined;
  const firstReminder = only && nextReminder(first.schedule, only.today, only.minute, only.calendar, () => false);
  return ok({
    module: module.name,
    schedule: first.schedule,
    names: saved.map((s) => s.member.display_name),
    replaced: saved.filter((s) => s.replaced).map((s) => s.member.display_name),
    ...(team && { team: team.name }),
    ...(firstReminder && { firstReminder }),
  });
}

/** `/training unassign`: ends the live assignments of the module for the named reps (or the team); audited. */
export async function unassignModule(ctx: CommandContext, args: UnassignArgs): Promise<Result<{ module: string; names: string[]; missing: string[] }, Problem>> {
  const module = await findModuleByName(ctx.db, ctx.workspace.id, args.module);
  if (!module) return err(unknownModule(args.module));
  const resolved = await resolveTargets(ctx, args.targets, EXAMPLES.unassign);
  if (!resolved.ok) return resolved;
  const { members, team } = resolved.value;
  const live = await liveAssignmentsOfModule(ctx.db, module.id, [...members.keys()], team?.id);
  if (live.length === 0) {
    const example = `/training assign "${module.name}" @alice every monday 9:00`;
    if (team && args.targets.reps.length === 0) return err(problem('not_found', 'training.error.not_assigned_team', { module: module.name, team: team.name }, example));
    const who = nameList([...members.values()].map((m) => m.member.display_name), ctx.t);
    return err(problem('not_found', 'training.error.not_assigned', { module: module.name, who }, example));
  }
  await endAssignments(ctx.db, live.map((a) => a.id), ctx.now);
  const ended = new Set(live.map((a) => a.member_id));
  const names = live.map((a) => members.get(a.member_id)?.member.display_name ?? a.member_name);
  await ctx.audit('training.unassign', `training:${module.id}`, { module: module.name, team: team?.name ?? null, assignments: live.map((a) => a.id) });
  ctx.after({ kind: 'training.changed', assignmentIds: live.map((a) => a.id) });
  return ok({ module: module.name, names, missing: [...members.values()].filter((m) => !ended.has(m.member.id)).map((m) => m.member.display_name) });
}

/** Completes a cycle of an assignment; a one-off then ends, and its scheduler with it. Audited. */
async function complete(ctx: CommandContext, a: AssignmentWithModule, cycle: string): Promise<boolean> {
  const recorded = await insertCompletion(ctx.db, { assignmentId: a.id, cycleStart: cycle, at: ctx.now, by: ctx.actor.id });
  if (!recorded) return false;
  await ctx.audit('training.done', `training:${a.module_id}`, { assignment: a.id, module: a.module_name, cycle });
  if (a.cadence === 'once') {
    await endAssignments(ctx.db, [a.id], ctx.now);
    ctx.after({ kind: 'training.changed', assignmentIds: [a.id] });
  }
  return true;
}

export interface Completed {
  module: string;
  outcome: 'done' | 'finished' | 'already';
  next?: string;
  minute: number;
}

/** `/training done "…"`: completes the caller's current cycle of one of their modules; twice is harmless. */
export async function completeModule(ctx: CommandContext, name: string): Promise<Result<Completed, Problem>> {
  const module = await findModuleByName(ctx.db, ctx.workspace.id, name);
  const [assignment] = module ? await liveAssignmentsOfModule(ctx.db, module.id, [ctx.actor.id]) : [];
  if (!module || !assignment) {
    const mine = await liveAssignmentsOf(ctx.db, ctx.workspace.id, ctx.actor.id);
    const example = mine[0] ? `/training done "${mine[0].module_name}"` : '/training';
    return err(problem('not_found', 'training.error.not_yours_module', { module: name }, example));
  }
  const schedule = scheduleOf(assignment);
  const day = repDay(ctx, ctx.actor);
  const cycle = cycleStart(schedule, day.today);
  const recorded = await complete(ctx, { ...assignment, module_name: module.name, module_url: module.url }, cycle);
  // The reminder this cycle's DM carries shows it done too, as if its button had been pressed.
  if (recorded) ctx.after({ kind: 'training.completed', assignmentId: assignment.id, cycleStart: cycle });
  const outcome = !recorded ? 'already' : schedule.cadence === 'once' ? 'finished' : 'done';
  const next = outcome === 'finished' ? undefined : nextReminder(schedule, day.today, day.minute, day.calendar, (c) => c === cycle);
  return ok({ module: module.name, outcome, minute: schedule.minute, ...(next && { next }) });
}

export interface ButtonDone {
  assignment: AssignmentWithModule;
  cycle: string;
  /** The rep's local day the cycle was recorded done (now, or when it was done before). */
  recordedOn: string;
}

/**
 * The Done button on a reminder (`<assignmentId>:<cycleStart>`): only its rep may press it. Records
 * that cycle (pressing twice finds it done and says when); a one-off then ends.
 */
export async function completeFromButton(ctx: CommandContext, value: string | undefined): Promise<Result<ButtonDone, Problem>> {
  const parsed = parseDoneValue(value);
  if (!parsed) return err(problem('invalid', 'training.error.button_invalid'));
  const assignment = await findAssignment(ctx.db, ctx.workspace.id, parsed.assignmentId);
  if (!assignment) return err(problem('not_found', 'training.error.button_gone'));
  if (assignment.member_id !== ctx.actor.id) return err(problem('forbidden', 'training.error.not_yours'));
  const schedule = scheduleOf(assignment);
  if (cycleStart(schedule, parsed.cycleStart) !== parsed.cycleStart) return err(problem('invalid', 'training.error.button_invalid'));
  const zone = repZone(ctx.workspace, ctx.actor);
  const before = await findCompletion(ctx.db, assignment.id, parsed.cycleStart);
  if (before) return ok({ assignment, cycle: parsed.cycleStart, recordedOn: localDay(before.completed_at, zone) });
  if (assignment.ended_at !== null) return err(problem('conflict', 'training.error.button_gone'));
  await complete(ctx, assignment, parsed.cycleStart);
  return ok({ assignment, cycle: parsed.cycleStart, recordedOn: localDay(ctx.now, zone) });
}

/** What `/training` shows the caller: each live assignment with its next reminder and where its cycle stands. */
export async function trainingOf(ctx: CommandContext): Promise<TrainingItem[]> {
  const assignments = await liveAssignmentsOf(ctx.db, ctx.workspace.id, ctx.actor.id);
  if (assignments.length === 0) return [];
  const day = repDay(ctx, ctx.actor);
  const schedules = assignments.map((a) => ({ a, schedule: scheduleOf(a) }));
  // Only the current and the previous cycle matter, so completions older than the earliest of those are never read.
  const earliest = schedules.map(({ schedule }) => previousCycle(schedule, day.today, day.calendar) ?? cycleStart(schedule, day.today)).sort()[0] ?? day.today;
  const done = await completedCycles(ctx.db, assignments.map((a) => a.id), earliest);
  return schedules.map(({ a, schedule }) => {
    const isDone = (cycle: string): boolean => done.has(`${a.id}:${cycle}`);
    const next = nextReminder(schedule, day.today, day.minute, day.calendar, isDone);
    return { name: a.module_name, url: a.module_url, schedule, status: cycleStatus(schedule, day.today, day.calendar, isDone), ...(next && { next }) };
  });
}

export async function modulesOf(ctx: CommandContext): Promise<ModuleWithCount[]> {
  return listModules(ctx.db, ctx.workspace.id);
}

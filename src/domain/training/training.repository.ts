import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Member } from '../members/member.table.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { NewTrainingAssignment, TrainingAssignment, TrainingModule } from './training.table.ts';

/** A module by name within the workspace, ignoring case (`negotiation 101` finds "Negotiation 101"). */
export async function findModuleByName(db: Db, workspaceId: number, name: string): Promise<TrainingModule | undefined> {
  return db
    .selectFrom('training_modules')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

/**
 * Creates a module, or gives an existing one of that name (ignoring case) the new link; without a
 * link the old one stays. One statement on the unique index, so two managers adding the same name at
 * once make one module. `created` is false when it already existed; `previousUrl` is its link before.
 */
export async function upsertModule(
  db: Db,
  m: { workspaceId: number; name: string; url: string | null; createdBy: number },
): Promise<{ module: TrainingModule; created: boolean; previousUrl: string | null }> {
  const { rows } = await sql<TrainingModule & { created: boolean; previous_url: string | null }>`
    with before as (
      select url from training_modules where workspace_id = ${m.workspaceId} and lower(name) = lower(${m.name})
    )
    insert into training_modules as t (workspace_id, name, url, created_by)
    values (${m.workspaceId}, ${m.name}, ${m.url}, ${m.createdBy})
    on conflict (workspace_id, lower(name)) do update set url = coalesce(excluded.url, t.url)
    returning t.*, (t.xmax = 0) as created, (select url from before) as previous_url`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`Training module "${m.name}" was neither inserted nor updated`);
  const { created, previous_url, ...module } = row;
  return { module, created, previousUrl: previous_url };
}

export interface ModuleWithCount extends TrainingModule {
  /** Reps with a live assignment of it. */
  reps: number;
}

export async function listModules(db: Db, workspaceId: number): Promise<ModuleWithCount[]> {
  const rows = await db
    .selectFrom('training_modules as m')
    .leftJoin('training_assignments as a', (join) => join.onRef('a.module_id', '=', 'm.id').on('a.ended_at', 'is', null))
    .selectAll('m')
    .select((eb) => eb.fn.count<bigint>('a.id').as('reps'))
    .where('m.workspace_id', '=', workspaceId)
    .groupBy('m.id')
    .orderBy(sql`lower(m.name)`)
    .execute();
  return rows.map((row) => ({ ...row, reps: Number(row.reps) }));
}

/** The current members of a team (whom `to team East` assigns). */
export async function teamMembers(db: Db, workspaceId: number, teamId: number): Promise<Member[]> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).orderBy('display_name').orderBy('id').execute();
}

/**
 * Assigns a module to a rep, or replaces the schedule of their live assignment of it: one live row per
 * module and rep (the partial unique index decides, so a race cannot make two). `replaced` says which.
 */
export async function upsertAssignment(db: Db, row: NewTrainingAssignment, now: Date): Promise<{ assignment: TrainingAssignment; replaced: boolean }> {
  const saved = await db
    .insertInto('training_assignments')
    .values({ ...row, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['module_id', 'member_id'])
        .where('ended_at', 'is', null)
        .doUpdateSet((eb) => ({
          team_id: eb.ref('excluded.team_id'),
          cadence: eb.ref('excluded.cadence'),
          every_weeks: eb.ref('excluded.every_weeks'),
          weekday: eb.ref('excluded.weekday'),
          due_on: eb.ref('excluded.due_on'),
          remind_at_minute: eb.ref('excluded.remind_at_minute'),
          starts_on: eb.ref('excluded.starts_on'),
          assigned_by: eb.ref('excluded.assigned_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
    )
    .returningAll()
    .returning(sql<boolean>`xmax <> 0`.as('replaced'))
    .executeTakeFirstOrThrow();
  const { replaced, ...assignment } = saved;
  return { assignment, replaced };
}

/**
 * The live assignments of a module for these members, and for anyone it was assigned to through
 * `teamId` (a rep who has left the team since), with the rep's name; locked for the change.
 */
export async function liveAssignmentsOfModule(
  db: Db,
  moduleId: number,
  memberIds: readonly number[],
  teamId?: number,
): Promise<(TrainingAssignment & { member_name: string })[]> {
  if (memberIds.length === 0 && teamId === undefined) return [];
  return db
    .selectFrom('training_assignments as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .selectAll('a')
    .select('m.display_name as member_name')
    .where('a.module_id', '=', moduleId)
    .where('a.ended_at', 'is', null)
    .where((eb) => eb.or([
      ...(memberIds.length > 0 ? [eb('a.member_id', 'in', memberIds)] : []),
      ...(teamId !== undefined ? [eb('a.team_id', '=', teamId)] : []),
    ]))
    .orderBy('m.display_name')
    .orderBy('a.id')
    .forUpdate('a')
    .execute();
}

export type AssignmentWithModule = TrainingAssignment & { module_name: string; module_url: string | null };

/** Assignments with their module's name and link. */
const withModule = (db: Db) =>
  db
    .selectFrom('training_assignments as a')
    .innerJoin('training_modules as m', 'm.id', 'a.module_id')
    .selectAll('a')
    .select(['m.name as module_name', 'm.url as module_url']);

/** A member's live assignments with their modules, by module name: what `/training` shows. */
export async function liveAssignmentsOf(db: Db, workspaceId: number, memberId: number): Promise<AssignmentWithModule[]> {
  return withModule(db)
    .where('a.workspace_id', '=', workspaceId)
    .where('a.member_id', '=', memberId)
    .where('a.ended_at', 'is', null)
    .orderBy(sql`lower(m.name)`)
    .orderBy('a.id')
    .execute();
}

/** One assignment with its module, only within the workspace (what a Done button names), locked for the change. */
export async function findAssignment(db: Db, workspaceId: number, id: number): Promise<AssignmentWithModule | undefined> {
  return withModule(db)
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', '=', id)
    .forUpdate('a')
    .executeTakeFirst();
}

export async function endAssignments(db: Db, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('training_assignments').set({ ended_at: at, updated_at: at }).where('id', 'in', ids).where('ended_at', 'is', null).execute();
}

/** Records a cycle as done; false when it was done already (a second click, a retried request). */
export async function insertCompletion(db: Db, c: { assignmentId: number; cycleStart: string; at: Date; by: number }): Promise<boolean> {
  const row = await db
    .insertInto('training_completions')
    .values({ assignment_id: c.assignmentId, cycle_start: c.cycleStart, completed_at: c.at, completed_by: c.by })
    .onConflict((oc) => oc.columns(['assignment_id', 'cycle_start']).doNothing())
    .returning('assignment_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findCompletion(db: Db, assignmentId: number, cycleStart: string): Promise<{ completed_at: Date } | undefined> {
  return db
    .selectFrom('training_completions')
    .select('completed_at')
    .where('assignment_id', '=', assignmentId)
    .where('cycle_start', '=', cycleStart)
    .executeTakeFirst();
}

/** The cycles done of these assignments from `since` on, as `<assignmentId>:<cycleStart>` keys. */
export async function completedCycles(db: Db, assignmentIds: readonly number[], since: string): Promise<Set<string>> {
  if (assignmentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_completions')
    .select(['assignment_id', 'cycle_start'])
    .where('assignment_id', 'in', assignmentIds)
    .where('cycle_start', '>=', since)
    .execute();
  return new Set(rows.map((r) => `${r.assignment_id}:${r.cycle_start}`));
}

/** An assignment with everything a reminder needs: its module, its rep and the rep's workspace. */
export interface AssignmentContext {
  assignment: AssignmentWithModule;
  member: Member;
  workspace: Workspace;
}

/** An assignment and its rep and workspace by id alone (the job layer knows nothing else); ended ones too. */
export async function assignmentContext(db: Db, id: number): Promise<AssignmentContext | undefined> {
  const assignment = await withModule(db).where('a.id', '=', id).executeTakeFirst();
  return assignment && (await withPeople(db, [assignment]))[0];
}

/** Live assignments with their reps and workspaces, in id order, after `afterId`. */
export async function liveAssignmentContexts(db: Db, afterId: number, limit: number): Promise<AssignmentContext[]> {
  const assignments = await withModule(db).where('a.ended_at', 'is', null).where('a.id', '>', afterId).orderBy('a.id').limit(limit).execute();
  return withPeople(db, assignments);
}

/** Adds each assignment's rep and workspace: two queries for a whole page rather than two per row. */
async function withPeople(db: Db, assignments: AssignmentWithModule[]): Promise<AssignmentContext[]> {
  if (assignments.length === 0) return [];
  const memberIds = [...new Set(assignments.map((a) => a.member_id))];
  const workspaceIds = [...new Set(assignments.map((a) => a.workspace_id))];
  const [members, workspaces] = await Promise.all([
    db.selectFrom('members').selectAll().where('id', 'in', memberIds).execute(),
    db.selectFrom('workspaces').selectAll().where('id', 'in', workspaceIds).execute(),
  ]);
  const memberById = new Map(members.map((m) => [m.id, m]));
  const workspaceById = new Map(workspaces.map((w) => [w.id, w]));
  return assignments.flatMap((assignment) => {
    const member = memberById.get(assignment.member_id);
    const workspace = workspaceById.get(assignment.workspace_id);
    return member && workspace ? [{ assignment, member, workspace }] : [];
  });
}

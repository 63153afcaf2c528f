import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Goal, NewGoal } from './goal.table.ts';

/** Sets a goal, replacing the target of the same subject, metric and period; returns the old target. */
export async function upsertGoal(db: Db, goal: NewGoal, now: Date): Promise<{ goal: Goal; previousTarget?: bigint }> {
  const previous = await db
    .selectFrom('goals')
    .select('target')
    .where('workspace_id', '=', goal.workspace_id)
    .where('subject_key', '=', goal.subject_key)
    .where('metric', '=', goal.metric ?? 'revenue')
    .where('period', '=', goal.period)
    .where('period_start', '=', goal.period_start)
    .forUpdate()
    .executeTakeFirst();
  const saved = await db
    .insertInto('goals')
    .values(goal)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'subject_key', 'metric', 'period', 'period_start']).doUpdateSet({
        target: goal.target,
        currency: goal.currency,
        created_by: goal.created_by ?? null,
        updated_at: now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return previous ? { goal: saved, previousTarget: previous.target } : { goal: saved };
}

/** Which goals to read: the current ones of some subjects (every subject when none are named), or one by id. */
export type GoalFilter = { subjectKeys?: string[]; day: string } | { goalId: number };

export interface GoalWithProgress {
  goal: Goal;
  /** Won revenue in minor units, or the number of won deals, inside the goal's own period. */
  progress: bigint;
}

/**
 * Won progress inside [from, to) of a goal's period, for its subject: the rep's deals, the team's
 * (by the team each deal was logged in) or the whole workspace's. Delivered and serviced deals were
 * won too; lost ones never count. Period days become instants in the workspace zone. Each branch is
 * its own subquery so the planner uses the matching partial index (member, team or workspace). Expects
 * the goal aliased `g`.
 */
export function wonIn(subject: RawBuilder<unknown>, zone: string): RawBuilder<bigint> {
  return sql<bigint>`(
    select case when g.metric = 'deals' then count(*) else coalesce(sum(d.amount_minor), 0) end::bigint
    from deals d
    where d.workspace_id = g.workspace_id and d.stage <> 'lost'
      and d.occurred_at >= (g.period_start::timestamp at time zone ${zone})
      and d.occurred_at < (g.period_end::timestamp at time zone ${zone})
      ${subject})`;
}

/** Goals with their progress, in one round trip (the command's hot path pays per query). */
export async function goalsWithProgress(db: Db, workspaceId: number, zone: string, filter: GoalFilter): Promise<GoalWithProgress[]> {
  let query = db
    .selectFrom('goals as g')
    .selectAll('g')
    .select(
      sql<bigint>`case g.scope
        when 'rep' then ${wonIn(sql`and d.member_id = g.member_id`, zone)}
        when 'team' then ${wonIn(sql`and d.team_id = g.team_id`, zone)}
        else ${wonIn(sql``, zone)} end`.as('progress'),
    )
    .where('g.workspace_id', '=', workspaceId);
  if ('goalId' in filter) query = query.where('g.id', '=', filter.goalId);
  else {
    if (filter.subjectKeys?.length === 0) return [];
    if (filter.subjectKeys) query = query.where('g.subject_key', 'in', filter.subjectKeys);
    query = query.where('g.period_start', '<=', filter.day).where('g.period_end', '>', filter.day);
  }
  const rows = await query.orderBy('g.period_start', 'desc').execute();
  return rows.map(({ progress, ...goal }) => ({ goal, progress: BigInt(progress) }));
}

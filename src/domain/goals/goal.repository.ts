import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Goal, GoalMetric, NewGoal } from './goal.table.ts';

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

/** Goals of these subjects whose period contains `day` (an ISO date in the workspace zone). */
export async function activeGoals(db: Db, workspaceId: number, subjectKeys: string[], day: string): Promise<Goal[]> {
  if (subjectKeys.length === 0) return [];
  return db
    .selectFrom('goals')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('subject_key', 'in', subjectKeys)
    .where('period_start', '<=', day)
    .where('period_end', '>', day)
    .orderBy('period_start', 'desc')
    .execute();
}

export interface ProgressQuery {
  workspaceId: number;
  metric: GoalMetric;
  memberId?: number;
  teamId?: number;
  from: Date;
  to: Date;
}

/**
 * Won revenue (or the number of won deals) in [from, to) for a rep, a team or the whole workspace.
 * Delivered and serviced deals were won too; lost ones never count. Served by the partial indexes on
 * (workspace_id, member_id|team_id, occurred_at) WHERE stage <> 'lost'.
 */
export async function wonProgress(db: Db, q: ProgressQuery): Promise<bigint> {
  let query = db
    .selectFrom('deals')
    .where('workspace_id', '=', q.workspaceId)
    .where('stage', '<>', 'lost')
    .where('occurred_at', '>=', q.from)
    .where('occurred_at', '<', q.to);
  if (q.memberId !== undefined) query = query.where('member_id', '=', q.memberId);
  if (q.teamId !== undefined) query = query.where('team_id', '=', q.teamId);
  const total = q.metric === 'deals' ? sql<bigint>`count(*)` : sql<bigint>`coalesce(sum(amount_minor), 0)::bigint`;
  const row = await query.select(total.as('total')).executeTakeFirst();
  return BigInt(row?.total ?? 0n);
}

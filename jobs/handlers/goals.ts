import { isoWeekOf } from '../../src/time/calendar.ts';
import { localDay } from '../../src/time/periods.ts';
import { goalTeam, goalUpdatePosts, goalUpdatePreview } from '../../src/domain/goals/goal-update.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { deliverOnce } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

export async function workspaceById(deps: JobDeps, id: number): Promise<Workspace | undefined> {
  return deps.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Posts the goal update to each goals channel: weekly (one per channel and ISO week, however often
 * the job runs) or after a change (one per debounced job, only to the changed goal's channel).
 */
export async function postGoalUpdates(deps: JobDeps, run: JobRun, workspaceId: number, change?: { goalId: number }): Promise<Outcome> {
  const workspace = await workspaceById(deps, workspaceId);
  if (!workspace) return 'workspace gone';
  const now = deps.clock.now();
  let teams: Set<number | null> | undefined;
  if (change) {
    const team = await goalTeam(deps.db, change.goalId);
    if (team === undefined) return 'goal gone';
    teams = new Set([team]);
  }
  const posts = await goalUpdatePosts(deps.db, workspace, now, teams);
  const kind = change ? 'goals.changed' : 'goals.weekly';
  const period = change ? run.id : isoWeekOf(localDay(now, workspace.timezone));
  const outcomes: string[] = [];
  for (const post of posts) {
    const key = { kind, recipient: `channel:${post.conversationId}`, period };
    outcomes.push(`${post.conversationId}: ${await deliverOnce(deps, run, workspace, key, { kind: 'channel', conversationId: post.conversationId }, post.message)}`);
  }
  return outcomes.length === 0 ? 'no goals channel' : outcomes.join(', ');
}

/** An admin's preview: every current goal, to their DM. */
export async function previewGoals(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const message = await goalUpdatePreview(deps.db, workspace, deps.clock.now());
  return deliverOnce(deps, run, workspace, { kind: 'preview.goals', recipient: `member:${member.id}`, period: run.id }, { kind: 'direct', userId: member.external_id }, message);
}

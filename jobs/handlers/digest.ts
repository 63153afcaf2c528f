import { channelFor } from '../../src/domain/channels/channel.repository.ts';
import { composeTeamDigest } from '../../src/domain/digest/digest.compose.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { isoWeekOf } from '../../src/time/calendar.ts';
import { localDay } from '../../src/time/periods.ts';
import { deliverOnce, deliverWithPages } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

/**
 * Monday morning: each team's digest of last week to its managers' channel (its own, else the
 * workspace's), once per team and week however often the job runs. A big team's reps follow as pages
 * in the head post's thread, each page posted once too.
 */
export async function postDigests(deps: JobDeps, run: JobRun, workspace: Workspace): Promise<Outcome> {
  const teams = await deps.db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).orderBy('name').execute();
  const now = deps.clock.now();
  const outcomes: string[] = [];
  for (const team of teams) {
    const conversationId = await channelFor(deps.db, workspace.id, 'managers', team.id);
    if (!conversationId) continue;
    const posts = await composeTeamDigest(deps.db, workspace, team, now);
    // The week the digest covers: the one before today's.
    const key = { kind: 'digest.weekly', recipient: `team:${team.id}:channel:${conversationId}`, period: isoWeekOf(localDay(new Date(now.getTime() - 7 * 86_400_000), workspace.timezone)) };
    const head = await deliverWithPages(deps, run, workspace, key, conversationId, posts);
    outcomes.push(`${team.name}: ${head}${posts.pages.length > 0 ? ` +${posts.pages.length} pages` : ''}`);
  }
  return outcomes.length === 0 ? 'no managers channel' : outcomes.join(', ');
}

/** An admin's preview: every team's digest head, in the admin's DM (one post per team). */
export async function previewDigests(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const teams = await deps.db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).orderBy('name').execute();
  const outcomes: string[] = [];
  for (const team of teams) {
    const posts = await composeTeamDigest(deps.db, workspace, team, deps.clock.now());
    const key = { kind: 'preview.digest', recipient: `member:${member.id}`, period: `${run.id}:team:${team.id}` };
    outcomes.push(await deliverOnce(deps, run, workspace, key, { kind: 'direct', userId: member.external_id }, posts.head));
  }
  return outcomes.length === 0 ? 'no teams' : outcomes.join(', ');
}

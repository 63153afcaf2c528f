import { channelFor } from '../../src/domain/channels/channel.repository.ts';
import { digestPosts } from '../../src/domain/digest/digest.views.ts';
import { teamDigest } from '../../src/domain/digest/digest.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { toLocale } from '../../src/i18n/locale.ts';
import { deliverOnce, postedMessage } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { isoWeek } from './goals.ts';

/**
 * Monday morning: each team's digest of last week to its managers' channel (its own, else the
 * workspace's), once per team and week however often the job runs. A big team's reps follow as pages
 * in the head post's thread, each page posted once too.
 */
export async function postDigests(deps: JobDeps, run: JobRun, workspace: Workspace): Promise<Outcome> {
  const teams = await deps.db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).orderBy('name').execute();
  const now = deps.clock.now();
  const locale = toLocale(workspace.locale) ?? 'en';
  const t = translator(locale);
  const fmt = createFormats(locale);
  const outcomes: string[] = [];
  for (const team of teams) {
    const conversationId = await channelFor(deps.db, workspace.id, 'managers', team.id);
    if (!conversationId) continue;
    const digest = await teamDigest(deps.db, workspace, team, now);
    const posts = digestPosts(digest, t, fmt);
    const key = { kind: 'digest.weekly', recipient: `team:${team.id}:channel:${conversationId}`, period: isoWeek(digest.week.start) };
    const head = await deliverOnce(deps, run, workspace, key, { kind: 'channel', conversationId }, posts.head);
    const threadId = posts.pages.length > 0 ? await postedMessage(deps.db, workspace.id, key) : undefined;
    for (const [i, page] of posts.pages.entries()) {
      if (!threadId) break;
      await deliverOnce(deps, run, workspace, { ...key, period: `${key.period}:page:${i + 1}` }, { kind: 'channel', conversationId, threadId }, page);
    }
    outcomes.push(`${team.name}: ${head}${posts.pages.length > 0 ? ` +${posts.pages.length} pages` : ''}`);
  }
  return outcomes.length === 0 ? 'no managers channel' : outcomes.join(', ');
}

/** An admin's preview: every team's digest head, in the admin's DM (one post per team). */
export async function previewDigests(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const teams = await deps.db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).orderBy('name').execute();
  const locale = toLocale(workspace.locale) ?? 'en';
  const outcomes: string[] = [];
  for (const team of teams) {
    const posts = digestPosts(await teamDigest(deps.db, workspace, team, deps.clock.now()), translator(locale), createFormats(locale));
    const key = { kind: 'preview.digest', recipient: `member:${member.id}`, period: `${run.id}:team:${team.id}` };
    outcomes.push(await deliverOnce(deps, run, workspace, key, { kind: 'direct', userId: member.external_id }, posts.head));
  }
  return outcomes.length === 0 ? 'no teams' : outcomes.join(', ');
}

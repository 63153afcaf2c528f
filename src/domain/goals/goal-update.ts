import { workspaceLocale } from '../../bot/session.ts';
import { languageOf } from '../../i18n/language.ts';
import type { Db } from '../../db/database.ts';
import type { Block, Message } from '../../messages/message.ts';
import { localDay } from '../../time/periods.ts';
import { channelsOf } from '../channels/channel.repository.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { goalsWithProgress } from './goal.repository.ts';
import { toStatus } from './goal.service.ts';
import type { GoalStatus } from './goal.ts';
import { goalBlocks, goalLine, goalOutlook } from './goal.views.ts';

/** A goal update bound for one channel. */
export interface GoalUpdatePost {
  conversationId: string;
  /** The team whose channel it is; null for the workspace's goals channel. */
  teamId: number | null;
  message: Message;
}

/** A current goal with the team it belongs to (a rep's goal belongs to the rep's team). */
interface Placed {
  status: GoalStatus;
  teamId: number | null;
  teamName?: string;
}

/**
 * Every current goal of the workspace with its progress and pace, grouped by team: company goals,
 * then each team's own goal followed by its reps', ordered by name.
 */
async function placedGoals(db: Db, workspace: Workspace, now: Date): Promise<Placed[]> {
  const zone = workspace.timezone;
  const rows = await goalsWithProgress(db, workspace.id, zone, { day: localDay(now, zone) });
  if (rows.length === 0) return [];
  const members = await db.selectFrom('members').select(['id', 'display_name', 'team_id']).where('workspace_id', '=', workspace.id).execute();
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).execute();
  const memberById = new Map(members.map((m) => [m.id, m]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const placed = rows.map((row): Placed => {
    const { goal } = row;
    const member = goal.member_id === null ? undefined : memberById.get(goal.member_id);
    const teamId = goal.scope === 'team' ? goal.team_id : goal.scope === 'rep' ? (member?.team_id ?? null) : null;
    const name = goal.scope === 'rep' ? (member?.display_name ?? '') : goal.scope === 'team' ? (teamName.get(goal.team_id ?? 0) ?? '') : workspace.name;
    const team = teamId === null ? undefined : teamName.get(teamId);
    return { status: toStatus(row, name, now, workspace), teamId, ...(team !== undefined && { teamName: team }) };
  });
  const scopeRank = { company: 0, team: 1, rep: 2 } as const;
  return placed.sort((a, b) =>
    (a.teamName ?? '').localeCompare(b.teamName ?? '') ||
    scopeRank[a.status.goal.scope] - scopeRank[b.status.goal.scope] ||
    a.status.subjectName.localeCompare(b.status.subjectName));
}

/** The update for some goals: headline goals in full, reps' goals as one compact table per team. */
function updateMessage(workspace: Workspace, goals: Placed[], now: Date): Message {
  const { t, fmt } = languageOf(workspaceLocale(workspace));
  const title = t('goals.update.title', { date: fmt.date(localDay(now, workspace.timezone)) });
  if (goals.length === 0) return { title, blocks: [{ type: 'text', text: t('goals.update.none') }], visibility: 'public' };
  const blocks: Block[] = [];
  const reps = (group: Placed[]): Block[] => {
    const rows = group.filter((p) => p.status.goal.scope === 'rep').map((p) => [p.status.subjectName, goalLine(p.status, t, fmt), goalOutlook(p.status, t, fmt) ?? '']);
    return rows.length === 0 ? [] : [{ type: 'rows', columns: [t('goals.update.rep'), t('goals.update.progress'), t('goals.update.outlook')], rows }];
  };
  const groups = new Map<string, Placed[]>();
  for (const goal of goals) {
    const key = goal.status.goal.scope === 'company' ? '' : (goal.teamName ?? '~');
    groups.set(key, [...(groups.get(key) ?? []), goal]);
  }
  for (const [key, group] of groups) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    if (key === '~') blocks.push({ type: 'text', text: t('goals.update.no_team'), tone: 'strong' });
    for (const headline of group.filter((p) => p.status.goal.scope !== 'rep')) blocks.push(...goalBlocks(headline.status, t, fmt));
    blocks.push(...reps(group));
  }
  return { title, blocks, visibility: 'public' };
}

/**
 * The goal updates to post now: one per goals channel. A team with a channel of its own gets its
 * goals there; everything else (company goals, teams without a channel, reps in no team) goes to the
 * workspace's goals channel. `teamIds` narrows it to the channels those teams post to (a goal change).
 */
export async function goalUpdatePosts(db: Db, workspace: Workspace, now: Date, teamIds?: ReadonlySet<number | null>): Promise<GoalUpdatePost[]> {
  const channels = await channelsOf(db, workspace.id, 'goals');
  if (channels.length === 0) return [];
  const own = new Map(channels.filter((c) => c.teamId !== null).map((c) => [c.teamId, c.conversationId]));
  const fallback = channels.find((c) => c.teamId === null)?.conversationId;
  const goals = await placedGoals(db, workspace, now);
  const destination = (teamId: number | null): { conversationId: string; teamId: number | null } | undefined => {
    const ownChannel = teamId === null ? undefined : own.get(teamId);
    if (ownChannel !== undefined) return { conversationId: ownChannel, teamId };
    return fallback === undefined ? undefined : { conversationId: fallback, teamId: null };
  };
  const wanted = teamIds && new Set([...teamIds].map((id) => destination(id)?.conversationId));
  const byChannel = new Map<string, { teamId: number | null; goals: Placed[] }>();
  for (const target of [...(fallback ? [{ conversationId: fallback, teamId: null }] : []), ...[...own].map(([teamId, conversationId]) => ({ conversationId, teamId }))]) {
    if (!wanted || wanted.has(target.conversationId)) byChannel.set(target.conversationId, byChannel.get(target.conversationId) ?? { teamId: target.teamId, goals: [] });
  }
  for (const goal of goals) {
    const to = destination(goal.teamId);
    if (to) byChannel.get(to.conversationId)?.goals.push(goal);
  }
  return [...byChannel].map(([conversationId, { teamId, goals: placed }]) => ({ conversationId, teamId, message: updateMessage(workspace, placed, now) }));
}

/** Every current goal in one message (an admin's preview), in the workspace's language. */
export async function goalUpdatePreview(db: Db, workspace: Workspace, now: Date): Promise<Message> {
  return updateMessage(workspace, await placedGoals(db, workspace, now), now);
}

/** The team a goal belongs to (its own team, or its rep's), to find the channel a change goes to. */
export async function goalTeam(db: Db, goalId: number): Promise<number | null | undefined> {
  const row = await db.selectFrom('goals as g').leftJoin('members as m', 'm.id', 'g.member_id')
    .select(['g.scope', 'g.team_id', 'm.team_id as member_team']).where('g.id', '=', goalId).executeTakeFirst();
  if (!row) return undefined;
  return row.scope === 'team' ? row.team_id : row.scope === 'rep' ? row.member_team : null;
}

import { workspaceLocale } from '../../src/bot/session.ts';
import { findChannel } from '../../src/domain/channels/channel.repository.ts';
import { seasonAnnouncements, seasonsAnnouncedOn, type Announcement } from '../../src/domain/recognition/announcement.ts';
import { hasNews, nothingToAnnounceMessage, winnersPosts } from '../../src/domain/recognition/recognition.views.ts';
import { holidayCalendarOf } from '../../src/domain/workspaces/workspace.holidays.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { languageOf } from '../../src/i18n/language.ts';
import type { Posts } from '../../src/messages/pages.ts';
import { workCalendar } from '../../src/time/calendar.ts';
import { localDay } from '../../src/time/periods.ts';
import { seasonCode, seasonLabel, seasonOf, type Season } from '../../src/time/seasons.ts';
import { deliverOnce, deliverWithPages } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

/**
 * Top performers go to the team's own recognition channel, else its own goals channel, else the
 * workspace's recognition channel, else the workspace's goals channel: a team's own channel first.
 */
async function winnersChannel(deps: JobDeps, workspace: Workspace, teamId: number | null): Promise<string | undefined> {
  const owners = teamId === null ? [null] : [teamId, null];
  for (const owner of owners) {
    for (const purpose of ['recognition', 'goals'] as const) {
      const channel = await findChannel(deps.db, workspace.id, purpose, owner);
      if (channel) return channel.conversation_id;
    }
  }
  return undefined;
}

function postsOf(workspace: Workspace, a: Announcement, season: Season): Posts {
  const { locale, t, fmt } = languageOf(workspaceLocale(workspace));
  return winnersPosts(a, seasonLabel(season, locale), workspace.currency, t, fmt);
}

/**
 * On a month's first working day: each team's top performers of the month just closed (and of the
 * quarter and year when they closed too), once per team, channel and season however often the job
 * runs; the incentives earned are recorded before the post, once each. On other days it does nothing.
 */
export async function postWinners(deps: JobDeps, run: JobRun, workspace: Workspace): Promise<Outcome> {
  const today = localDay(deps.clock.now(), workspace.timezone);
  const seasons = seasonsAnnouncedOn(today, workCalendar(holidayCalendarOf(workspace)));
  if (seasons.length === 0) return 'not a first working day';
  const outcomes: string[] = [];
  for (const season of seasons) {
    for (const a of (await seasonAnnouncements(deps.db, workspace, season, { record: true })).filter(hasNews)) {
      const conversationId = await winnersChannel(deps, workspace, a.winners.teamId);
      if (!conversationId) continue;
      const key = { kind: 'recognition.winners', recipient: `team:${a.winners.teamId ?? 'none'}:channel:${conversationId}`, period: seasonCode(season) };
      outcomes.push(`${seasonCode(season)} ${a.teamName ?? '-'}: ${await deliverWithPages(deps, run, workspace, key, conversationId, postsOf(workspace, a, season))}`);
    }
  }
  return outcomes.length === 0 ? 'nothing to announce or no channel' : outcomes.join(', ');
}

/**
 * An admin's preview: this month so far as it would be announced, each team's head in the admin's DM;
 * nothing is recorded. With nothing to announce yet the admin is told so, rather than left waiting.
 */
export async function previewWinners(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const season = seasonOf('month', localDay(deps.clock.now(), workspace.timezone));
  const announcements = (await seasonAnnouncements(deps.db, workspace, season, { record: false })).filter(hasNews);
  const to = { kind: 'direct', userId: member.external_id } as const;
  if (announcements.length === 0) {
    const { locale, t } = languageOf(workspaceLocale(workspace));
    const key = { kind: 'preview.winners', recipient: `member:${member.id}`, period: `${run.id}:none` };
    return `nothing to announce: ${await deliverOnce(deps, run, workspace, key, to, nothingToAnnounceMessage(seasonLabel(season, locale), t))}`;
  }
  const outcomes: string[] = [];
  for (const a of announcements) {
    const key = { kind: 'preview.winners', recipient: `member:${member.id}`, period: `${run.id}:team:${a.winners.teamId ?? 'none'}` };
    outcomes.push(await deliverOnce(deps, run, workspace, key, to, postsOf(workspace, a, season).head));
  }
  return outcomes.join(', ');
}

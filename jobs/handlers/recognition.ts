import { workspaceLocale } from '../../src/bot/session.ts';
import { channelFor } from '../../src/domain/channels/channel.repository.ts';
import { seasonAnnouncements, seasonsAnnouncedOn, type Announcement } from '../../src/domain/recognition/announcement.ts';
import { winnersPosts } from '../../src/domain/recognition/recognition.views.ts';
import { holidayCalendarOf } from '../../src/domain/workspaces/workspace.holidays.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { languageOf } from '../../src/i18n/language.ts';
import type { Posts } from '../../src/messages/pages.ts';
import { workCalendar } from '../../src/time/calendar.ts';
import { localDay } from '../../src/time/periods.ts';
import { seasonCode, seasonLabel, seasonOf, type Season } from '../../src/time/seasons.ts';
import { deliverOnce, deliverWithPages } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

/** Top performers go to the team's recognition channel, else its goals channel (each the team's own or the workspace's). */
async function winnersChannel(deps: JobDeps, workspace: Workspace, teamId: number | null): Promise<string | undefined> {
  return (await channelFor(deps.db, workspace.id, 'recognition', teamId)) ?? channelFor(deps.db, workspace.id, 'goals', teamId);
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
    for (const a of await seasonAnnouncements(deps.db, workspace, season, { record: true })) {
      const conversationId = await winnersChannel(deps, workspace, a.winners.teamId);
      if (!conversationId) continue;
      const key = { kind: 'recognition.winners', recipient: `team:${a.winners.teamId ?? 'none'}:channel:${conversationId}`, period: seasonCode(season) };
      outcomes.push(`${seasonCode(season)} ${a.teamName ?? '-'}: ${await deliverWithPages(deps, run, workspace, key, conversationId, postsOf(workspace, a, season))}`);
    }
  }
  return outcomes.length === 0 ? 'no rep goals or no channel' : outcomes.join(', ');
}

/** An admin's preview: this month so far as it would be announced, each team's head in the admin's DM; nothing is recorded. */
export async function previewWinners(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const season = seasonOf('month', localDay(deps.clock.now(), workspace.timezone));
  const outcomes: string[] = [];
  for (const a of await seasonAnnouncements(deps.db, workspace, season, { record: false })) {
    const key = { kind: 'preview.winners', recipient: `member:${member.id}`, period: `${run.id}:team:${a.winners.teamId ?? 'none'}` };
    outcomes.push(await deliverOnce(deps, run, workspace, key, { kind: 'direct', userId: member.external_id }, postsOf(workspace, a, season).head));
  }
  return outcomes.length === 0 ? 'no rep goals' : outcomes.join(', ');
}

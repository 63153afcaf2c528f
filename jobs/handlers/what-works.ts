import { workspaceLocale } from '../../src/bot/session.ts';
import { languageOf } from '../../src/i18n/language.ts';
import { channelsOf } from '../../src/domain/channels/channel.repository.ts';
import { whatWorks, whatWorksMessage } from '../../src/domain/feedback/what-works.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import type { Message } from '../../src/messages/message.ts';
import { addDays, isoWeekOf, mondayOf } from '../../src/time/calendar.ts';
import { localDay, zonedDayStart } from '../../src/time/periods.ts';
import { deliverOnce } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

/** The week so far in the workspace's zone: Monday 00:00 to the end of today (nothing later exists yet). */
function weekSoFar(workspace: Workspace, now: Date): { from: Date; to: Date; monday: string } {
  const today = localDay(now, workspace.timezone);
  const monday = mondayOf(today);
  return { from: zonedDayStart(monday, workspace.timezone), to: zonedDayStart(addDays(today, 1), workspace.timezone), monday };
}

async function whatWorksFor(deps: JobDeps, workspace: Workspace, teamId: number | null, window: { from: Date; to: Date }): Promise<Message> {
  const { t, fmt } = languageOf(workspaceLocale(workspace));
  return whatWorksMessage(await whatWorks(deps.db, { workspace, teamId, ...window }), t, fmt);
}

/**
 * Friday afternoon: "what works" this week to every team channel (the goals channels: a team's own
 * gets that team's week, the workspace's gets everyone's), once per channel and week.
 */
export async function postWhatWorks(deps: JobDeps, run: JobRun, workspace: Workspace): Promise<Outcome> {
  const window = weekSoFar(workspace, deps.clock.now());
  const outcomes: string[] = [];
  for (const channel of await channelsOf(deps.db, workspace.id, 'goals')) {
    const message = await whatWorksFor(deps, workspace, channel.teamId, window);
    const key = { kind: 'whatworks.weekly', recipient: `channel:${channel.conversationId}`, period: isoWeekOf(window.monday) };
    outcomes.push(`${channel.conversationId}: ${await deliverOnce(deps, run, workspace, key, { kind: 'channel', conversationId: channel.conversationId }, message)}`);
  }
  return outcomes.length === 0 ? 'no goals channel' : outcomes.join(', ');
}

/** An admin's preview: the whole workspace's week so far, in their DM. */
export async function previewWhatWorks(deps: JobDeps, run: JobRun, workspace: Workspace, member: { id: number; external_id: string }): Promise<Outcome> {
  const message = await whatWorksFor(deps, workspace, null, weekSoFar(workspace, deps.clock.now()));
  return deliverOnce(deps, run, workspace, { kind: 'preview.whatworks', recipient: `member:${member.id}`, period: run.id }, { kind: 'direct', userId: member.external_id }, message);
}

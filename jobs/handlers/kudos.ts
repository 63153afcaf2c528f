import { readerLocale, workspaceLocale } from '../../src/bot/session.ts';
import { channelFor } from '../../src/domain/channels/channel.repository.ts';
import { kudosView } from '../../src/domain/kudos/kudos.repository.ts';
import { kudosDayMessage, kudosDirectMessage, kudosPostMessage } from '../../src/domain/kudos/kudos.views.ts';
import { languageOf } from '../../src/i18n/language.ts';
import { localDay } from '../../src/time/periods.ts';
import { deliverOnce, postedMessage } from '../deliver.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { workspaceById } from './goals.ts';

/**
 * Kudos were given: each receiver gets a DM in their own language, and the shout-out goes in the
 * thread of the day's kudos post in the giver's team's recognition channel (the day's post is made by
 * the first kudos of the day, so the channel gets one message a day however many are given). Every
 * post has its own key, so a retry posts only what is missing.
 */
export async function postKudos(deps: JobDeps, run: JobRun, kudosId: number): Promise<Outcome> {
  const view = await kudosView(deps.db, kudosId);
  const workspace = view && (await workspaceById(deps, view.kudos.workspace_id));
  if (!view || !workspace) return 'gone';
  const outcomes: string[] = [];
  // The receivers first: their DMs do not depend on the channel, which may refuse the bot for good.
  for (const receiver of view.receivers) {
    const { t, fmt } = languageOf(readerLocale(workspace, receiver));
    const key = { kind: 'kudos.dm', recipient: `member:${receiver.id}`, period: String(kudosId) };
    outcomes.push(`${receiver.id}: ${await deliverOnce(deps, run, workspace, key, { kind: 'direct', userId: receiver.external_id }, kudosDirectMessage(view, t, fmt))}`);
  }
  const channel = await channelFor(deps.db, workspace.id, 'recognition', view.kudos.team_id);
  if (channel) {
    const { t, fmt } = languageOf(workspaceLocale(workspace));
    const day = localDay(view.kudos.created_at, workspace.timezone);
    const dayKey = { kind: 'kudos.day', recipient: `channel:${channel}`, period: day };
    await deliverOnce(deps, run, workspace, dayKey, { kind: 'channel', conversationId: channel }, kudosDayMessage(day, t, fmt));
    const threadId = await postedMessage(deps.db, workspace.id, dayKey);
    const key = { kind: 'kudos', recipient: `channel:${channel}`, period: String(kudosId) };
    if (threadId) outcomes.push(`thread: ${await deliverOnce(deps, run, workspace, key, { kind: 'channel', conversationId: channel, threadId }, kudosPostMessage(view, t, fmt))}`);
  }
  return outcomes.join(', ');
}

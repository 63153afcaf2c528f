import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { upsertConversation } from '../conversations/conversation.repository.ts';
import { findTeamByName } from '../teams/team.repository.ts';
import type { Team } from '../teams/team.table.ts';
import { lockWorkspace } from '../workspaces/workspace.service.ts';
import { CHANNEL_EXAMPLES, type ChannelArgs, type ChannelTarget } from './channel.grammar.ts';
import { channelFor, deleteChannel, findChannel, upsertChannel } from './channel.repository.ts';
import type { ChannelPurpose } from './channel.table.ts';

/** What `/pacer config channel …` did. `changed` false: it was already so, and nothing was written. */
export interface ChannelChange {
  purpose: ChannelPurpose;
  /** The team whose own channel this is; null: the workspace's default. */
  team: Team | null;
  before: string | null;
  after: string | null;
  changed: boolean;
  /** Where the team's posts go now that its own channel is gone: the workspace default, if any. */
  fallback?: string;
}

/**
 * The conversation `here` means: where the command was typed. A 1:1 chat with the bot is refused:
 * posts meant for a team would reach only the admin who typed it.
 */
async function hereConversation(ctx: CommandContext): Promise<Result<string, Problem>> {
  const here = ctx.conversation;
  if (!here) return err(problem('invalid', 'pacer.channel.error.no_conversation', {}, CHANNEL_EXAMPLES.goals));
  if (here.kind === 'direct') return err(problem('invalid', 'pacer.channel.error.direct', {}, CHANNEL_EXAMPLES.goals));
  // Remembered like an install, so that a later post can reach it (Teams needs its service URL).
  await upsertConversation(
    ctx.db,
    { workspace_id: ctx.workspace.id, conversation_id: here.conversationId, service_url: here.serviceUrl ?? null, kind: here.kind ?? null, installed_by: null },
    ctx.now,
  );
  return ok(here.conversationId);
}

async function conversationOf(ctx: CommandContext, target: Exclude<ChannelTarget, { kind: 'off' }>): Promise<Result<string, Problem>> {
  return target.kind === 'here' ? hereConversation(ctx) : ok(target.id);
}

/**
 * Chooses (or, with `off`, forgets) the channel for a purpose, for the workspace or one team;
 * audited as `workspace.channel` with the conversation before and after. The workspace row is locked
 * first, as for every settings change, so two admins choosing at once are applied one after the other.
 */
export async function chooseChannel(ctx: CommandContext, args: ChannelArgs): Promise<Result<ChannelChange, Problem>> {
  let team: Team | null = null;
  if (args.team !== undefined) {
    team = (await findTeamByName(ctx.db, ctx.workspace.id, args.team)) ?? null;
    if (!team) return err(problem('not_found', 'pacer.team.error.unknown', { team: args.team }, `/pacer team create ${args.team}`));
  }
  const target = args.target;
  const conversation = target.kind === 'off' ? undefined : await conversationOf(ctx, target);
  if (conversation && !conversation.ok) return conversation;

  const workspace = await lockWorkspace(ctx.db, ctx.workspace.id);
  const teamId = team?.id ?? null;
  const existing = await findChannel(ctx.db, workspace.id, args.purpose, teamId);
  const before = existing?.conversation_id ?? null;
  const after = conversation?.value ?? null;
  const change: ChannelChange = { purpose: args.purpose, team, before, after, changed: before !== after };
  if (!change.changed) return ok(change);

  if (after === null) {
    // `changed` implies a row to delete when the target is off.
    if (existing) await deleteChannel(ctx.db, existing.id);
    if (team) {
      const fallback = await channelFor(ctx.db, workspace.id, args.purpose, null);
      if (fallback !== undefined) change.fallback = fallback;
    }
  } else {
    await upsertChannel(ctx.db, { workspaceId: workspace.id, purpose: args.purpose, teamId, conversationId: after, setBy: ctx.actor.id, at: ctx.now });
  }
  await ctx.audit('workspace.channel', `workspace:${workspace.external_id}`, { purpose: args.purpose, team: team?.name ?? null, before, after });
  return ok(change);
}

import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { channelFor } from '../channels/channel.repository.ts';
import { dealRef } from '../deals/deal.ts';
import { findDealByNumber } from '../deals/deal.repository.ts';
import type { Member } from '../members/member.table.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { KUDOS_EXAMPLES, type KudosArgs } from './kudos.grammar.ts';
import { insertKudos } from './kudos.repository.ts';
import type { Kudos } from './kudos.table.ts';

export interface KudosGiven {
  kudos: Kudos;
  receivers: Member[];
  /** The recognition channel it will be posted in; none chosen: only the receivers hear of it. */
  channel?: string;
}

const PERSON_MENTION = /<@([^>\s|]+)(?:\|[^>]*)?>/g;
const CHANNEL_REF = /<#([^>\s|]+)(?:\|([^>]*))?>/g;

/**
 * The reason as it is kept and posted: a colleague named in it (`… with <@U0BOB>'s help`) becomes
 * `@Bob` and a channel `#name`, so a shout-out in a channel pings nobody but the people thanked, who
 * hear of it by DM. Everything else is kept as typed; renderers escape it (`<!channel>` stays text).
 */
async function plainReason(ctx: CommandContext, reason: string): Promise<string> {
  const names = new Map<string, string>();
  for (const [, id] of reason.matchAll(PERSON_MENTION)) {
    if (id && !names.has(id)) names.set(id, (await ctx.findMember({ kind: 'id', id }))?.display_name ?? ctx.t('kudos.someone'));
  }
  return reason
    .replace(PERSON_MENTION, (_, id: string) => `@${names.get(id) ?? ctx.t('kudos.someone')}`)
    .replace(CHANNEL_REF, (_, id: string, name?: string) => `#${name || id}`);
}

/**
 * Records a shout-out for its receivers; its posts (the recognition channel's thread and a DM to each)
 * go out after commit. Audited as `kudos.give`. No kudos to yourself: thanking yourself is not recognition.
 */
export async function giveKudos(ctx: CommandContext, args: KudosArgs): Promise<Result<KudosGiven, Problem>> {
  const receivers: Member[] = [];
  for (const ref of args.receivers) {
    const found = await resolveMember(ctx, ref, KUDOS_EXAMPLES.one);
    if (!found.ok) return { ...found, error: { ...found.error, field: 'who' } };
    if (found.value.id === ctx.actor.id) return err({ ...problem('invalid', 'kudos.error.self', {}, KUDOS_EXAMPLES.one), field: 'who' });
    // `@alice <@U0ALICE>` names one person two ways.
    if (!receivers.some((r) => r.id === found.value.id)) receivers.push(found.value);
  }
  const deal = args.deal === undefined ? undefined : await findDealByNumber(ctx.db, ctx.workspace.id, args.deal);
  if (args.deal !== undefined && !deal) return err({ ...problem('not_found', 'kudos.error.deal_not_found', { ref: dealRef(args.deal) }, KUDOS_EXAMPLES.many), field: 'deal' });
  const reason = await plainReason(ctx, args.reason);
  const kudos = await insertKudos(ctx.db, {
    workspaceId: ctx.workspace.id, giverId: ctx.actor.id, teamId: ctx.actor.team_id, reason, dealId: deal?.id ?? null, receiverIds: receivers.map((r) => r.id), at: ctx.now,
  });
  await ctx.audit('kudos.give', `kudos:${kudos.id}`, { receivers: receivers.map((r) => r.display_name), deal: deal ? dealRef(deal.number) : null });
  ctx.after({ kind: 'kudos.given', workspaceId: ctx.workspace.id, kudosId: kudos.id });
  const channel = await channelFor(ctx.db, ctx.workspace.id, 'recognition', ctx.actor.team_id);
  return ok({ kudos, receivers, ...(channel !== undefined && { channel }) });
}

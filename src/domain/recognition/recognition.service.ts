import type { CommandContext, UserRef } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { mayAct } from '../../bot/roles.ts';
import { awardsOf, findAward, markDelivered, type AwardView } from '../incentives/incentive.repository.ts';
import { kudosReceived } from '../kudos/kudos.repository.ts';
import type { Member } from '../members/member.table.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { RECOGNITION_EXAMPLES } from './recognition.grammar.ts';

/** Earned incentives a view lists: a year of months is twelve, plus quarters. */
const AWARDS_SHOWN = 20;
const KUDOS_DAYS = 30;
const KUDOS_SHOWN = 3;

export interface RecognitionView {
  member: Member;
  /** True when the caller looks at their own. */
  own: boolean;
  awards: AwardView[];
  kudos: Awaited<ReturnType<typeof kudosReceived>>;
}

/**
 * What a rep has earned (pending and delivered) and the kudos they got lately. A rep sees their own;
 * managers may look at anyone's (what a rep earns is between them and their managers).
 */
export async function recognitionOf(ctx: CommandContext, user: UserRef | undefined): Promise<Result<RecognitionView, Problem>> {
  let member = ctx.actor;
  if (user) {
    const found = await resolveMember(ctx, user, RECOGNITION_EXAMPLES.someone);
    if (!found.ok) return found;
    if (found.value.id !== ctx.actor.id && !mayAct(ctx.role, 'manager')) return err(problem('forbidden', 'recognition.error.not_yours', {}, RECOGNITION_EXAMPLES.mine));
    member = found.value;
  }
  const since = new Date(ctx.now.getTime() - KUDOS_DAYS * 86_400_000);
  const awards = await awardsOf(ctx.db, member.id, AWARDS_SHOWN);
  const kudos = await kudosReceived(ctx.db, member.id, since, KUDOS_SHOWN);
  return ok({ member, own: member.id === ctx.actor.id, awards, kudos });
}

/**
 * Marks earned incentives delivered (a manager handed over the bonus, booked the day off). All or
 * none: one unknown or already delivered id refuses the lot, so a retyped list never half-applies.
 * Audited as `incentive.deliver` per award.
 */
export async function deliverAwards(ctx: CommandContext, ids: number[]): Promise<Result<AwardView[], Problem>> {
  const awards: AwardView[] = [];
  for (const id of ids) {
    const found = await findAward(ctx.db, ctx.workspace.id, id);
    if (!found) return err(problem('not_found', 'recognition.error.award_not_found', { id }, '/recognition pending'));
    if (found.award.delivered_at) return err(problem('conflict', 'recognition.error.already_delivered', { id, name: found.member }, '/recognition pending'));
    awards.push(found);
  }
  for (const a of awards) {
    await markDelivered(ctx.db, a.award.id, ctx.actor.id, ctx.now);
    await ctx.audit('incentive.deliver', `award:${a.award.id}`, { member: a.member, incentive: a.incentive.name, period: a.award.period_start });
  }
  return ok(awards);
}

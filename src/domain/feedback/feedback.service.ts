import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { periodBounds, zonedDayStart } from '../../time/periods.ts';
import { dealRef } from '../deals/deal.ts';
import { findDealByNumber } from '../deals/deal.repository.ts';
import { EXAMPLES, LIST_SIZE, parseVoteValue, type PostRef } from './feedback.ts';
import type { AddFeedbackArgs, ListFeedbackArgs } from './feedback.grammar.ts';
import { countByKind, findFeedbackItem, insertFeedback, insertVote, latestFeedback, type FeedbackItem } from './feedback.repository.ts';
import type { FeedbackList } from './feedback.views.ts';

/**
 * `/feedback`: records it for the caller, with the team they are in now (so moving them later does not
 * move it) and the deal named, looked up only in this workspace. Audited as `feedback.add`.
 */
export async function addFeedback(ctx: CommandContext, args: AddFeedbackArgs): Promise<Result<FeedbackItem, Problem>> {
  const deal = args.deal === undefined ? undefined : await findDealByNumber(ctx.db, ctx.workspace.id, args.deal);
  if (args.deal !== undefined && !deal) {
    return err({ ...problem('not_found', 'feedback.error.deal_not_found', { ref: dealRef(args.deal) }, EXAMPLES[args.kind]), field: 'deal' });
  }
  const saved = await insertFeedback(ctx.db, {
    workspaceId: ctx.workspace.id, memberId: ctx.actor.id, teamId: ctx.actor.team_id, kind: args.kind, text: args.text, dealId: deal?.id ?? null, at: ctx.now,
  });
  await ctx.audit('feedback.add', `feedback:${saved.id}`, { kind: args.kind, text: args.text, deal: deal ? dealRef(deal.number) : null });
  return ok({
    id: saved.id, kind: saved.kind, text: saved.text, memberId: ctx.actor.id, author: ctx.actor.display_name, teamId: saved.team_id, createdAt: saved.created_at, votes: 0,
    ...(deal && { deal: { ref: dealRef(deal.number), customer: deal.customer, amountMinor: deal.amount_minor, currency: deal.currency } }),
  });
}

/** `/feedback list`: this calendar month's newest (in the workspace's zone), and how many there are. */
export async function listFeedback(ctx: CommandContext, args: ListFeedbackArgs): Promise<FeedbackList> {
  const zone = ctx.workspace.timezone;
  const month = periodBounds('month', ctx.now, zone);
  const window = { workspaceId: ctx.workspace.id, from: zonedDayStart(month.start, zone), to: zonedDayStart(month.end, zone) };
  const items = await latestFeedback(ctx.db, { ...window, ...(args.kind && { kind: args.kind }), limit: LIST_SIZE });
  // Counting is only needed when the page is full: a shorter page is the whole month.
  const counts = items.length < LIST_SIZE ? undefined : await countByKind(ctx.db, window);
  const total = !counts ? items.length : args.kind ? counts[args.kind] : counts.customer + counts.product + counts.technique;
  return { ...(args.kind && { kind: args.kind }), items, total };
}

export interface Voted {
  technique: FeedbackItem;
  /** The post the button sat in, when it said. */
  post?: PostRef;
}

/**
 * A +1 on a technique from its button. One per person (a second is refused, saying so, and changes
 * nothing); never on one's own technique, nor on a customer or product note. Audited as `feedback.vote`.
 */
export async function voteFor(ctx: CommandContext, value: string | undefined): Promise<Result<Voted, Problem>> {
  const parsed = parseVoteValue(value);
  if (!parsed) return err(problem('invalid', 'feedback.error.button_invalid'));
  const found = await findFeedbackItem(ctx.db, ctx.workspace.id, parsed.feedbackId);
  if (!found) return err(problem('not_found', 'feedback.error.vote_gone'));
  if (found.kind !== 'technique') return err(problem('invalid', 'feedback.error.vote_not_technique'));
  if (found.memberId === ctx.actor.id) return err(problem('forbidden', 'feedback.error.vote_own'));
  if (!(await insertVote(ctx.db, found.id, ctx.actor.id, ctx.now))) {
    return err(problem('conflict', 'feedback.error.vote_again', { count: found.votes }));
  }
  await ctx.audit('feedback.vote', `feedback:${found.id}`, { author: found.author });
  // Read again rather than add one: others' +1s committed meanwhile count too.
  const technique = (await findFeedbackItem(ctx.db, ctx.workspace.id, found.id)) ?? { ...found, votes: found.votes + 1 };
  return ok({ technique, ...(parsed.post && { post: parsed.post }) });
}

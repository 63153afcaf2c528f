import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { mayAct } from '../../bot/roles.ts';
import type { GoalStatus } from '../goals/goal.ts';
import { goalsFor } from '../goals/goal.service.ts';
import { checkMove, dealRef, UNDO_WINDOW_MS } from './deal.ts';
import type { LogDealArgs } from './deal.grammar.ts';
import { deleteDeal, findDealByNumber, insertDeal, lastDealOf, setDealStage } from './deal.repository.ts';
import type { Deal } from './deal.table.ts';

export interface LoggedDeal {
  deal: Deal;
  /** The rep's own goals after this deal: what it did to them. */
  goals: GoalStatus[];
}

/** Logs a won or lost deal for the caller, numbered per workspace; audited in the same transaction. */
export async function logDeal(ctx: CommandContext, args: LogDealArgs): Promise<LoggedDeal> {
  const won = args.outcome === 'won';
  const deal = await insertDeal(ctx.db, {
    workspace_id: ctx.workspace.id,
    member_id: ctx.actor.id,
    team_id: ctx.actor.team_id,
    customer: args.customer,
    product: args.product ?? null,
    amount_minor: args.amount ?? null,
    stage: won ? 'won' : 'lost',
    loss_reason: args.outcome === 'lost' ? args.reason : null,
    occurred_at: ctx.now,
    won_at: won ? ctx.now : null,
    lost_at: won ? null : ctx.now,
  });
  await ctx.audit('deal.create', `deal:${dealRef(deal.number)}`, { ...args, currency: deal.currency });
  const goals = won ? await goalsFor(ctx.db, ctx.workspace, ctx.actor, ctx.now, ['rep']) : [];
  return { deal, goals };
}

const notFound = (number: number, example: string): Problem =>
  problem('not_found', 'deals.error.not_found', { ref: dealRef(number) }, example);

/** Moves a deal on (won → delivered → serviced). Its rep may, and so may managers and admins. */
export async function moveDeal(ctx: CommandContext, number: number, stage: 'delivered' | 'serviced'): Promise<Result<Deal, Problem>> {
  const example = `/deal ${stage} ${dealRef(number)}`;
  const deal = await findDealByNumber(ctx.db, ctx.workspace.id, number);
  if (!deal) return err(notFound(number, example));
  if (deal.member_id !== ctx.actor.id && !mayAct(ctx.role, 'manager')) {
    return err(problem('forbidden', 'deals.error.not_yours', { ref: dealRef(number) }));
  }
  const check = checkMove(deal.stage, stage);
  if (!check.ok) {
    const previous = `/deal delivered ${dealRef(number)}`;
    return err(problem('conflict', `deals.error.move_${check.reason}`, { ref: dealRef(number), stage: ctx.t(`deals.stages.${deal.stage}`) }, check.reason === 'not_yet' ? previous : undefined));
  }
  const moved = await setDealStage(ctx.db, deal.id, stage, ctx.now);
  await ctx.audit(`deal.${stage}`, `deal:${dealRef(number)}`, { from: deal.stage });
  return ok(moved);
}

/**
 * Takes back one of the caller's own deals within UNDO_WINDOW_MS of logging it: the last one, or
 * the one named (the Undo button names it). The window counts from when the deal was logged.
 */
export async function undoDeal(ctx: CommandContext, number?: number): Promise<Result<Deal, Problem>> {
  const deal = number === undefined ? await lastDealOf(ctx.db, ctx.workspace.id, ctx.actor.id) : await findDealByNumber(ctx.db, ctx.workspace.id, number);
  if (!deal) return err(number === undefined ? problem('not_found', 'deals.error.nothing_to_undo', {}, '/deal 12500 Acme Corp') : notFound(number, '/deal undo'));
  const ref = dealRef(deal.number);
  if (deal.member_id !== ctx.actor.id) return err(problem('forbidden', 'deals.error.not_yours', { ref }));
  if (ctx.now.getTime() - deal.occurred_at.getTime() > UNDO_WINDOW_MS) {
    return err(problem('conflict', 'deals.error.undo_expired', { ref, minutes: UNDO_WINDOW_MS / 60_000 }));
  }
  await deleteDeal(ctx.db, deal.id);
  await ctx.audit('deal.undo', `deal:${ref}`, { deal: { ...deal, id: undefined } });
  return ok(deal);
}

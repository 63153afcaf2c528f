import type { CommandContext } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { INCENTIVE_EXAMPLES, type AddIncentiveArgs } from './incentive.grammar.ts';
import { endIncentive, findActiveByName, insertIncentive } from './incentive.repository.ts';
import type { Incentive } from './incentive.table.ts';

/** At most this many on offer at once: a longer list is noise in every announcement. */
export const MAX_ACTIVE = 20;

/**
 * Offers an incentive from now on: it applies to every period that ends after it was added. Named
 * after its kind when no name is given; two on offer cannot share a name. Audited as `incentive.add`.
 */
export async function addIncentive(ctx: CommandContext, args: AddIncentiveArgs): Promise<Result<Incentive, Problem>> {
  const name = args.name ?? ctx.t(`incentives.kinds.${args.kind}_name`);
  const clash = await findActiveByName(ctx.db, ctx.workspace.id, name);
  if (clash) return err(problem('conflict', 'incentives.error.exists', { name, id: clash.id }, `/pacer incentive remove ${clash.id}`));
  const live = await ctx.db.selectFrom('incentives').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', ctx.workspace.id).where('ended_at', 'is', null).executeTakeFirstOrThrow();
  if (Number(live.n) >= MAX_ACTIVE) return err(problem('invalid', 'incentives.error.over_limit', { max: MAX_ACTIVE }, INCENTIVE_EXAMPLES.remove));
  const incentive = await insertIncentive(ctx.db, { workspaceId: ctx.workspace.id, name, kind: args.kind, ...(args.amount && { amount: args.amount }), rule: args.rule, threshold: args.threshold, period: args.period, createdBy: ctx.actor.id, at: ctx.now });
  await ctx.audit('incentive.add', `incentive:${incentive.id}`, { name, kind: args.kind, rule: args.rule, threshold: args.threshold, period: args.period });
  return ok(incentive);
}

/** Takes an incentive off offer; what reps earned under it stays theirs. Audited as `incentive.remove`. */
export async function removeIncentive(ctx: CommandContext, id: number): Promise<Result<Incentive, Problem>> {
  const ended = await endIncentive(ctx.db, ctx.workspace.id, id, ctx.now);
  if (!ended) return err(problem('not_found', 'incentives.error.not_found', { id }, '/pacer incentive list'));
  await ctx.audit('incentive.remove', `incentive:${id}`, { name: ended.name });
  return ok(ended);
}

import { defineCommand, type ActionSpec, type Command, type ParseContext } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parseAmount } from '../../money/amount.ts';
import { parseDealRef } from './deal.ts';
import { buildArgs, EXAMPLES, parseLostDeal, parseRefArg, parseWonDeal, type LogDealArgs } from './deal.grammar.ts';
import { logDeal, moveDeal, undoDeal } from './deal.service.ts';
import { dealForm, dealLoggedMessage, dealMovedMessage, dealUndoneMessage, UNDO_ACTION } from './deal.views.ts';

/** Reads the `/deal` form into the same arguments the text grammar gives. */
function fromDealForm(values: Record<string, string | undefined>, pctx: ParseContext): Result<LogDealArgs, Record<string, Problem>> {
  const outcome = values.outcome === 'lost' ? 'lost' : 'won';
  const example = outcome === 'won' ? EXAMPLES.won : EXAMPLES.lost;
  let amount: bigint | undefined;
  if (values.amount?.trim()) {
    const parsed = parseAmount(values.amount, { locale: pctx.numberLocale, currency: pctx.currency });
    if (!parsed.ok) return err({ amount: parsed.error });
    amount = parsed.value;
  }
  const args = buildArgs({ outcome, amount, customer: values.customer ?? '', product: values.product, reasonText: values.reason }, example);
  return args.ok ? args : err({ [args.error.field ?? 'customer']: args.error });
}

const logWonDeal = defineCommand({
  path: 'deal',
  summary: 'deals.help.won',
  usage: '/deal <amount> <customer> [product: <product>]',
  examples: [EXAMPLES.won, '/deal 12,500 Acme', '/deal 1.2M Initech'],
  role: 'rep',
  parse: parseWonDeal,
  async run(ctx, args) {
    return ok(dealLoggedMessage(await logDeal(ctx, args), ctx.t, ctx.fmt));
  },
  form: (fctx) => dealForm(fctx.t, fctx.state),
  fromForm: fromDealForm,
});

const logLostDeal = defineCommand({
  path: 'deal lost',
  summary: 'deals.help.lost',
  usage: '/deal lost [amount] <customer> reason: <product|price|delivery|service|people|other>',
  examples: [EXAMPLES.lost, '/deal lost 8000 Initech reason: delivery product: Widgets'],
  role: 'rep',
  parse: parseLostDeal,
  async run(ctx, args) {
    return ok(dealLoggedMessage(await logDeal(ctx, args), ctx.t, ctx.fmt));
  },
});

const moveCommand = (stage: 'delivered' | 'serviced'): Command =>
  defineCommand({
    path: `deal ${stage}`,
    summary: `deals.help.${stage}`,
    usage: `/deal ${stage} <deal>`,
    examples: [`/deal ${stage} D-42`],
    role: 'rep',
    parse: (text) => parseRefArg(text, `/deal ${stage} D-42`),
    async run(ctx, number) {
      const moved = await moveDeal(ctx, number, stage);
      return moved.ok ? ok(dealMovedMessage(moved.value, ctx.t)) : moved;
    },
  });

const undo = defineCommand<number | undefined>({
  path: 'deal undo',
  summary: 'deals.help.undo',
  usage: '/deal undo [deal]',
  examples: ['/deal undo'],
  role: 'rep',
  parse(text) {
    if (!text.trim()) return ok(undefined);
    const number = parseDealRef(text);
    return number === undefined ? err(usage('deals.error.ref_invalid', { ref: text.trim().slice(0, 40) }, '/deal undo')) : ok(number);
  },
  async run(ctx, number) {
    const undone = await undoDeal(ctx, number);
    return undone.ok ? ok(dealUndoneMessage(undone.value, ctx.t, ctx.fmt)) : undone;
  },
});

export const dealCommands: Command[] = [logWonDeal, logLostDeal, moveCommand('delivered'), moveCommand('serviced'), undo];

/** The Undo button on a deal confirmation: takes back that deal (same rules as `/deal undo`). */
export const dealActions: ActionSpec[] = [
  {
    actionId: UNDO_ACTION,
    role: 'rep',
    async run(ctx, value) {
      const number = value === undefined ? undefined : parseDealRef(value);
      const undone = await undoDeal(ctx, number);
      return undone.ok ? ok(dealUndoneMessage(undone.value, ctx.t, ctx.fmt)) : undone;
    },
  },
];

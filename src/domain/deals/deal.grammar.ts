import type { ParseContext } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { isAmountLike, parseAmount } from '../../money/amount.ts';
import { MAX_NAME_LENGTH, parseDealRef, parseLossReason } from './deal.ts';
import { LOSS_REASONS, type LossReason } from './deal.table.ts';

export type LogDealArgs =
  | { outcome: 'won'; amount: bigint; customer: string; product?: string }
  | { outcome: 'lost'; amount?: bigint; customer: string; product?: string; reason: LossReason };

export const EXAMPLES = {
  won: '/deal 12500 Acme Corp product: Widgets',
  lost: '/deal lost Globex reason: price',
  move: '/deal delivered D-42',
} as const;

/** Longest command text read at all; anything longer is refused before it is looked at. */
export const MAX_TEXT_LENGTH = 1000;

/** `key: value` options that may follow the customer, in English or Slovenian. */
const OPTION = /(?:^|\s)(product|izdelek|reason|razlog)\s*:\s*/giu;
const OPTION_NAMES: Record<string, 'product' | 'reason'> = { product: 'product', izdelek: 'product', reason: 'reason', razlog: 'reason' };

interface Split {
  main: string;
  options: Partial<Record<'product' | 'reason', string>>;
}

/** Splits `12500 Acme Corp product: Widgets` into the main part and its named options. */
function splitOptions(text: string): Split {
  const marks = [...text.matchAll(OPTION)];
  const options: Split['options'] = {};
  marks.forEach((mark, i) => {
    const name = OPTION_NAMES[(mark[1] ?? '').toLowerCase()];
    const from = (mark.index ?? 0) + mark[0].length;
    const to = marks[i + 1]?.index ?? text.length;
    if (name) options[name] = text.slice(from, to).trim();
  });
  return { main: (marks[0] ? text.slice(0, marks[0].index) : text).trim(), options };
}

function checkName(value: string | undefined, what: 'customer' | 'product', example: string): Result<string | undefined, Problem> {
  const name = value?.replace(/\s+/g, ' ').trim();
  if (!name) return ok(undefined);
  if (name.length > MAX_NAME_LENGTH) return err(usage(`deals.error.${what}_too_long`, { max: MAX_NAME_LENGTH }, example));
  return ok(name);
}

/** Finds the amount at the start (canonical) or the end of the main part; the rest is the customer. */
function splitAmount(main: string, pctx: ParseContext): { amountText?: string; customer: string } {
  const tokens = main.split(/\s+/).filter(Boolean);
  const first = tokens[0];
  const last = tokens.at(-1);
  if (first && isAmountLike(first, pctx.numberLocale)) return { amountText: first, customer: tokens.slice(1).join(' ') };
  if (tokens.length > 1 && last && isAmountLike(last, pctx.numberLocale)) return { amountText: last, customer: tokens.slice(0, -1).join(' ') };
  return { customer: main };
}

function tooLong(text: string, example: string): Problem | undefined {
  return text.length > MAX_TEXT_LENGTH ? usage('deals.error.too_long', { max: MAX_TEXT_LENGTH }, example) : undefined;
}

/** `/deal 12500 Acme Corp product: Widgets` */
export function parseWonDeal(text: string, pctx: ParseContext): Result<LogDealArgs, Problem> {
  const long = tooLong(text, EXAMPLES.won);
  if (long) return err(long);
  const { main, options } = splitOptions(text);
  const { amountText, customer } = splitAmount(main, pctx);
  if (!amountText) return err(usage('deals.error.amount_missing', {}, EXAMPLES.won));
  const amount = parseAmount(amountText, { locale: pctx.numberLocale, currency: pctx.currency });
  if (!amount.ok) return err({ ...amount.error, example: EXAMPLES.won });
  return buildArgs({ outcome: 'won', amount: amount.value, customer, product: options.product }, EXAMPLES.won);
}

/** `/deal lost [amount] Globex reason: price` */
export function parseLostDeal(text: string, pctx: ParseContext): Result<LogDealArgs, Problem> {
  const long = tooLong(text, EXAMPLES.lost);
  if (long) return err(long);
  const { main, options } = splitOptions(text);
  const { amountText, customer } = splitAmount(main, pctx);
  let amount: bigint | undefined;
  if (amountText) {
    const parsed = parseAmount(amountText, { locale: pctx.numberLocale, currency: pctx.currency });
    if (!parsed.ok) return err({ ...parsed.error, example: EXAMPLES.lost });
    amount = parsed.value;
  }
  return buildArgs({ outcome: 'lost', amount, customer, product: options.product, reasonText: options.reason }, EXAMPLES.lost);
}

interface RawArgs {
  outcome: 'won' | 'lost';
  amount?: bigint | undefined;
  customer: string;
  product?: string | undefined;
  reasonText?: string | undefined;
}

/** Shared by the text grammar and the form: checks names and the loss reason, builds the args. */
export function buildArgs(raw: RawArgs, example: string): Result<LogDealArgs, Problem> {
  const customer = checkName(raw.customer, 'customer', example);
  if (!customer.ok) return customer;
  if (!customer.value) return err({ ...usage('deals.error.customer_missing', {}, example), field: 'customer' });
  const product = checkName(raw.product, 'product', example);
  if (!product.ok) return product;
  const extra = product.value ? { product: product.value } : {};
  if (raw.outcome === 'won') {
    if (raw.amount === undefined) return err({ ...usage('deals.error.amount_missing', {}, example), field: 'amount' });
    return ok({ outcome: 'won', amount: raw.amount, customer: customer.value, ...extra });
  }
  const reasons = LOSS_REASONS.join(', ');
  if (!raw.reasonText) return err({ ...usage('deals.error.reason_missing', { reasons }, EXAMPLES.lost), field: 'reason' });
  const reason = parseLossReason(raw.reasonText);
  if (!reason) return err({ ...usage('deals.error.reason_unknown', { reason: raw.reasonText, reasons }, EXAMPLES.lost), field: 'reason' });
  return ok({ outcome: 'lost', customer: customer.value, reason, ...extra, ...(raw.amount !== undefined && { amount: raw.amount }) });
}

/** `/deal delivered D-42` */
export function parseRefArg(text: string, example: string): Result<number, Problem> {
  const trimmed = text.trim();
  if (!trimmed) return err(usage('deals.error.ref_missing', {}, example));
  const number = parseDealRef(trimmed);
  return number === undefined ? err(usage('deals.error.ref_invalid', { ref: trimmed.slice(0, 40) }, example)) : ok(number);
}

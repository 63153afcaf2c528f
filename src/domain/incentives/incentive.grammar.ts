import type { ParseContext } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { isKnownCurrency, parseAmount } from '../../money/amount.ts';
import { parsePeriod } from '../../time/periods.ts';
import { MAX_ADMIN_TEXT } from '../members/member.grammar.ts';
import type { IncentiveKind, IncentivePeriod, IncentiveRule } from './incentive.table.ts';

export const INCENTIVE_EXAMPLES = {
  timeOff: '/pacer incentive add "Day off" time-off for 100%',
  bonus: '/pacer incentive add bonus 500 EUR for 120%',
  travel: '/pacer incentive add travel "Team trip" for top-1 quarter',
  remove: '/pacer incentive remove 3',
} as const;

/** Longest incentive name: it is shown in a table cell beside each rep who earned it. */
export const MAX_NAME = 60;
/** A share of goal above this is a typo (`1000%` is ten times the goal). */
export const MAX_PERCENT = 1000;
/** The top places an incentive can be for: a podium, or a top ten. */
export const MAX_TOP = 10;

export interface AddIncentiveArgs {
  /** As typed in quotes; none: the kind's own name. */
  name?: string;
  kind: IncentiveKind;
  /** A bonus's amount. */
  amount?: { minor: bigint; currency: string };
  rule: IncentiveRule;
  /** Percent of goal (`attainment`) or the number of top places (`top`). */
  threshold: number;
  period: IncentivePeriod;
}

const KIND_WORDS: Record<string, IncentiveKind> = {
  bonus: 'bonus', nagrada: 'bonus',
  'time-off': 'time-off', timeoff: 'time-off', 'day-off': 'time-off', dayoff: 'time-off', 'prost-dan': 'time-off', prosto: 'time-off', dopust: 'time-off',
  travel: 'travel', trip: 'travel', potovanje: 'travel', izlet: 'travel',
  office: 'office', pisarna: 'office',
  other: 'other', gift: 'other', drugo: 'other', darilo: 'other',
};

/** A name in straight, curly, Slovenian („…“) or guillemet quotes. */
const QUOTED = /"([^"]*)"|“([^”]*)”|„([^“”]*)[“”]|»([^«]*)«/u;
/** The word that starts the rule: `for 100%`, `za top-1`. */
const FOR = /\s(?:for|za)\s/giu;

function takeName(text: string): { name?: string; rest: string } {
  const match = QUOTED.exec(text);
  if (!match) return { rest: text };
  const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim();
  return { name, rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}` };
}

/** `100%`, `100 %`, `top-1`, `top 3`, `top3`, followed by an optional period word. */
function readRule(text: string): Result<Pick<AddIncentiveArgs, 'rule' | 'threshold' | 'period'>, Problem> {
  const match = /^(?:(\d{1,4})\s*%|top\s*-?\s*(\d{1,2}))(?:\s+(\S+))?$/iu.exec(text.trim());
  if (!match) return err(usage('incentives.error.rule', { text: text.trim().slice(0, 40) }, INCENTIVE_EXAMPLES.timeOff));
  const period = match[3] === undefined ? 'month' : parsePeriod(match[3]);
  if (!period || period === 'week') return err(usage('incentives.error.period', { period: (match[3] ?? '').slice(0, 20) }, INCENTIVE_EXAMPLES.travel));
  if (match[1] !== undefined) {
    const percent = Number(match[1]);
    if (percent < 1 || percent > MAX_PERCENT) return err(usage('incentives.error.percent', { max: MAX_PERCENT }, INCENTIVE_EXAMPLES.bonus));
    return ok({ rule: 'attainment', threshold: percent, period });
  }
  const places = Number(match[2]);
  if (places < 1 || places > MAX_TOP) return err(usage('incentives.error.top', { max: MAX_TOP }, INCENTIVE_EXAMPLES.travel));
  return ok({ rule: 'top', threshold: places, period });
}

/**
 * `bonus 500 EUR`, `bonus Xmas 500`: a name may come before the amount; after it only a currency (an
 * ISO code Intl knows), so a mistyped `bonus 500 EUX` is refused rather than taken for a name.
 */
function readBonus(words: string[], pctx: ParseContext): Result<{ amount: { minor: bigint; currency: string }; nameWords: string[] }, Problem> {
  const at = words.findIndex((w) => /\d/.test(w));
  if (at < 0) return err(usage('incentives.error.amount', {}, INCENTIVE_EXAMPLES.bonus));
  const isCode = (w: string | undefined): w is string => w !== undefined && /^[A-Za-z]{3}$/.test(w) && isKnownCurrency(w.toUpperCase());
  const after = words.slice(at + 1);
  if (after.length > 1 || (after[0] !== undefined && !isCode(after[0]))) {
    return err(usage('incentives.error.currency', { text: after.join(' ').slice(0, 20) }, INCENTIVE_EXAMPLES.bonus));
  }
  // `bonus USD 500` puts the code first.
  const before = words.slice(0, at);
  const code = after[0] ?? (isCode(before.at(-1)) ? before.pop() : undefined);
  const currency = code?.toUpperCase() ?? pctx.currency;
  const minor = parseAmount(words[at] ?? '', { locale: pctx.numberLocale, currency });
  if (!minor.ok) return minor;
  if (minor.value <= 0n) return err(usage('incentives.error.amount', {}, INCENTIVE_EXAMPLES.bonus));
  return ok({ amount: { minor: minor.value, currency }, nameWords: before });
}

/**
 * `/pacer incentive add "Day off" time-off for 100%` · `… bonus 500 EUR for 120%` ·
 * `… travel "Team trip" for top-1 quarter`. The kind is one word; a name with spaces is quoted (a
 * one-word name need not be); a bonus has an amount and no other kind does; the period is a month
 * unless named.
 */
export function parseAddIncentive(text: string, pctx: ParseContext): Result<AddIncentiveArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, INCENTIVE_EXAMPLES.timeOff));
  const { name, rest } = takeName(text.trim());
  const fors = [...rest.matchAll(FOR)];
  const last = fors.at(-1);
  if (!last) return err(usage('incentives.error.for_missing', {}, INCENTIVE_EXAMPLES.timeOff));
  const rule = readRule(rest.slice(last.index + last[0].length));
  if (!rule.ok) return rule;
  const words = rest.slice(0, last.index).trim().split(/\s+/).filter(Boolean);
  const kindAt = words.findIndex((w) => KIND_WORDS[w.toLowerCase()] !== undefined);
  const kind = KIND_WORDS[words[kindAt]?.toLowerCase() ?? ''];
  if (!kind) return err(usage('incentives.error.kind', { kinds: 'bonus, time-off, travel, office, other' }, INCENTIVE_EXAMPLES.timeOff));
  const others = words.filter((_, i) => i !== kindAt);
  // An unquoted name is the words left over: `/pacer incentive add office Chair for 150%`.
  const unquoted = (words: string[]): string | undefined => name ?? (words.length > 0 ? words.join(' ') : undefined);
  if (kind !== 'bonus') return checkedName({ kind, ...rule.value }, unquoted(others));
  const bonus = readBonus(others, pctx);
  return bonus.ok ? checkedName({ kind, amount: bonus.value.amount, ...rule.value }, unquoted(bonus.value.nameWords)) : bonus;
}

function checkedName(args: AddIncentiveArgs, name: string | undefined): Result<AddIncentiveArgs, Problem> {
  if (name === undefined) return ok(args);
  if (!name) return err(usage('incentives.error.name_empty', {}, INCENTIVE_EXAMPLES.timeOff));
  if ([...name].length > MAX_NAME) return err(usage('incentives.error.name_long', { max: MAX_NAME }, INCENTIVE_EXAMPLES.timeOff));
  return ok({ ...args, name });
}

/** `/pacer incentive remove 3` (or `#3`): the id the list shows. */
export function parseIncentiveId(text: string): Result<number, Problem> {
  const match = /^#?(\d{1,9})$/.exec(text.trim());
  if (!match?.[1]) return err(usage('incentives.error.id', { text: text.trim().slice(0, 40) }, INCENTIVE_EXAMPLES.remove));
  return ok(Number(match[1]));
}

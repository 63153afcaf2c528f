import { usage, type Problem } from '../bot/errors.ts';
import { err, ok, type Result } from '../bot/result.ts';
import type { Locale } from '../i18n/locale.ts';

/**
 * Amount parsing is Pacer's own logic (no library reads `12.5k` or both number conventions), and it
 * never touches floats: the text is reduced to digit strings and the value is built with BigInt.
 */

/** Largest amount accepted, in major units: anything above is a typo, not a deal. */
const MAX_MAJOR = 1_000_000_000_000n;
/** Longer input is not an amount anyone types; refusing it early keeps the work (and the echo) small. */
const MAX_INPUT_LENGTH = 64;
/** How much of the input a Problem echoes back. */
const ECHO_LENGTH = 40;

/** The locale's own separators. Spaces (any kind) group in every locale. */
const SEPARATORS: Record<Locale, { group: string; decimal: string }> = {
  en: { group: ',', decimal: '.' },
  sl: { group: '.', decimal: ',' },
};

/** An example of a correct amount per locale, shown with every amount Problem. */
const EXAMPLES: Record<Locale, string> = {
  en: '12500 · 12.5k · 12,500.50',
  sl: '12500 · 12,5k · 12.500,50',
};

const MULTIPLIERS: Record<string, number> = { k: 3, m: 6 };

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency as Intl knows them: EUR 2, JPY 0, KWD 3. Throws on an unknown code. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

/**
 * Exact decimal text of an amount in minor units, for Intl and for storage next to `numeric`.
 *
 *   minorToDecimalString(1250050n, 'EUR') === '12500.50'
 *   minorToDecimalString(1250n, 'JPY') === '1250'
 */
export function minorToDecimalString(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0n ? '-' : '';
  const abs = (minor < 0n ? -minor : minor).toString();
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Reads an amount typed by a person into minor units of the workspace currency.
 *
 *   parseAmount('12.5k', { locale: 'en', currency: 'EUR' })      → ok(1250000n)
 *   parseAmount('12.500,50 €', { locale: 'sl', currency: 'EUR' }) → ok(1250050n)
 *   parseAmount('12,500.50', { locale: 'sl', currency: 'EUR' })   → err(usage('money.error.not_a_number', …))
 *
 * Separators: the locale's own decimal char is always the decimal point, and its group char (or a
 * space) must group the integer part in threes. When the group char appears once and cannot be
 * grouping (`12,50` in en, `12.5k` in sl), it is read as a decimal point: people mix conventions and
 * multipliers, and no valid grouping is lost by this. More decimals than the currency has are refused
 * even when they are zeros, because `12.500` in an en workspace is far more often a Slovenian-style
 * twelve thousand five hundred than twelve and a half; asking is cheaper than recording the wrong deal.
 */
export function parseAmount(input: string, opts: { locale: Locale; currency: string }): Result<bigint, Problem> {
  const currency = opts.currency.toUpperCase();
  const fail = (key: string): Result<bigint, Problem> =>
    err(usage(`money.error.${key}`, { input: echo(input), currency }, EXAMPLES[opts.locale]));

  const read = readAmount(input, opts.locale);
  if (!read) return fail('not_a_number');

  for (const token of read.currencyTokens) {
    if (!isWorkspaceCurrency(token, currency)) return fail('wrong_currency');
  }

  const fractionDigits = read.fraction.length;
  const whole = BigInt(read.integer + read.fraction);
  if (read.negative || whole === 0n) return fail('not_positive');

  // value = whole / 10^fractionDigits * 10^shift; in minor units that is whole * 10^exponent.
  const exponent = read.shift + currencyDigits(currency) - fractionDigits;
  if (exponent < 0) return fail('too_many_decimals');
  const minor = whole * 10n ** BigInt(exponent);

  if (minor > MAX_MAJOR * 10n ** BigInt(currencyDigits(currency))) return fail('too_large');
  return ok(minor);
}

/**
 * A cheap look at one token: does it look like an amount (digits, separators, an optional `k`/`M` and
 * currency), as opposed to a word of a customer name? It says nothing about validity, on purpose: a
 * grammar should report `12,50,0` as a bad amount rather than record a customer called "12,50,0".
 * Both locales share the same shape; the locale is part of the signature so grammars need not change
 * if one gains its own forms.
 *
 *   isAmountLike('12.5k', 'en') === true; isAmountLike('Acme', 'en') === false
 */
export function isAmountLike(token: string, locale: Locale): boolean {
  void locale;
  const text = normaliseSpaces(token).trim();
  if (text.length === 0 || text.length > MAX_INPUT_LENGTH) return false;
  const match = /^[-+]?(?<pre>\p{Sc}|[A-Za-z]{3})?[-+]?(?:\d[\d.,]*|[.,]\d[\d.,]*)[kKmM]?(?<post>\p{Sc}|[A-Za-z]{3})?$/u.exec(
    text,
  );
  if (!match) return false;
  const { pre, post } = match.groups ?? {};
  return [pre, post].every((code) => code === undefined || /\p{Sc}/u.test(code) || isIsoCode(code));
}

interface ReadAmount {
  negative: boolean;
  /** Digits before the decimal point, grouping removed (may be empty: `.5k`). */
  integer: string;
  /** Digits after the decimal point. */
  fraction: string;
  /** Power of ten of the multiplier: 0, 3 (`k`) or 6 (`M`). */
  shift: number;
  /** Currency symbols or codes typed before or after the number, not yet checked. */
  currencyTokens: string[];
}

/** The syntax of an amount, without judging its currency or size; undefined when it is not one. */
function readAmount(input: string, locale: Locale): ReadAmount | undefined {
  if (input.length > MAX_INPUT_LENGTH) return undefined;
  let text = normaliseSpaces(input).trim();
  const currencyTokens: string[] = [];
  let negative = false;

  // A sign may stand before or after a leading currency: `-5`, `-€5`, `€-5`.
  const takeSign = (): void => {
    const sign = /^([-+])\s*/.exec(text);
    if (sign) {
      negative ||= sign[1] === '-';
      text = text.slice(sign[0].length);
    }
  };
  takeSign();
  const prefix = /^([^\d\s.,+-]+)\s*/.exec(text);
  if (prefix?.[1]) {
    if (!isCurrencyToken(prefix[1])) return undefined;
    currencyTokens.push(prefix[1]);
    text = text.slice(prefix[0].length);
  }
  takeSign();

  const split = /^(?<number>[\d.,\s]*\d)\s*(?<tail>\D*)$/.exec(text);
  const body = split?.groups?.['number'];
  if (body === undefined) return undefined;
  const tail = (split?.groups?.['tail'] ?? '').trim();

  const suffix = readSuffix(tail);
  if (!suffix) return undefined;
  if (suffix.currency) currencyTokens.push(suffix.currency);

  const number = readDigits(body, locale);
  if (!number) return undefined;
  return { negative, ...number, shift: suffix.shift, currencyTokens };
}

/**
 * What follows the digits: nothing, a multiplier, a currency, or a multiplier then a currency. The
 * multiplier is tried first so that `12K` stays twelve thousand even where `K` is also a currency
 * symbol (kwacha, kina): in a sales bot the multiplier is by far the likelier meaning.
 */
function readSuffix(tail: string): { shift: number; currency?: string } | undefined {
  if (tail === '') return { shift: 0 };
  const multiplier = MULTIPLIERS[tail.charAt(0).toLowerCase()];
  if (multiplier !== undefined) {
    const rest = tail.slice(1).trim();
    if (rest === '') return { shift: multiplier };
    if (isCurrencyToken(rest)) return { shift: multiplier, currency: rest };
  }
  if (isCurrencyToken(tail)) return { shift: 0, currency: tail };
  return undefined;
}

/** Splits the number body into integer and fraction digits by the rules documented on parseAmount. */
function readDigits(body: string, locale: Locale): { integer: string; fraction: string } | undefined {
  const { group, decimal } = SEPARATORS[locale];
  const decimalCount = count(body, decimal);
  if (decimalCount > 1) return undefined;
  if (decimalCount === 1) {
    const [integerPart = '', fraction = ''] = body.split(decimal);
    const integer = ungroup(integerPart, group);
    if (integer === undefined || !/^\d+$/.test(fraction)) return undefined;
    return { integer, fraction };
  }
  const integer = ungroup(body, group);
  if (integer !== undefined) return { integer, fraction: '' };
  // Not valid grouping: a single group char is then the decimal point (see parseAmount).
  if (count(body, group) === 1) {
    const [integerPart = '', fraction = ''] = body.split(group);
    if (/^\d*$/.test(integerPart) && /^\d+$/.test(fraction)) return { integer: integerPart, fraction };
  }
  return undefined;
}

/**
 * Removes grouping from an integer part, or undefined when the grouping is not valid: one kind of
 * separator (the locale's group char or a space), a first group of 1–3 digits, then groups of exactly 3.
 * An empty part is valid (`.5k`), as is a part without separators.
 */
function ungroup(part: string, group: string): string | undefined {
  if (/^\d*$/.test(part)) return part;
  const separator = part.includes(group) ? group : ' ';
  const groups = part.split(separator);
  const [first = '', ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) return undefined;
  return groups.join('');
}

const count = (text: string, char: string): number => text.split(char).length - 1;

/** NBSP, narrow NBSP, thin space and the like group digits too; the Unicode minus is a minus. */
const normaliseSpaces = (text: string): string => text.replace(/[\s\u00a0\u202f\u2009]/g, ' ').replace(/\u2212/g, '-');

const echo = (input: string): string => (input.length > ECHO_LENGTH ? `${input.slice(0, ECHO_LENGTH)}…` : input);

let isoCodes: ReadonlySet<string> | undefined;

/** ISO 4217 codes the runtime's Intl knows (and so can format): `EUR` yes, `EUX` no. */
export function isKnownCurrency(code: string): boolean {
  isoCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return isoCodes.has(code);
}

const isIsoCode = (token: string): boolean => isKnownCurrency(token.toUpperCase());

/** Symbols Intl prints for a currency in the locales Pacer speaks (`€`, `$`, `US$`, `£`, `GBP`). */
function symbolsOf(currency: string): string[] {
  const symbols = new Set<string>();
  for (const intlLocale of ['en-US', 'sl-SI']) {
    for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
      const parts = new Intl.NumberFormat(intlLocale, { style: 'currency', currency, currencyDisplay }).formatToParts(1);
      const symbol = parts.find((p) => p.type === 'currency')?.value;
      if (symbol) symbols.add(symbol);
    }
  }
  return [...symbols];
}

const workspaceSymbols = new Map<string, Set<string>>();
function isWorkspaceCurrency(token: string, currency: string): boolean {
  if (token.toUpperCase() === currency) return true;
  let symbols = workspaceSymbols.get(currency);
  if (!symbols) {
    symbols = new Set(symbolsOf(currency));
    workspaceSymbols.set(currency, symbols);
  }
  return symbols.has(token);
}

let allSymbols: Set<string> | undefined;
/** Any currency at all, so that `$` in an EUR workspace says "wrong currency", not "not a number". */
function isCurrencyToken(token: string): boolean {
  if (isIsoCode(token)) return true;
  if (/^\p{Sc}+$/u.test(token)) return true;
  allSymbols ??= new Set(Intl.supportedValuesOf('currency').flatMap(symbolsOf));
  return allSymbols.has(token);
}

import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../src/bot/command.ts';
import { INCENTIVE_EXAMPLES, MAX_NAME, MAX_PERCENT, MAX_TOP, parseAddIncentive, parseIncentiveId, type AddIncentiveArgs } from '../../src/domain/incentives/incentive.grammar.ts';
import { MAX_ADMIN_TEXT } from '../../src/domain/members/member.grammar.ts';

const EN: ParseContext = { numberLocale: 'en', currency: 'EUR' };
const SL: ParseContext = { numberLocale: 'sl', currency: 'EUR' };

/** What follows `/pacer incentive add ` in an example. */
const argsOf = (example: string): string => example.replace(/^\/pacer incentive add /, '');

const month = { rule: 'attainment', period: 'month' } as const;

describe('parseAddIncentive', () => {
  it('reads every example the help shows', () => {
    expect(parseAddIncentive(argsOf(INCENTIVE_EXAMPLES.timeOff), EN)).toEqual({ ok: true, value: { name: 'Day off', kind: 'time-off', rule: 'attainment', threshold: 100, period: 'month' } });
    expect(parseAddIncentive(argsOf(INCENTIVE_EXAMPLES.bonus), EN)).toEqual({ ok: true, value: { kind: 'bonus', amount: { minor: 50_000n, currency: 'EUR' }, rule: 'attainment', threshold: 120, period: 'month' } });
    expect(parseAddIncentive(argsOf(INCENTIVE_EXAMPLES.travel), EN)).toEqual({ ok: true, value: { name: 'Team trip', kind: 'travel', rule: 'top', threshold: 1, period: 'quarter' } });
  });

  it.each<[string, AddIncentiveArgs]>([
    // Names in every kind of quotes people type, before or after the kind.
    ['"Day off" time-off for 100%', { name: 'Day off', kind: 'time-off', ...month, threshold: 100 }],
    ['time-off "Day off" for 100%', { name: 'Day off', kind: 'time-off', ...month, threshold: 100 }],
    ['“Day off” time-off for 100%', { name: 'Day off', kind: 'time-off', ...month, threshold: 100 }],
    ['„Prost dan“ prosto za 100%', { name: 'Prost dan', kind: 'time-off', ...month, threshold: 100 }],
    ['»Prost dan« dopust za 100 %', { name: 'Prost dan', kind: 'time-off', ...month, threshold: 100 }],
    ['travel "Trip for two" for top-3', { name: 'Trip for two', kind: 'travel', rule: 'top', threshold: 3, period: 'month' }],
    ['"  Day off  " time-off for 100%', { name: 'Day off', kind: 'time-off', ...month, threshold: 100 }],
    // A one-word name needs no quotes; no name at all is fine (the kind names it).
    ['office Chair for 150%', { name: 'Chair', kind: 'office', ...month, threshold: 150 }],
    ['Chair office for 150%', { name: 'Chair', kind: 'office', ...month, threshold: 150 }],
    ['time-off for 100%', { kind: 'time-off', ...month, threshold: 100 }],
    // Every kind, in both languages and any case.
    ['TIME-OFF for 100%', { kind: 'time-off', ...month, threshold: 100 }],
    ['day-off for 100%', { kind: 'time-off', ...month, threshold: 100 }],
    ['trip for top-1', { kind: 'travel', rule: 'top', threshold: 1, period: 'month' }],
    ['izlet za top-1', { kind: 'travel', rule: 'top', threshold: 1, period: 'month' }],
    ['pisarna za 100%', { kind: 'office', ...month, threshold: 100 }],
    ['other for 100%', { kind: 'other', ...month, threshold: 100 }],
    ['darilo za 100%', { kind: 'other', ...month, threshold: 100 }],
    // The period: a month unless named.
    ['time-off for 100% quarter', { kind: 'time-off', rule: 'attainment', threshold: 100, period: 'quarter' }],
    ['time-off for 100 % year', { kind: 'time-off', rule: 'attainment', threshold: 100, period: 'year' }],
    ['time-off for 100% Month', { kind: 'time-off', ...month, threshold: 100 }],
    ['time-off za 100% četrtletje', { kind: 'time-off', rule: 'attainment', threshold: 100, period: 'quarter' }],
    ['time-off za 100% leto', { kind: 'time-off', rule: 'attainment', threshold: 100, period: 'year' }],
    // Top places, written every way.
    ['travel for top 3', { kind: 'travel', rule: 'top', threshold: 3, period: 'month' }],
    ['travel for top3 year', { kind: 'travel', rule: 'top', threshold: 3, period: 'year' }],
    ['travel for TOP-2', { kind: 'travel', rule: 'top', threshold: 2, period: 'month' }],
  ])('reads "/pacer incentive add %s"', (text, value) => {
    expect(parseAddIncentive(text, EN)).toEqual({ ok: true, value });
  });

  it(`accepts a share of goal from 1% to ${MAX_PERCENT}% and a top place from top-1 to top-${MAX_TOP}`, () => {
    expect(parseAddIncentive('time-off for 1%', EN)).toEqual({ ok: true, value: { kind: 'time-off', ...month, threshold: 1 } });
    expect(parseAddIncentive(`time-off for ${MAX_PERCENT}%`, EN)).toEqual({ ok: true, value: { kind: 'time-off', ...month, threshold: MAX_PERCENT } });
    expect(parseAddIncentive('travel for top-1', EN)).toEqual({ ok: true, value: { kind: 'travel', rule: 'top', threshold: 1, period: 'month' } });
    expect(parseAddIncentive(`travel for top-${MAX_TOP}`, EN)).toEqual({ ok: true, value: { kind: 'travel', rule: 'top', threshold: MAX_TOP, period: 'month' } });
  });

  it.each<[string, ParseContext, bigint, string]>([
    ['bonus 500 for 100%', EN, 50_000n, 'EUR'],
    ['bonus 500 EUR for 100%', EN, 50_000n, 'EUR'],
    ['Bonus 500 eur for 100%', EN, 50_000n, 'EUR'],
    ['bonus 1,500.50 for 100%', EN, 150_050n, 'EUR'],
    ['bonus 1.5k for 100%', EN, 150_000n, 'EUR'],
    ['bonus 1.500,50 for 100%', SL, 150_050n, 'EUR'],
    ['nagrada 12,5 za 100%', SL, 1_250n, 'EUR'],
    ['bonus 1,5 USD for 100%', SL, 150n, 'USD'],
    ['bonus 500 USD for 100%', EN, 50_000n, 'USD'],
    ['bonus USD 500 for 100%', EN, 50_000n, 'USD'],
  ])('reads the bonus amount of "%s" in the workspace locale', (text, pctx, minor, currency) => {
    expect(parseAddIncentive(text, pctx)).toEqual({ ok: true, value: { kind: 'bonus', amount: { minor, currency }, ...month, threshold: 100 } });
  });

  it('keeps a quoted bonus name beside the amount', () => {
    expect(parseAddIncentive('"Winter bonus" bonus 300 for top-1 quarter', EN)).toEqual({
      ok: true,
      value: { name: 'Winter bonus', kind: 'bonus', amount: { minor: 30_000n, currency: 'EUR' }, rule: 'top', threshold: 1, period: 'quarter' },
    });
  });

  it(`accepts a name of ${MAX_NAME} characters, counted as characters rather than UTF-16 units`, () => {
    const longest = `${'č'.repeat(MAX_NAME - 1)}🏖`;
    expect(parseAddIncentive(`"${longest}" time-off for 100%`, EN)).toEqual({ ok: true, value: { name: longest, kind: 'time-off', ...month, threshold: 100 } });
  });

  it.each<[string, string, Record<string, string | number>, string]>([
    // The period: only month, quarter or year.
    ['time-off for 100% week', 'incentives.error.period', { period: 'week' }, INCENTIVE_EXAMPLES.travel],
    ['time-off za 100% teden', 'incentives.error.period', { period: 'teden' }, INCENTIVE_EXAMPLES.travel],
    ['time-off for 100% fortnight', 'incentives.error.period', { period: 'fortnight' }, INCENTIVE_EXAMPLES.travel],
    // Out of bounds.
    ['time-off for 0%', 'incentives.error.percent', { max: MAX_PERCENT }, INCENTIVE_EXAMPLES.bonus],
    [`time-off for ${MAX_PERCENT + 1}%`, 'incentives.error.percent', { max: MAX_PERCENT }, INCENTIVE_EXAMPLES.bonus],
    ['travel for top-0', 'incentives.error.top', { max: MAX_TOP }, INCENTIVE_EXAMPLES.travel],
    [`travel for top-${MAX_TOP + 1}`, 'incentives.error.top', { max: MAX_TOP }, INCENTIVE_EXAMPLES.travel],
    // What earns it is not a share or a place.
    ['time-off for 10000%', 'incentives.error.rule', { text: '10000%' }, INCENTIVE_EXAMPLES.timeOff],
    ['travel for top-100', 'incentives.error.rule', { text: 'top-100' }, INCENTIVE_EXAMPLES.timeOff],
    ['time-off for the best', 'incentives.error.rule', { text: 'the best' }, INCENTIVE_EXAMPLES.timeOff],
    ['time-off for 100% month please', 'incentives.error.rule', { text: '100% month please' }, INCENTIVE_EXAMPLES.timeOff],
    ['time-off for 1.5%', 'incentives.error.rule', { text: '1.5%' }, INCENTIVE_EXAMPLES.timeOff],
    // No `for`.
    ['time-off 100%', 'incentives.error.for_missing', {}, INCENTIVE_EXAMPLES.timeOff],
    ['"Day off for me" time-off', 'incentives.error.for_missing', {}, INCENTIVE_EXAMPLES.timeOff],
    ['', 'incentives.error.for_missing', {}, INCENTIVE_EXAMPLES.timeOff],
    // No kind, or one we do not know.
    ['"Day off" for 100%', 'incentives.error.kind', { kinds: 'bonus, time-off, travel, office, other' }, INCENTIVE_EXAMPLES.timeOff],
    ['holiday for 100%', 'incentives.error.kind', { kinds: 'bonus, time-off, travel, office, other' }, INCENTIVE_EXAMPLES.timeOff],
    ['"Car" car for 100%', 'incentives.error.kind', { kinds: 'bonus, time-off, travel, office, other' }, INCENTIVE_EXAMPLES.timeOff],
    // A bonus without an amount.
    ['bonus for 120%', 'incentives.error.amount', {}, INCENTIVE_EXAMPLES.bonus],
    ['bonus EUR for 120%', 'incentives.error.amount', {}, INCENTIVE_EXAMPLES.bonus],
    ['"Big one" bonus for 120%', 'incentives.error.amount', {}, INCENTIVE_EXAMPLES.bonus],
    // The name in quotes.
    ['"" time-off for 100%', 'incentives.error.name_empty', {}, INCENTIVE_EXAMPLES.timeOff],
    ['„  “ time-off for 100%', 'incentives.error.name_empty', {}, INCENTIVE_EXAMPLES.timeOff],
    [`"${'x'.repeat(MAX_NAME + 1)}" time-off for 100%`, 'incentives.error.name_long', { max: MAX_NAME }, INCENTIVE_EXAMPLES.timeOff],
    [`"${'🏖'.repeat(MAX_NAME + 1)}" time-off for 100%`, 'incentives.error.name_long', { max: MAX_NAME }, INCENTIVE_EXAMPLES.timeOff],
    [`office ${'Chair'.repeat(13)} for 100%`, 'incentives.error.name_long', { max: MAX_NAME }, INCENTIVE_EXAMPLES.timeOff],
    // Far too long to be a command.
    [`"Day off" time-off for 100% ${'x'.repeat(MAX_ADMIN_TEXT)}`, 'pacer.error.too_long', { max: MAX_ADMIN_TEXT }, INCENTIVE_EXAMPLES.timeOff],
  ])('refuses "/pacer incentive add %s" with %s and an example', (text, key, params, example) => {
    expect(parseAddIncentive(text, EN)).toEqual({ ok: false, error: { kind: 'usage', key, params, example } });
  });

  it('refuses a bonus amount that is not one, in the workspace locale, with the money error', () => {
    expect(parseAddIncentive('bonus 0 for 120%', EN)).toEqual({
      ok: false,
      error: { kind: 'usage', key: 'money.error.not_positive', params: { input: '0', currency: 'EUR' }, example: '12500 · 12.5k · 12,500.50' },
    });
    // `12,500.50` is English; in a Slovenian workspace the comma is the decimal point.
    expect(parseAddIncentive('bonus 12,500.50 for 120%', SL)).toEqual({
      ok: false,
      error: { kind: 'usage', key: 'money.error.not_a_number', params: { input: '12,500.50', currency: 'EUR' }, example: '12500 · 12,5k · 12.500,50' },
    });
    expect(parseAddIncentive('bonus 12.505 for 120%', EN)).toEqual({
      ok: false,
      error: { kind: 'usage', key: 'money.error.too_many_decimals', params: { input: '12.505', currency: 'EUR' }, example: '12500 · 12.5k · 12,500.50' },
    });
  });

  it('refuses a word after the amount that is no currency, and takes a word before it for a name', () => {
    expect(parseAddIncentive('bonus 500 XYZ for 100%', EN)).toEqual({
      ok: false,
      error: { kind: 'usage', key: 'incentives.error.currency', params: { text: 'XYZ' }, example: INCENTIVE_EXAMPLES.bonus },
    });
    expect(parseAddIncentive('bonus Big 500 for 100%', EN)).toEqual({
      ok: true,
      value: { name: 'Big', kind: 'bonus', amount: { minor: 50_000n, currency: 'EUR' }, rule: 'attainment', threshold: 100, period: 'month' },
    });
  });
});

describe('parseIncentiveId', () => {
  it.each([['3', 3], ['#3', 3], [' 12 ', 12], ['123456789', 123_456_789]])('reads "/pacer incentive remove %s"', (text, id) => {
    expect(parseIncentiveId(text)).toEqual({ ok: true, value: id });
  });

  it.each([[''], ['x'], ['-1'], ['3 4'], ['1234567890'], ['# 3'], ['3.0'], ['Day off']])('refuses "/pacer incentive remove %s" with an example', (text) => {
    expect(parseIncentiveId(text)).toEqual({ ok: false, error: { kind: 'usage', key: 'incentives.error.id', params: { text: text.trim() }, example: INCENTIVE_EXAMPLES.remove } });
  });
});

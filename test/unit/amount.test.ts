import { describe, expect, it } from 'vitest';
import { isAmountLike, minorToDecimalString, parseAmount } from '../../src/money/amount.ts';
import type { Locale } from '../../src/i18n/locale.ts';

const EUR_EN = { locale: 'en', currency: 'EUR' } as const;
const EUR_SL = { locale: 'sl', currency: 'EUR' } as const;
const NBSP = '\u00a0';

const value = (input: string, opts: { locale: Locale; currency: string }): bigint => {
  const result = parseAmount(input, opts);
  if (!result.ok) throw new Error(`expected ${input} to parse, got ${result.error.key}`);
  return result.value;
};
const problemKey = (input: string, opts: { locale: Locale; currency: string }): string => {
  const result = parseAmount(input, opts);
  if (result.ok) throw new Error(`expected ${input} to be refused, got ${result.value}`);
  return result.error.key;
};

describe('parseAmount accepts', () => {
  it.each([
    ['12500', 1_250_000n],
    ['12,500', 1_250_000n],
    ['12500.5', 1_250_050n],
    ['12,500.50', 1_250_050n],
    ['12.5k', 1_250_000n],
    ['12,5k', 1_250_000n], // not valid grouping, so the comma is the decimal point
    ['12,50', 1_250n], // likewise: twelve and a half
    ['1.2M', 120_000_000n],
    ['1.2m', 120_000_000n],
    ['2k', 200_000n],
    ['2K', 200_000n],
    ['1 200', 120_000n],
    [`1${NBSP}200`, 120_000n],
    ['1 234 567.89', 123_456_789n],
    ['1,234,567', 123_456_700n],
    ['€12,500', 1_250_000n],
    ['€ 12,500.50', 1_250_050n],
    ['12500 EUR', 1_250_000n],
    ['12500eur', 1_250_000n],
    ['EUR 12500', 1_250_000n],
    ['12.5k EUR', 1_250_000n],
    ['€12.5k', 1_250_000n],
    ['  12500  ', 1_250_000n],
    ['0.5', 50n],
    ['.5k', 50_000n],
    ['1.23456M', 123_456_000n],
    ['1000000000000', 100_000_000_000_000n],
  ])('%s in en → %s', (input, expected) => {
    expect(value(input, EUR_EN)).toBe(expected);
  });

  it.each([
    ['12500', 1_250_000n],
    ['12.500', 1_250_000n],
    ['12.500,50', 1_250_050n],
    ['12500,5', 1_250_050n],
    ['12500.5', 1_250_050n], // not valid grouping, so the dot is the decimal point
    ['12,5k', 1_250_000n],
    ['12.5k', 1_250_000n],
    ['1,2M', 120_000_000n],
    ['1.2M', 120_000_000n],
    ['1.2m', 120_000_000n],
    ['2k', 200_000n],
    ['1 200', 120_000n],
    [`12${NBSP}500,50`, 1_250_050n],
    ['1.234.567', 123_456_700n],
    ['12.500 €', 1_250_000n],
    [`12.500,50${NBSP}€`, 1_250_050n],
    ['12.500€', 1_250_000n],
    ['€12.500', 1_250_000n],
    ['12500 EUR', 1_250_000n],
    ['12,5k €', 1_250_000n],
  ])('%s in sl → %s', (input, expected) => {
    expect(value(input, EUR_SL)).toBe(expected);
  });

  it('uses the currency’s own minor digits', () => {
    expect(value('12500', { locale: 'en', currency: 'JPY' })).toBe(12_500n);
    expect(value('12.5k', { locale: 'en', currency: 'JPY' })).toBe(12_500n);
    expect(value('¥12,500', { locale: 'en', currency: 'JPY' })).toBe(12_500n);
    expect(value('1.5', { locale: 'en', currency: 'KWD' })).toBe(1_500n);
    expect(value('$1,200.99', { locale: 'en', currency: 'USD' })).toBe(120_099n);
    expect(value('1200 usd', { locale: 'sl', currency: 'usd' })).toBe(120_000n);
  });
});

describe('parseAmount refuses', () => {
  it.each([
    ['', 'money.error.not_a_number'],
    ['   ', 'money.error.not_a_number'],
    ['abc', 'money.error.not_a_number'],
    ['Acme Corp', 'money.error.not_a_number'],
    ['12abc', 'money.error.not_a_number'],
    ['k', 'money.error.not_a_number'],
    ['EUR', 'money.error.not_a_number'],
    ['1e13', 'money.error.not_a_number'],
    ['1.2.3', 'money.error.not_a_number'],
    ['12,50,0', 'money.error.not_a_number'],
    ['12.500,50', 'money.error.not_a_number'], // the decimal point comes first in en
    ['1,2345,678', 'money.error.not_a_number'],
    ['12 5', 'money.error.not_a_number'],
    ['12.', 'money.error.not_a_number'],
    ['12kk', 'money.error.not_a_number'],
    ['1 200,000', 'money.error.not_a_number'], // one kind of grouping only
    ['0', 'money.error.not_positive'],
    ['0.00', 'money.error.not_positive'],
    ['-5', 'money.error.not_positive'],
    ['€-5', 'money.error.not_positive'],
    ['−5', 'money.error.not_positive'],
    ['10000000000000', 'money.error.too_large'],
    ['1000000000000.01', 'money.error.too_large'],
    ['1001000M', 'money.error.too_large'],
    ['12.505', 'money.error.too_many_decimals'],
    ['12.500', 'money.error.too_many_decimals'], // likely 12500 written the Slovenian way: ask
    ['1.234567891M', 'money.error.too_many_decimals'],
    ['USD 12500', 'money.error.wrong_currency'],
    ['12500 USD', 'money.error.wrong_currency'],
    ['$12,500', 'money.error.wrong_currency'],
    ['12.5k GBP', 'money.error.wrong_currency'],
    ['£12500', 'money.error.wrong_currency'],
  ])('%j in an en EUR workspace: %s', (input, key) => {
    expect(problemKey(input, EUR_EN)).toBe(key);
  });

  it.each([
    ['12,500.50', 'money.error.not_a_number'],
    ['1,2,3', 'money.error.not_a_number'],
    ['12.50.0', 'money.error.not_a_number'],
    ['0,00', 'money.error.not_positive'],
    ['12,505', 'money.error.too_many_decimals'],
    ['12,500', 'money.error.too_many_decimals'],
    ['12500 USD', 'money.error.wrong_currency'],
    ['12.500 $', 'money.error.wrong_currency'],
  ])('%j in an sl EUR workspace: %s', (input, key) => {
    expect(problemKey(input, EUR_SL)).toBe(key);
  });

  it('refuses decimals a currency does not have', () => {
    expect(problemKey('12500.5', { locale: 'en', currency: 'JPY' })).toBe('money.error.too_many_decimals');
    expect(problemKey('€12500', { locale: 'en', currency: 'USD' })).toBe('money.error.wrong_currency');
  });

  it('refuses a 10,000-character input quickly and echoes only its start', () => {
    for (const input of ['1'.repeat(10_000), 'x'.repeat(10_000), `${'1,000'.repeat(2_000)}`]) {
      const result = parseAmount(input, EUR_EN);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.key).toBe('money.error.not_a_number');
      expect(String(result.error.params?.['input']).length).toBeLessThanOrEqual(41);
    }
  });

  it('says what was typed, the currency and a correct example for the locale', () => {
    expect(parseAmount('12.505', EUR_EN)).toEqual({
      ok: false,
      error: {
        kind: 'usage',
        key: 'money.error.too_many_decimals',
        params: { input: '12.505', currency: 'EUR' },
        example: '12500 · 12.5k · 12,500.50',
      },
    });
    const sl = parseAmount('abc', EUR_SL);
    expect(sl.ok ? undefined : sl.error.example).toBe('12500 · 12,5k · 12.500,50');
  });
});

describe('isAmountLike', () => {
  it.each(['12500', '12,500', '12.5k', '1.2M', '€12,500', '12500EUR', '12,50,0', '12.505', '-5', '.5k', '$100'])(
    '%s looks like an amount',
    (token) => {
      expect(isAmountLike(token, 'en')).toBe(true);
      expect(isAmountLike(token, 'sl')).toBe(true);
    },
  );

  it.each(['Acme', 'Globex', 'k', 'EUR', '', '1st', 'Q3', '3rd', '12abc', 'product:', 'a1'])('%j does not', (token) => {
    expect(isAmountLike(token, 'en')).toBe(false);
  });
});

describe('minorToDecimalString', () => {
  it.each([
    [1_250_050n, 'EUR', '12500.50'],
    [1_250_000n, 'EUR', '12500.00'],
    [5n, 'EUR', '0.05'],
    [0n, 'EUR', '0.00'],
    [-1_250n, 'EUR', '-12.50'],
    [12_500n, 'JPY', '12500'],
    [1_500n, 'KWD', '1.500'],
    [100_000_000_000_000n, 'EUR', '1000000000000.00'],
  ])('%s %s → %s', (minor, currency, expected) => {
    expect(minorToDecimalString(minor, currency)).toBe(expected);
  });

  it('round-trips with parseAmount', () => {
    for (const minor of [1n, 99n, 1_250_050n, 100_000_000_000_000n]) {
      expect(value(minorToDecimalString(minor, 'EUR'), EUR_EN)).toBe(minor);
    }
  });
});

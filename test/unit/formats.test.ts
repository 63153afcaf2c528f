import { describe, expect, it } from 'vitest';
import { createFormats } from '../../src/i18n/formats-impl.ts';

const NBSP = '\u00a0';
const en = createFormats('en');
const sl = createFormats('sl');

describe('money', () => {
  it('drops the cents of whole amounts', () => {
    expect(en.money(1_250_000n, 'EUR')).toBe('€12,500');
    expect(sl.money(1_250_000n, 'EUR')).toBe(`12.500${NBSP}€`);
    expect(en.money(12_500n, 'JPY')).toBe('¥12,500');
  });

  it('shows every minor digit when there are cents', () => {
    expect(en.money(1_250_050n, 'EUR')).toBe('€12,500.50');
    expect(sl.money(1_250_050n, 'EUR')).toBe(`12.500,50${NBSP}€`);
    expect(en.money(5n, 'USD')).toBe('$0.05');
    expect(sl.money(1_234n, 'EUR')).toBe(`12,34${NBSP}€`);
  });

  it('stays exact beyond float precision', () => {
    expect(en.money(100_000_000_000_001n, 'EUR')).toBe('€1,000,000,000,000.01');
    expect(sl.money(100_000_000_000_001n, 'EUR')).toBe(`1.000.000.000.000,01${NBSP}€`);
  });

  it('prints negative amounts and other currencies', () => {
    expect(en.money(-1_250n, 'EUR')).toBe('-€12.50');
    expect(en.money(1_200_000n, 'GBP')).toBe('£12,000');
    expect(sl.money(1_200_000n, 'USD')).toBe(`12.000${NBSP}$`);
  });
});

describe('number and percent', () => {
  it('groups by the locale', () => {
    expect(en.number(1234)).toBe('1,234');
    expect(en.number(12_345_678_901_234_567_890n)).toBe('12,345,678,901,234,567,890');
    // CLDR (and Slovenian typography) leaves four-digit numbers ungrouped.
    expect(sl.number(1234)).toBe('1234');
    expect(sl.number(12345)).toBe('12.345');
    expect(sl.number(1.5)).toBe('1,5');
  });

  it('prints whole percentages', () => {
    expect(en.percent(0.634)).toBe('63%');
    expect(sl.percent(0.634)).toBe(`63${NBSP}%`);
    expect(en.percent(1.25)).toBe('125%');
    expect(en.percent(0)).toBe('0%');
  });
});

describe('date', () => {
  it('prints a calendar day', () => {
    expect(en.date('2026-11-30')).toBe('Mon, Nov 30');
    expect(sl.date('2026-11-30')).toBe('pon., 30. nov.');
    expect(sl.date('2026-11-30', 'America/Los_Angeles')).toBe('pon., 30. nov.');
  });

  it('prints an instant as the day it is in the zone', () => {
    const instant = new Date('2026-11-30T23:30:00Z');
    expect(en.date(instant, 'Europe/Ljubljana')).toBe('Tue, Dec 1');
    expect(en.date(instant, 'America/Los_Angeles')).toBe('Mon, Nov 30');
    expect(sl.date(instant, 'Europe/Ljubljana')).toBe('tor., 1. dec.');
    expect(en.date(instant)).toBe('Mon, Nov 30');
  });

  it('refuses an invalid day or zone', () => {
    expect(() => en.date('2026-13-01')).toThrow(RangeError);
    expect(() => en.date(new Date(), 'Nowhere/Special')).toThrow(RangeError);
  });
});

describe('ordinal', () => {
  it('writes English endings by CLDR category, teens included', () => {
    const en = createFormats('en');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map((n) => en.ordinal(n))).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });

  it('writes a full stop after the number in Slovenian', () => {
    expect([1, 2, 3, 12].map((n) => createFormats('sl').ordinal(n))).toEqual(['1.', '2.', '3.', '12.']);
  });
});

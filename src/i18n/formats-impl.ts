import { DateTime } from 'luxon';
import { minorToDecimalString } from '../money/amount.ts';
import type { Formats } from './formats.ts';
import type { Locale } from './locale.ts';

/** The Intl locale behind each language: the region fixes the conventions (`12.500 €` in sl-SI). */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', sl: 'sl-SI' };

/** Ordinal endings by CLDR ordinal category: English has four, Slovenian writes a full stop after every number. */
const ORDINAL_ENDINGS: Record<Locale, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
  en: { one: 'st', two: 'nd', few: 'rd', other: 'th' },
  sl: { other: '.' },
};

const cache = new Map<string, Intl.NumberFormat>();
/** NumberFormat construction is the expensive part of formatting, so each configuration is built once. */
function numberFormat(intlLocale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${intlLocale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale, options);
    cache.set(key, format);
  }
  return format;
}

/**
 * Formats for one locale, on Intl and luxon. Grouping follows CLDR, so Slovenian leaves four-digit
 * numbers ungrouped (`1234`, `12.345`) as Slovenian typography does.
 *
 *   createFormats('sl').money(1250050n, 'EUR') === '12.500,50 €'   (NBSP before €)
 *   createFormats('en').money(1250000n, 'EUR') === '€12,500'
 */
export function createFormats(locale: Locale): Formats {
  const intlLocale = INTL_LOCALE[locale];
  const ordinals = new Intl.PluralRules(intlLocale, { type: 'ordinal' });
  return {
    money(minor, currency) {
      const decimal = minorToDecimalString(minor, currency);
      // Whole amounts drop the cents; any cents show all the currency's digits (`€12,500.50`).
      const whole = !/\.\d*[1-9]/.test(decimal);
      const options: Intl.NumberFormatOptions = whole
        ? { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }
        : { style: 'currency', currency };
      // A string keeps the value exact: Intl reads it as a decimal, never through a float.
      return numberFormat(intlLocale, options).format(decimal as `${number}`);
    },
    number(value) {
      return numberFormat(intlLocale, {}).format(value);
    },
    percent(ratio) {
      return numberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
    },
    // A calendar-day string is the same day in any zone; a Date needs one, and UTC is the only
    // default that gives the same answer on every server.
    date(day, zone = 'UTC') {
      const at = typeof day === 'string' ? DateTime.fromISO(day, { zone }) : DateTime.fromJSDate(day, { zone });
      if (!at.isValid) throw new RangeError(`Cannot format date ${String(day)} in zone ${zone}: ${at.invalidReason}`);
      return at.setLocale(intlLocale).toLocaleString({ weekday: 'short', month: 'short', day: 'numeric' });
    },
    ordinal(n) {
      const endings = ORDINAL_ENDINGS[locale];
      return `${n}${endings[ordinals.select(n)] ?? endings.other}`;
    },
  };
}

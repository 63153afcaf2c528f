import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { toLocale, type Locale } from '../../i18n/locale.ts';
import { isValidZone } from '../../time/periods.ts';
import { MAX_ADMIN_TEXT } from '../members/member.grammar.ts';

export type Setting = 'currency' | 'locale' | 'timezone';
export const SETTINGS: readonly Setting[] = ['currency', 'locale', 'timezone'];

export type ConfigArgs =
  | { kind: 'show' }
  | { kind: 'currency'; value: string }
  | { kind: 'locale'; value: Locale }
  | { kind: 'timezone'; value: string };

export const CONFIG_EXAMPLES: Record<Setting, string> = {
  currency: '/pacer config currency EUR',
  locale: '/pacer config locale sl',
  timezone: '/pacer config timezone Europe/Ljubljana',
};

/** Setting names as admins type them, in English or Slovenian. */
const SETTING_WORDS: Record<string, Setting> = {
  currency: 'currency', valuta: 'currency',
  locale: 'locale', language: 'locale', lang: 'locale', jezik: 'locale',
  timezone: 'timezone', 'time-zone': 'timezone', time_zone: 'timezone', tz: 'timezone', zone: 'timezone', pas: 'timezone',
};

/** Language names people type, in both languages, with and without the diacritics. */
const LOCALE_WORDS: Record<string, Locale> = {
  english: 'en', angleščina: 'en', anglescina: 'en', angleški: 'en', angleski: 'en',
  slovenian: 'sl', slovene: 'sl', slovenščina: 'sl', slovenscina: 'sl', slovenski: 'sl',
};

let currencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes the runtime's Intl knows (and so can format): `EUR` yes, `EUX` no. */
export function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/** Reads a language: `sl`, `en`, `sl-SI`, `Slovenian`, `slovenščina`, `english`, `angleščina`. */
export function parseLocale(text: string): Locale | undefined {
  const word = text.trim().toLowerCase();
  return LOCALE_WORDS[word] ?? toLocale(/^[a-z]{2}(?:[-_][a-z]{2})?$/.test(word) ? word : undefined);
}

/**
 * An IANA zone in its canonical spelling (`europe/ljubljana` → `Europe/Ljubljana`). Bare offsets such
 * as `+01:00` are refused even where Intl accepts them: they have no daylight-saving rules, so a
 * workspace set to one would see its week and month boundaries drift by an hour half the year.
 */
export function parseZone(text: string): string | undefined {
  const zone = text.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone) || !isValidZone(zone)) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

/** `/pacer config` · `/pacer config currency EUR` · `/pacer config locale sl` · `/pacer config timezone Europe/Ljubljana` */
export function parseConfig(text: string): Result<ConfigArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, CONFIG_EXAMPLES.currency));
  const [name = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!name) return ok({ kind: 'show' });
  const setting = SETTING_WORDS[name.toLowerCase()];
  if (!setting) {
    return err(usage('pacer.config.error.unknown_setting', { setting: name.slice(0, 40), settings: SETTINGS.join(', ') }, Object.values(CONFIG_EXAMPLES).join(' · ')));
  }
  const example = CONFIG_EXAMPLES[setting];
  const value = rest.join(' ');
  if (!value) return err(usage(`pacer.config.error.${setting}_missing`, {}, example));
  const echo = value.slice(0, 40);
  if (setting === 'currency') {
    const code = value.toUpperCase();
    return /^[A-Z]{3}$/.test(code) && isKnownCurrency(code) ? ok({ kind: 'currency', value: code }) : err(usage('pacer.config.error.currency', { value: echo }, example));
  }
  if (setting === 'locale') {
    const locale = parseLocale(value);
    return locale ? ok({ kind: 'locale', value: locale }) : err(usage('pacer.config.error.locale', { value: echo }, example));
  }
  const zone = parseZone(value);
  return zone ? ok({ kind: 'timezone', value: zone }) : err(usage('pacer.config.error.timezone', { value: echo }, example));
}

import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { toLocale, type Locale } from '../../i18n/locale.ts';
import { isKnownCurrency } from '../../money/amount.ts';
import { holidayCountries, holidayRegions } from '../../time/holidays.ts';
import { isValidZone } from '../../time/periods.ts';
import { CHANNEL_EXAMPLES, parseChannelArgs, type ChannelArgs } from '../channels/channel.grammar.ts';
import { MAX_ADMIN_TEXT } from '../members/member.grammar.ts';
import { HOLIDAYS_DEFAULT, HOLIDAYS_OFF, type HolidaySetting } from './workspace.holidays.ts';

/** A setting kept on the workspace row (channels are kept per purpose and team: see ConfigArgs). */
export type Setting = 'currency' | 'locale' | 'timezone' | 'holidays';
/** What `/pacer config` can change, as the unknown-setting problem lists it. */
export const SETTINGS: readonly string[] = ['currency', 'locale', 'timezone', 'holidays', 'channel'];

export type ConfigArgs =
  | { kind: 'show' }
  | { kind: 'currency'; value: string }
  | { kind: 'locale'; value: Locale }
  | { kind: 'timezone'; value: string }
  /** `SI`, `US-CA`, `off` (weekends only) or `default` (the language's). */
  | { kind: 'holidays'; value: HolidaySetting }
  | ({ kind: 'channel' } & ChannelArgs);

export const CONFIG_EXAMPLES: Record<Setting, string> = {
  currency: '/pacer config currency EUR',
  locale: '/pacer config locale sl',
  timezone: '/pacer config timezone Europe/Ljubljana',
  holidays: '/pacer config holidays SI',
};

/** Every example `/pacer config` help and its problems show. */
export const ALL_CONFIG_EXAMPLES: readonly string[] = [...Object.values(CONFIG_EXAMPLES), CHANNEL_EXAMPLES.goals];

type SettingWord = Setting | 'channel';

/** Setting names as admins type them, in English or Slovenian. */
const SETTING_WORDS: Record<string, SettingWord> = {
  currency: 'currency', valuta: 'currency',
  locale: 'locale', language: 'locale', lang: 'locale', jezik: 'locale',
  timezone: 'timezone', 'time-zone': 'timezone', time_zone: 'timezone', tz: 'timezone', zone: 'timezone', pas: 'timezone',
  holidays: 'holidays', holiday: 'holidays', calendar: 'holidays', prazniki: 'holidays', koledar: 'holidays',
  channel: 'channel', channels: 'channel', kanal: 'channel', kanali: 'channel',
};

const HOLIDAY_OFF_WORDS = new Set(['off', 'none', 'weekends', 'izklop', 'izklopi', 'brez', 'vikendi']);
const HOLIDAY_DEFAULT_WORDS = new Set(['default', 'auto', 'privzeto']);
/** How many region codes a problem lists before it stops: the US alone has fifty-one. */
const REGIONS_SHOWN = 12;

/**
 * `SI` · `US CA` · `US-CA` · `off` · `default`: a country (ISO 3166 code) of the holiday calendar
 * and, optionally, one of its regions, as the calendar library knows them.
 */
export function parseHolidays(words: readonly string[]): Result<HolidaySetting, Problem> {
  const example = CONFIG_EXAMPLES.holidays;
  const [first = '', ...others] = words;
  if (!first) return err(usage('pacer.config.error.holidays_missing', {}, example));
  const word = first.toLowerCase();
  const single = (value: HolidaySetting): Result<HolidaySetting, Problem> =>
    others.length === 0 ? ok(value) : err(extraWords(others.join(' '), example));
  if (HOLIDAY_OFF_WORDS.has(word)) return single(HOLIDAYS_OFF);
  if (HOLIDAY_DEFAULT_WORDS.has(word)) return single(HOLIDAYS_DEFAULT);
  const dash = first.indexOf('-');
  const countryText = dash === -1 ? first : first.slice(0, dash);
  const regionWords = dash === -1 ? others : [first.slice(dash + 1), ...others];
  const country = countryText.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !(country in holidayCountries())) {
    return err(usage('pacer.config.error.holidays_country', { value: first.slice(0, 40) }, `${example} · /pacer config holidays US CA`));
  }
  if (regionWords.length === 0) return ok(country);
  if (regionWords.length > 1) return err(extraWords(regionWords.slice(1).join(' '), '/pacer config holidays US CA'));
  const regionText = regionWords[0] ?? '';
  const regions = Object.keys(holidayRegions(country));
  if (regions.length === 0) return err(usage('pacer.config.error.holidays_no_regions', { country }, `/pacer config holidays ${country}`));
  const region = regions.find((code) => code.toLowerCase() === regionText.toLowerCase());
  if (!region) {
    const listed = regions.slice(0, REGIONS_SHOWN).join(', ') + (regions.length > REGIONS_SHOWN ? ', …' : '');
    return err(usage('pacer.config.error.holidays_region', { value: regionText.slice(0, 40), country, regions: listed }, `/pacer config holidays ${country} ${regions[0] ?? ''}`));
  }
  return ok(`${country}-${region}`);
}

/** Language names people type, in both languages, with and without the diacritics. */
const LOCALE_WORDS: Record<string, Locale> = {
  english: 'en', angleščina: 'en', anglescina: 'en', angleški: 'en', angleski: 'en',
  slovenian: 'sl', slovene: 'sl', slovenščina: 'sl', slovenscina: 'sl', slovenski: 'sl',
};

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

/**
 * `/pacer config` · `/pacer config currency EUR` · `/pacer config locale sl` · `/pacer config timezone Europe/Ljubljana`
 * · `/pacer config holidays SI` · `/pacer config channel goals #sales [team East]`
 */
export function parseConfig(text: string): Result<ConfigArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, CONFIG_EXAMPLES.currency));
  const [name = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!name) return ok({ kind: 'show' });
  const setting = SETTING_WORDS[name.toLowerCase()];
  if (!setting) {
    return err(usage('pacer.config.error.unknown_setting', { setting: name.slice(0, 40), settings: SETTINGS.join(', ') }, ALL_CONFIG_EXAMPLES.join(' · ')));
  }
  if (setting === 'channel') {
    const channel = parseChannelArgs(rest);
    return channel.ok ? ok({ kind: 'channel', ...channel.value }) : channel;
  }
  if (setting === 'holidays') {
    const holidays = parseHolidays(rest);
    return holidays.ok ? ok({ kind: 'holidays', value: holidays.value }) : holidays;
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

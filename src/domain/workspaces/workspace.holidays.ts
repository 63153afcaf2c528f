import type { CalendarOptions } from '../../time/calendar.ts';
import { defaultHolidayCountry, holidayCountries, holidayRegions, publicHolidays } from '../../time/holidays.ts';
import type { Holidays } from '../../time/periods.ts';
import type { Workspace } from './workspace.table.ts';

/*
 * The workspace's holiday calendar has three states, kept in `holiday_country`:
 *   null     not chosen: the language's default applies (`sl` → Slovenia; English: weekends only)
 *   ''       chosen off: weekends only, whatever the language (`/pacer config holidays off`)
 *   'SI'     chosen: that country, and `holiday_region` if set
 * "Off" has to differ from "not chosen", or a Slovenian workspace that turned holidays off would
 * see them come back as the default. The empty string is falsy, so `workCalendar` already reads it
 * as weekends only.
 */

type HolidayColumns = Pick<Workspace, 'holiday_country' | 'holiday_region' | 'locale'>;

/** The setting as admins type it and the audit log records it: `SI`, `US-CA`, `off`, or `default`. */
export type HolidaySetting = string;
export const HOLIDAYS_OFF = 'off';
export const HOLIDAYS_DEFAULT = 'default';

export function holidaySetting(workspace: HolidayColumns): HolidaySetting {
  const { holiday_country: country, holiday_region: region } = workspace;
  if (country === null) return HOLIDAYS_DEFAULT;
  if (country === '') return HOLIDAYS_OFF;
  return region ? `${country}-${region}` : country;
}

/** The columns that store a setting (the inverse of holidaySetting). */
export function holidayColumns(setting: HolidaySetting): Pick<Workspace, 'holiday_country' | 'holiday_region'> {
  if (setting === HOLIDAYS_DEFAULT) return { holiday_country: null, holiday_region: null };
  if (setting === HOLIDAYS_OFF) return { holiday_country: '', holiday_region: null };
  const dash = setting.indexOf('-');
  return dash === -1 ? { holiday_country: setting, holiday_region: null } : { holiday_country: setting.slice(0, dash), holiday_region: setting.slice(dash + 1) };
}

/**
 * The calendar reminders and scheduled posts follow, resolved: the chosen country, or the language's
 * default when none was chosen. Pass it to `workCalendar`; a null country means weekends only.
 */
export function holidayCalendarOf(workspace: HolidayColumns): Required<Pick<CalendarOptions, 'holidayCountry' | 'holidayRegion'>> {
  const { holiday_country: country, holiday_region: region } = workspace;
  if (country === null) return { holidayCountry: defaultHolidayCountry(workspace.locale) ?? null, holidayRegion: null };
  return country === '' ? { holidayCountry: null, holidayRegion: null } : { holidayCountry: country, holidayRegion: region };
}

/** The workspace's public holidays by year, for working days and pace; undefined: weekends only. */
export function workspaceHolidays(workspace: HolidayColumns): Holidays | undefined {
  const { holidayCountry: country, holidayRegion: region } = holidayCalendarOf(workspace);
  return country ? (year) => publicHolidays(country, region, year) : undefined;
}

/** A country's name in the reader's language (`SI` → `Slovenia` / `Slovenija`), else the calendar's own. */
export function countryName(code: string, locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  return name ?? holidayCountries()[code] ?? code;
}

/** `Slovenia`, `United States, California`: a chosen calendar as people read it. */
export function calendarName(country: string, region: string | null, locale: string): string {
  const name = countryName(country, locale);
  return region ? `${name}, ${holidayRegions(country)[region] ?? region}` : name;
}

import { createRequire } from 'node:module';
import type HolidaysLibrary from 'date-holidays';

/**
 * The library, loaded on first use: its calendar of every country costs ~35 MB of memory, which a
 * process that never looks at a holiday (a web process serving only deals and goals) does not pay.
 */
let library: typeof HolidaysLibrary | undefined;
function Holidays(): typeof HolidaysLibrary {
  library ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysLibrary;
  return library;
}

/**
 * Public holidays from `date-holidays` (a maintained calendar of ~200 countries and their regions).
 * Only `public` days count: bank, school and observance days are working days for a sales team.
 * Each (country, region, year) is computed once and kept as a set of local days.
 */
const cache = new Map<string, ReadonlySet<string>>();
let countries: Readonly<Record<string, string>> | undefined;

/** The library's countries by ISO 3166 code (`SI` → `Republika Slovenija`). */
export function holidayCountries(): Readonly<Record<string, string>> {
  countries ??= new (Holidays())().getCountries('en');
  return countries;
}

/** The regions of a country the library knows (`US` → `{ CA: 'California', … }`), if any. */
export function holidayRegions(country: string): Readonly<Record<string, string>> {
  return new (Holidays())().getStates(country, 'en') ?? {};
}

/** The public holidays of one year as local days (`2026-12-25`). */
export function publicHolidays(country: string, region: string | null | undefined, year: number): ReadonlySet<string> {
  const key = `${country}/${region ?? ''}/${year}`;
  let days = cache.get(key);
  if (!days) {
    const Calendar = Holidays();
    const calendar = region ? new Calendar(country, region) : new Calendar(country);
    days = new Set(calendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    cache.set(key, days);
  }
  return days;
}

/** The default calendar for a language, when an admin has not chosen one: `sl` → Slovenia. */
export function defaultHolidayCountry(locale: string): string | undefined {
  return locale === 'sl' ? 'SI' : undefined;
}

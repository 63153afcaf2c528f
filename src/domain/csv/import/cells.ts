import { DateTime } from 'luxon';
import { currencyDigits } from '../../../money/amount.ts';

/**
 * Reading one cell of an imported row. Each reader returns the value or a `CellIssue`: an i18n key
 * under `imports.cell` with its params, which the report words in the reader's language with the line
 * and the column, so every bad row gets one clear sentence.
 */
export interface CellIssue {
  column: string;
  key: string;
  params?: Record<string, string | number>;
}

export type Cell<T> = { ok: true; value: T } | { ok: false; issue: CellIssue };

const good = <T>(value: T): Cell<T> => ({ ok: true, value });
const bad = (column: string, key: string, params?: Record<string, string | number>): Cell<never> => ({ ok: false, issue: { column, key, ...(params && { params }) } });
/** Cells are echoed cut short: a report line stays one line. */
const echo = (raw: string): string => (raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

export function text(column: string, raw: string, opts: { required: boolean; max: number }): Cell<string | null> {
  if (!raw) return opts.required ? bad(column, 'imports.cell.missing') : good(null);
  return [...raw].length > opts.max ? bad(column, 'imports.cell.too_long', { max: opts.max }) : good(raw);
}

/** One of a list of words, any case (`Won`, `won`), with optional aliases (`cena` for price). */
export function oneOf<T extends string>(column: string, raw: string, allowed: readonly T[], aliases: (word: string) => T | undefined = () => undefined): Cell<T> {
  const word = raw.toLowerCase();
  const found = allowed.find((a) => a === word) ?? aliases(word);
  return found ? good(found) : bad(column, raw ? 'imports.cell.not_one_of' : 'imports.cell.missing', { value: echo(raw), allowed: allowed.join(', ') });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day or a moment: `2026-10-05` (that day, midnight in the workspace's zone) or an ISO date-time
 * (`2026-10-05T14:30`, in the workspace's zone unless it names one: `…Z`, `…+02:00`). Never after now.
 */
export function when(column: string, raw: string, zone: string, now: Date): Cell<Date> {
  if (!raw) return bad(column, 'imports.cell.missing');
  const ms = ISO_DATE.test(raw) ? dayStart(raw, zone) : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(raw) ? instant(DateTime.fromISO(raw.replace(' ', 'T'), { zone, setZone: false })) : undefined;
  if (ms === undefined) return bad(column, 'imports.cell.date', { value: echo(raw) });
  return ms > now.getTime() ? bad(column, 'imports.cell.future', { value: echo(raw) }) : good(new Date(ms));
}

const instant = (at: DateTime): number | undefined => (at.isValid ? at.toMillis() : undefined);


/** A local date-time as `when` reads it, to the minute or the second, with no offset of its own. */
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
/** Hours remembered per import: two years of a file are 17,520. */
const MAX_HOURS = 50_000;

/**
 * `when` (cells.ts), as a million rows need it. A quarter of a CRM's dates carry a time of day, and
 * luxon finding the zone's offset for each one (Intl, at every call) is the largest part of reading a
 * row. Within an hour of wall time the offset is one and the same unless the zone changes it in that
 * hour, so luxon is asked once per hour of the file, at its first and its last second: when both read
 * back exactly as written (a skipped hour or day does not) with one offset, every time in the hour is
 * the hour's instant plus its minutes and seconds, which is what luxon gives for it. Any other form,
 * an hour in which the offset changes, and every problem (a bad date, one in the future) go to `when`.
 */
export function dateReader(zone: string, now: Date): (column: string, raw: string) => Cell<Date> {
  const hours = new Map<string, number | null>();
  const wallTime = "yyyy-MM-dd'T'HH:mm:ss";
  const hourStart = (hour: string): number | null => {
    let start = hours.get(hour);
    if (start === undefined) {
      if (hours.size >= MAX_HOURS) hours.clear();
      const first = DateTime.fromISO(`${hour}:00:00`, { zone });
      const last = DateTime.fromISO(`${hour}:59:59`, { zone });
      const asWritten = first.isValid && last.isValid && first.toFormat(wallTime) === `${hour}:00:00` && last.toFormat(wallTime) === `${hour}:59:59`;
      start = asWritten && first.offset === last.offset ? first.toMillis() : null;
      hours.set(hour, start);
    }
    return start;
  };
  return (column, raw) => {
    const local = LOCAL_TIME.exec(raw);
    const start = local ? hourStart(`${local[1]}T${local[2]}`) : null;
    if (local && start !== null) {
      const ms = start + Number(local[3]) * 60_000 + Number(local[4] ?? 0) * 1_000;
      if (ms <= now.getTime()) return { ok: true, value: new Date(ms) };
    }
    return when(column, raw, zone, now);
  };
}

/**
 * Midnight of a day in a zone, remembered: a million deals fall on a few hundred days, and resolving a
 * zone's offset is most of the cost of reading a date (luxon looks the zone up each time).
 */
const dayStarts = new Map<string, number | undefined>();
function dayStart(day: string, zone: string): number | undefined {
  const key = `${zone}|${day}`;
  if (dayStarts.has(key)) return dayStarts.get(key);
  if (dayStarts.size > 20_000) dayStarts.clear();
  const ms = instant(DateTime.fromISO(day, { zone }));
  dayStarts.set(key, ms);
  return ms;
}

/** A plain ISO day (`2026-10-01`), as goals' starts are. */
export function day(column: string, raw: string): Cell<string> {
  if (!raw) return bad(column, 'imports.cell.missing');
  return ISO_DATE.test(raw) && DateTime.fromISO(raw).isValid ? good(raw) : bad(column, 'imports.cell.day', { value: echo(raw) });
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A plain decimal with a point (`12500`, `12500.50`), as spreadsheets and CRMs export amounts, in
 * minor units of the currency. Grouping, commas and symbols are refused rather than guessed: `12,500`
 * is twelve thousand five hundred in one country and twelve and a half in the next.
 */
export function amount(column: string, raw: string, currency: string): Cell<bigint> {
  const match = DECIMAL.exec(raw);
  if (!match?.[1]) return bad(column, raw ? 'imports.cell.amount' : 'imports.cell.missing', { value: echo(raw) });
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return bad(column, 'imports.cell.amount_decimals', { value: echo(raw), currency, digits });
  return good(BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'));
}

/** A whole number of things (`12` deals). */
export function count(column: string, raw: string): Cell<bigint> {
  return /^\d{1,9}$/.test(raw) ? good(BigInt(raw)) : bad(column, raw ? 'imports.cell.count' : 'imports.cell.missing', { value: echo(raw) });
}

/** Reads every cell reader's result at once: the values, or every issue (a row reports all its mistakes). */
export function collect<T extends Record<string, Cell<unknown>>>(cells: T): { ok: true; value: { [K in keyof T]: T[K] extends Cell<infer V> ? V : never } } | { ok: false; issues: CellIssue[] } {
  const issues = Object.values(cells).flatMap((c) => (c.ok ? [] : [c.issue]));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, (c as { value: unknown }).value])) as { [K in keyof T]: T[K] extends Cell<infer V> ? V : never } };
}

/**
 * A number within (0, max]: the database refuses 0 where an amount or target must be positive, and
 * above the max is a typo. The max is shown as it would be typed (major units for money).
 */
export function positiveAtMost(cell: Cell<bigint>, column: string, max: bigint, shown: bigint): Cell<bigint> {
  if (!cell.ok) return cell;
  if (cell.value <= 0n) return bad(column, 'imports.cell.not_positive');
  return cell.value > max ? bad(column, 'imports.cell.too_large', { max: shown.toString() }) : cell;
}

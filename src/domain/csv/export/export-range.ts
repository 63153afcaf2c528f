import { err, ok, type Result } from '../../../bot/result.ts';
import { addDays } from '../../../time/calendar.ts';
import { zonedDayStart } from '../../../time/periods.ts';
import {
  FIRST_YEAR,
  LAST_YEAR,
  readSeason,
  resolveSeason,
  seasonCode,
  type Season,
  type SeasonMistake,
} from '../../../time/seasons.ts';
import type { InstantRange } from './export-deals.ts';

/** Calendar days to export, `start` inclusive and `end` exclusive (ISO dates, workspace zone). */
export interface ExportRange {
  start: string;
  end: string;
  /** How to name the file: `2026-10`, `2026-Q3`, `2026-W48`, `2026` or `2026-10-01..2026-12-31`. */
  label: string;
  /** The season the text named; absent for a date range (the attainment export needs one). */
  season?: Season;
}

/**
 * Why a text is not an export range, for the caller to word (in the user's language, with an example
 * for its own command): the season mistakes `readSeason` reports (the leaderboard's `leaderboard.error.*`
 * sentences fit them), or one of a date range.
 *   day     a side of `a..b` is not a real date (`2026-02-30`); `input` is that side
 *   order   the last day is before the first
 *   future  the range begins after today
 */
export type ExportRangeMistake =
  | SeasonMistake
  | { mistake: 'day'; input: string }
  | { mistake: 'order'; start: string; last: string }
  | { mistake: 'future'; start: string };

/** `2026-10-01..2026-12-31`, spaces around `..` allowed. */
const DATE_RANGE = /^(\S+)\s*\.\.\s*(\S+)$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day within the years seasons may be named in; the mistake otherwise. */
function readDay(text: string): Result<string, ExportRangeMistake> {
  const match = ISO_DAY.exec(text);
  if (!match) return err({ mistake: 'day', input: text });
  const year = Number(match[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return err({ mistake: 'year' });
  // Date.UTC rolls 30 February into March: a day is real when it reads back unchanged.
  const rolled = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10);
  return rolled === text ? ok(text) : err({ mistake: 'day', input: text });
}

function readDateRange(first: string, last: string): Result<ExportRange, ExportRangeMistake> {
  const start = readDay(first);
  if (!start.ok) return start;
  const end = readDay(last);
  if (!end.ok) return end;
  if (end.value < start.value) return err({ mistake: 'order', start: start.value, last: end.value });
  // Typed inclusive, as people say "1 to 31 December"; kept exclusive like every period in Pacer.
  return ok({ start: start.value, end: addDays(end.value, 1), label: `${start.value}..${end.value}` });
}

/**
 * Reads what `export` is given after the kind: a season as `/leaderboard` takes it (`month`, `quarter`,
 * `year`, `week`: the current one; `last month`; `2026-10`, `2026-Q3`, `2026-W48`, `2026`) or a date
 * range `2026-10-01..2026-12-31` with its last day included. Nothing means this month, as for
 * `/leaderboard`. `today` is the requester's local day in the workspace zone.
 *
 * A range that begins after today is refused: nothing has happened in it yet, so the file could only
 * be empty and the request is likelier a typo (`2062`). A range that has begun is kept whole, not cut
 * at today: `month` is the whole month, so its label and its bounds match the month's goals, and the
 * days still to come simply hold no rows yet.
 */
export function parseExportRange(text: string, today: string): Result<ExportRange, ExportRangeMistake> {
  const input = text.trim();
  const dates = DATE_RANGE.exec(input);
  let range: Result<ExportRange, ExportRangeMistake>;
  if (dates?.[1] !== undefined && dates[2] !== undefined) {
    range = readDateRange(dates[1], dates[2]);
  } else {
    const read = readSeason(input || 'month');
    if (!read.ok) {
      const { ok: _, ...mistake } = read;
      return err(mistake);
    }
    const season = resolveSeason(read.query, today);
    range = ok({ start: season.start, end: season.end, label: seasonCode(season), season });
  }
  if (range.ok && range.value.start > today) return err({ mistake: 'future', start: range.value.start });
  return range;
}

/** The instants a range of local days spans in a zone: from its first local midnight to the one after it. */
export const rangeInstants = (range: Pick<ExportRange, 'start' | 'end'>, zone: string): InstantRange => ({
  from: zonedDayStart(range.start, zone),
  to: zonedDayStart(range.end, zone),
});

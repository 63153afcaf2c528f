import type { UserRef } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { DEFAULT_MINUTE, EXAMPLES, isRealDay, MAX_MODULE_NAME_LENGTH, MAX_URL_LENGTH } from './training.ts';

/** Who an assignment is for: people named, a team by name, or both. */
export interface Targets {
  reps: UserRef[];
  team?: string;
}

/** A cadence as typed; the service turns it into a row (and checks a `once` day against today). */
export type CadenceSpec =
  | { cadence: 'daily' }
  | { cadence: 'weekly'; everyWeeks: number; weekday: number }
  | { cadence: 'monthly' }
  | { cadence: 'once'; dueOn: string };

export interface AddArgs {
  name: string;
  url?: string;
}

export interface AssignArgs {
  module: string;
  targets: Targets;
  schedule: CadenceSpec;
  /** Minutes after local midnight. */
  minute: number;
}

export interface UnassignArgs {
  module: string;
  targets: Targets;
}

/** Longest command text read at all; anything longer is refused before it is looked at. */
export const MAX_TEXT_LENGTH = 1000;

/** A word of the command, or a quoted phrase (a module or team name of several words). */
interface Token {
  text: string;
  quoted: boolean;
}

// Straight quotes, the curly ones phones type, and the Slovenian „…“ and »…«.
const OPEN_QUOTES = '"“”„»«';
const CLOSE_QUOTES = '"“”«»';
const MENTION = /^<@([^>\s|]+)>$/;

const words = (...list: string[]): ReadonlySet<string> => new Set(list);
const EVERY = words('every', 'vsak', 'vsako', 'vsaka', 'vsake', 'vsakih');
const ONCE = words('once', 'enkrat');
const BY = words('by', 'do');
const AT = words('at', 'ob');
const ON = words('on', 'v');
const TO = words('to', 'za', 'from', 'od');
const TEAM = words('team', 'ekipa', 'ekipo', 'ekipi');
const DAY = words('day', 'workday', 'weekday', 'dan');
const WORKING = words('working', 'delovni');
const WEEK = words('week', 'weeks', 'teden', 'tedna', 'tedne', 'tednov');
const MONTH = words('month', 'mesec');
const OTHER = words('other', 'drugi');
// Maps, not object literals: a typed word such as `constructor` must not find Object's prototype.
const SHORTHAND: ReadonlyMap<string, 'daily' | 'weekly' | 'monthly'> = new Map(Object.entries({
  daily: 'daily', dnevno: 'daily', weekly: 'weekly', tedensko: 'weekly', monthly: 'monthly', mesečno: 'monthly', mesecno: 'monthly',
} as const));

/** Weekday names and their usual short forms, in English and Slovenian (with and without carons, and the forms after `vsako`). */
const WEEKDAYS: ReadonlyMap<string, number> = new Map(Object.entries({
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
  ponedeljek: 1, pon: 1, torek: 2, tor: 2, sreda: 3, sredo: 3, sre: 3, četrtek: 4, cetrtek: 4, čet: 4, cet: 4,
  petek: 5, pet: 5, sobota: 6, soboto: 6, sob: 6, nedelja: 7, nedeljo: 7, ned: 7,
}));

/** A weekday name (`monday`, `Mondays`, `ponedeljek`, `četrtek`), or undefined. */
export function parseWeekday(word: string): number | undefined {
  const lower = word.toLowerCase();
  return WEEKDAYS.get(lower) ?? (lower.endsWith('s') ? WEEKDAYS.get(lower.slice(0, -1)) : undefined);
}

const CLOCK = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/i;
const MERIDIEM = /^(am|pm)$/i;

/**
 * A time of day: `9:00`, `14:30`, `9.00`, `9am`, `2:30pm`, and with `bare` a lone hour (`at 9`).
 * Undefined when the word does not look like a time at all; a problem when it does but is no time.
 */
function readClock(word: string, meridiem: string | undefined, bare: boolean): Result<number, Problem> | undefined {
  const match = CLOCK.exec(word);
  if (!match?.[1]) return undefined;
  const suffix = (match[3] ?? meridiem)?.toLowerCase();
  if (match[2] === undefined && suffix === undefined && !bare) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const shown = [word, meridiem].filter(Boolean).join(' ');
  const wrong = err(usage('training.error.time_invalid', { time: shown.slice(0, 20) }, EXAMPLES.assign));
  if (minute > 59) return wrong;
  if (suffix) {
    if (hour < 1 || hour > 12) return wrong;
    return ok(((hour % 12) + (suffix === 'pm' ? 12 : 0)) * 60 + minute);
  }
  return hour > 23 ? wrong : ok(hour * 60 + minute);
}

/** A due day: `2026-12-15`, or as Slovenians write it, `15.12.2026`. */
function readDay(word: string, example: string): Result<string, Problem> {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(word) ? word : undefined;
  const local = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/.exec(word);
  const day = iso ?? (local ? `${local[3]}-${local[2]?.padStart(2, '0')}-${local[1]?.padStart(2, '0')}` : undefined);
  return day && isRealDay(day) ? ok(day) : err(usage('training.error.date_invalid', { date: word.slice(0, 40) }, example));
}

/** Splits the text into words, keeping a quoted phrase as one. */
function tokenize(text: string, example: string): Result<Token[], Problem> {
  if (text.length > MAX_TEXT_LENGTH) return err(usage('training.error.too_long', { max: MAX_TEXT_LENGTH }, example));
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      i++;
    } else if (OPEN_QUOTES.includes(char)) {
      let end = i + 1;
      while (end < text.length && !CLOSE_QUOTES.includes(text[end] ?? '')) end++;
      if (end >= text.length) return err(usage('training.error.quote_unclosed', {}, example));
      tokens.push({ text: text.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end] ?? '')) end++;
      tokens.push({ text: text.slice(i, end), quoted: false });
      i = end;
    }
  }
  return ok(tokens);
}

const isPersonWord = (token: Token): boolean => !token.quoted && (MENTION.test(token.text) || (token.text.startsWith('@') && token.text.length > 1));

/** The module name: the first word or quoted phrase, never a person. */
function readModuleName(tokens: Token[], example: string): Result<string, Problem> {
  const first = tokens[0];
  if (!first || isPersonWord(first)) return err(usage('training.error.name_missing', {}, example));
  const name = first.text.replace(/\s+/g, ' ').trim();
  if (!name) return err(usage('training.error.name_missing', {}, example));
  if (name.length > MAX_MODULE_NAME_LENGTH) return err(usage('training.error.name_too_long', { max: MAX_MODULE_NAME_LENGTH }, example));
  return ok(name);
}

/** Does a word start a link (`https:`, or any scheme, so a wrong one is reported as a wrong link)? */
const isLinkWord = (token: Token): boolean => !token.quoted && /^[a-z][a-z0-9+.-]*:/i.test(token.text);

/**
 * The words after the name that the grammar could not place: a name of several words typed without
 * quotes (reported with the words that seem to make it up), or a stray word.
 */
function leftover(tokens: Token[], at: number, example: string): Problem {
  const first = tokens[0];
  if (at === 1 && first && !first.quoted) {
    const name: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      const word = token.text.toLowerCase();
      if (i > 0 && (isLinkWord(token) || isPersonWord(token) || TO.has(word) || TEAM.has(word) || endsTeamName(tokens, i))) break;
      name.push(token.text);
    }
    return usage('training.error.name_unquoted', { name: name.join(' ').slice(0, 60) }, example);
  }
  return usage('training.error.unexpected', { word: tokens[at]?.text.slice(0, 40) ?? '' }, example);
}

/** Is this word where a team's name stops (the schedule begins)? */
function endsTeamName(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!token || token.quoted) return false;
  const word = token.text.toLowerCase();
  return isPersonWord(token) || EVERY.has(word) || ONCE.has(word) || BY.has(word) || AT.has(word) || SHORTHAND.has(word) || clockAt(tokens, i, false) !== undefined;
}

/** Reads who, from `at`: mentions, `@names`, `to team East`, `team "East Coast"`. Returns where it stopped. */
function readTargets(tokens: Token[], at: number, example: string): Result<{ targets: Targets; next: number }, Problem> {
  const reps: UserRef[] = [];
  let team: string | undefined;
  let i = at;
  for (;;) {
    const token = tokens[i];
    if (!token || token.quoted) break;
    const word = token.text.toLowerCase();
    const next = tokens[i + 1];
    const mention = MENTION.exec(token.text);
    if (mention?.[1]) {
      reps.push({ kind: 'id', id: mention[1] });
      i++;
    } else if (isPersonWord(token)) {
      reps.push({ kind: 'name', name: token.text.slice(1) });
      i++;
    } else if (TO.has(word) && next && !next.quoted && (isPersonWord(next) || TEAM.has(next.text.toLowerCase()))) {
      i++;
    } else if (TEAM.has(word) && team === undefined) {
      // A quoted name, or the words up to where the schedule begins (`team East Coast every monday`).
      const name: string[] = [];
      i++;
      if (tokens[i]?.quoted) name.push(tokens[i++]?.text ?? '');
      else while (tokens[i] && !endsTeamName(tokens, i)) name.push(tokens[i++]?.text ?? '');
      const joined = name.join(' ').replace(/\s+/g, ' ').trim();
      if (!joined) return err(usage('training.error.team_missing', {}, EXAMPLES.assignTeam));
      team = joined;
    } else {
      break;
    }
  }
  if (reps.length === 0 && team === undefined) {
    return err(tokens.length > at && !endsTeamName(tokens, at) ? leftover(tokens, at, example) : usage('training.error.targets_missing', {}, example));
  }
  return ok({ targets: team === undefined ? { reps } : { reps, team }, next: i });
}

/** After `every`: `monday`, `day`, `working day`, `month`, `week [on] [monday]`, `2 weeks [on monday]`, `other week`. */
function readEvery(tokens: Token[], at: number): Result<{ schedule: CadenceSpec; next: number }, Problem> {
  const word = (i: number): string => (tokens[i]?.quoted ? '' : (tokens[i]?.text.toLowerCase() ?? ''));
  const unknown = () => err(usage('training.error.cadence_unknown', { word: tokens[at]?.text.slice(0, 40) ?? '' }, EXAMPLES.assign));
  let i = at;
  const weekday = parseWeekday(word(i));
  if (weekday !== undefined) return ok({ schedule: { cadence: 'weekly', everyWeeks: 1, weekday }, next: i + 1 });
  if (WORKING.has(word(i)) && DAY.has(word(i + 1))) return ok({ schedule: { cadence: 'daily' }, next: i + 2 });
  if (DAY.has(word(i))) return ok({ schedule: { cadence: 'daily' }, next: i + 1 });
  if (MONTH.has(word(i))) return ok({ schedule: { cadence: 'monthly' }, next: i + 1 });
  let everyWeeks = 1;
  if (OTHER.has(word(i)) && WEEK.has(word(i + 1))) {
    everyWeeks = 2;
    i++;
  } else if (/^\d{1,3}$/.test(word(i))) {
    if (!WEEK.has(word(i + 1))) return unknown();
    everyWeeks = Number(word(i));
    if (everyWeeks < 1 || everyWeeks > 52) return err(usage('training.error.weeks_invalid', { count: word(i) }, EXAMPLES.assignTeam));
    i++;
  } else if (!WEEK.has(word(i))) {
    return unknown();
  }
  return readWeeklyDay(tokens, i + 1, everyWeeks);
}

/** The optional `[on] monday` after a number of weeks; Monday when none is named. */
function readWeeklyDay(tokens: Token[], at: number, everyWeeks: number): Result<{ schedule: CadenceSpec; next: number }, Problem> {
  const word = (i: number): string => (tokens[i]?.quoted ? '' : (tokens[i]?.text.toLowerCase() ?? ''));
  const skip = ON.has(word(at)) ? 1 : 0;
  const weekday = parseWeekday(word(at + skip));
  if (weekday !== undefined) return ok({ schedule: { cadence: 'weekly', everyWeeks, weekday }, next: at + skip + 1 });
  if (skip) return err(usage('training.error.weekday_unknown', { word: tokens[at + 1]?.text.slice(0, 40) ?? '' }, EXAMPLES.assign));
  return ok({ schedule: { cadence: 'weekly', everyWeeks, weekday: 1 }, next: at });
}

/** A time of day at `tokens[i]` (`9:00`, `9am`, `9 am`; with `bare` also `9`): its minute and how many words it took. */
function clockAt(tokens: Token[], i: number, bare: boolean): { minute: Result<number, Problem>; length: number } | undefined {
  const token = tokens[i];
  if (!token || token.quoted) return undefined;
  const next = tokens[i + 1];
  const meridiem = next && !next.quoted && MERIDIEM.test(next.text) && !/[ap]m$/i.test(token.text) ? next.text : undefined;
  const minute = readClock(token.text, meridiem, bare);
  return minute && { minute, length: meridiem ? 2 : 1 };
}

/** Reads the schedule and the time, in either order: `every monday 9:00`, `at 9am once by 2026-12-15`. */
function readSchedule(tokens: Token[], at: number): Result<{ schedule: CadenceSpec; minute: number }, Problem> {
  let schedule: CadenceSpec | undefined;
  let minute: number | undefined;
  let i = at;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    const word = token.quoted ? '' : token.text.toLowerCase();
    const clock = minute === undefined ? (AT.has(word) ? clockAt(tokens, i + 1, true) : clockAt(tokens, i, false)) : undefined;
    if (schedule === undefined && EVERY.has(word)) {
      const every = readEvery(tokens, i + 1);
      if (!every.ok) return every;
      ({ schedule, next: i } = every.value);
    } else if (schedule === undefined && SHORTHAND.has(word)) {
      const kind = SHORTHAND.get(word);
      const read = kind === 'weekly' ? readWeeklyDay(tokens, i + 1, 1) : ok({ schedule: { cadence: kind === 'daily' ? 'daily' : 'monthly' } as CadenceSpec, next: i + 1 });
      if (!read.ok) return read;
      ({ schedule, next: i } = read.value);
    } else if (schedule === undefined && (ONCE.has(word) || BY.has(word))) {
      i += ONCE.has(word) && BY.has(tokens[i + 1]?.text.toLowerCase() ?? '') ? 2 : 1;
      const dayWord = tokens[i]?.text;
      if (!dayWord) return err(usage('training.error.once_date_missing', {}, EXAMPLES.once));
      const day = readDay(dayWord, EXAMPLES.once);
      if (!day.ok) return day;
      schedule = { cadence: 'once', dueOn: day.value };
      i++;
    } else if (minute === undefined && AT.has(word)) {
      if (!clock) return err(usage('training.error.time_invalid', { time: tokens[i + 1]?.text.slice(0, 20) ?? '' }, EXAMPLES.assign));
      if (!clock.minute.ok) return clock.minute;
      minute = clock.minute.value;
      i += 1 + clock.length;
    } else if (clock) {
      if (!clock.minute.ok) return clock.minute;
      minute = clock.minute.value;
      i += clock.length;
    } else {
      return err(usage('training.error.unexpected', { word: token.text.slice(0, 40) }, EXAMPLES.assign));
    }
  }
  if (schedule === undefined) return err(usage('training.error.schedule_missing', {}, EXAMPLES.assign));
  return ok({ schedule, minute: minute ?? DEFAULT_MINUTE });
}

/** `/training add "Negotiation 101" https://lms.example.com/neg101` */
export function parseAdd(text: string): Result<AddArgs, Problem> {
  const tokens = tokenize(text, EXAMPLES.add);
  if (!tokens.ok) return tokens;
  const name = readModuleName(tokens.value, EXAMPLES.add);
  if (!name.ok) return name;
  const link = tokens.value[1];
  if (!link) return ok({ name: name.value });
  if (!tokens.value[0]?.quoted && !isLinkWord(link)) return err(leftover(tokens.value, 1, EXAMPLES.add));
  if (tokens.value.length > 2) return err(leftover(tokens.value, 2, EXAMPLES.add));
  const url = parseUrl(link.text);
  return url.ok ? ok({ name: name.value, url: url.value }) : url;
}

/** An http(s) link of at most MAX_URL_LENGTH characters, as typed (not normalised). */
export function parseUrl(text: string): Result<string, Problem> {
  if (text.length > MAX_URL_LENGTH) return err(usage('training.error.url_too_long', { max: MAX_URL_LENGTH }, EXAMPLES.add));
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    return err(usage('training.error.url_invalid', { url: text.slice(0, 60) }, EXAMPLES.add));
  }
  return ok(text);
}

/** `/training assign "Negotiation 101" @alice every monday 9:00` · `… to team East every 2 weeks` · `… once by 2026-12-15` */
export function parseAssign(text: string): Result<AssignArgs, Problem> {
  const tokens = tokenize(text, EXAMPLES.assign);
  if (!tokens.ok) return tokens;
  const module = readModuleName(tokens.value, EXAMPLES.assign);
  if (!module.ok) return module;
  const targets = readTargets(tokens.value, 1, EXAMPLES.assign);
  if (!targets.ok) return targets;
  const schedule = readSchedule(tokens.value, targets.value.next);
  if (!schedule.ok) return schedule;
  return ok({ module: module.value, targets: targets.value.targets, ...schedule.value });
}

/** `/training unassign "Negotiation 101" @alice` · `… to team East` */
export function parseUnassign(text: string): Result<UnassignArgs, Problem> {
  const tokens = tokenize(text, EXAMPLES.unassign);
  if (!tokens.ok) return tokens;
  const module = readModuleName(tokens.value, EXAMPLES.unassign);
  if (!module.ok) return module;
  const targets = readTargets(tokens.value, 1, EXAMPLES.unassign);
  if (!targets.ok) return targets;
  if (targets.value.next < tokens.value.length) return err(leftover(tokens.value, targets.value.next, EXAMPLES.unassign));
  return ok({ module: module.value, targets: targets.value.targets });
}

/** `/training done "Negotiation 101"` */
export function parseDone(text: string): Result<string, Problem> {
  const tokens = tokenize(text, EXAMPLES.done);
  if (!tokens.ok) return tokens;
  const module = readModuleName(tokens.value, EXAMPLES.done);
  if (!module.ok) return module;
  return tokens.value.length > 1 ? err(leftover(tokens.value, 1, EXAMPLES.done)) : ok(module.value);
}

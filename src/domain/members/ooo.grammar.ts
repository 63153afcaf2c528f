import { DateTime } from 'luxon';
import type { UserRef } from '../../bot/command.ts';
import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { MAX_ADMIN_TEXT, parseUserRef } from './member.grammar.ts';

export const OOO_EXAMPLES = {
  set: '/pacer ooo until 2026-12-24',
  other: '/pacer ooo @alice until 2026-12-24',
  off: '/pacer ooo off',
  offOther: '/pacer ooo @alice off',
  show: '/pacer ooo',
} as const;

/** Who is (or is no longer) away; `user` absent means the caller. */
export type OooArgs =
  | { kind: 'show'; user?: UserRef }
  | { kind: 'set'; user?: UserRef; until: string }
  | { kind: 'clear'; user?: UserRef };

const UNTIL_WORDS = new Set(['until', 'till', 'through', 'to', 'do']);
const OFF_WORDS = new Set(['off', 'back', 'clear', 'none', 'nazaj', 'konec', 'izklop', 'izklopi']);

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `24.12.2026`, `24. 12. 2026` and `24. 12. 2026.`: how dates are written in Slovenian. */
const DOTTED_DAY = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?$/;

/**
 * A calendar day written as `2026-12-24`, `24.12.2026` or `24. 12. 2026`, as an ISO day; undefined
 * when it is not one or names a day that does not exist (`2026-02-30`). Whether it is in the future
 * depends on the workspace's zone and today: that is the service's to check.
 */
export function parseDay(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = ISO_DAY.exec(trimmed);
  const dotted = iso ? undefined : DOTTED_DAY.exec(trimmed);
  const parts = iso ? { year: iso[1], month: iso[2], day: iso[3] } : dotted ? { year: dotted[3], month: dotted[2], day: dotted[1] } : undefined;
  if (!parts) return undefined;
  const date = DateTime.fromObject({ year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) }, { zone: 'UTC' });
  return date.isValid ? (date.toISODate() ?? undefined) : undefined;
}

/**
 * `/pacer ooo` · `/pacer ooo until 2026-12-24` · `/pacer ooo off` (or `back`), each optionally for
 * someone else first: `/pacer ooo @alice until 24. 12. 2026`. The `until` is optional.
 */
export function parseOoo(text: string): Result<OooArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, OOO_EXAMPLES.set));
  let tokens = text.trim().split(/\s+/).filter(Boolean);
  const user = tokens[0] === undefined ? undefined : parseUserRef(tokens[0]);
  if (user) tokens = tokens.slice(1);
  const who = user ? { user } : {};
  const example = user ? OOO_EXAMPLES.other : OOO_EXAMPLES.set;
  const [first = '', ...rest] = tokens;
  if (!first) return ok({ kind: 'show', ...who });
  const word = first.toLowerCase();
  if (OFF_WORDS.has(word)) {
    return rest.length === 0 ? ok({ kind: 'clear', ...who }) : err(extraWords(rest.join(' '), OOO_EXAMPLES.off));
  }
  const dateText = (UNTIL_WORDS.has(word) ? rest : tokens).join(' ');
  if (!dateText) return err(usage('pacer.ooo.error.date_missing', {}, example));
  const until = parseDay(dateText);
  if (until) return ok({ kind: 'set', ...who, until });
  // A second person named after the first: only one person can be marked at a time.
  if (tokens.some((token) => parseUserRef(token) !== undefined)) return err(usage('pacer.ooo.error.one_person', {}, OOO_EXAMPLES.other));
  return err(usage('pacer.ooo.error.date', { value: dateText.slice(0, 40) }, `${example} · /pacer ooo until 24. 12. 2026`));
}

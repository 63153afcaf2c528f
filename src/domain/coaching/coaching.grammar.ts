import type { UserRef } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parseUserRef } from '../members/member.grammar.ts';

/** Longest note kept: a paragraph or two, enough for what was practised and what comes next. */
export const MAX_NOTE = 2000;

export const COACH_EXAMPLES = {
  note: '/coach @alice Role-played the pricing objection',
  history: '/coach @alice',
} as const;

export type CoachArgs = { kind: 'note'; user: UserRef; note: string } | { kind: 'history'; user: UserRef };

/**
 * `/coach @alice Role-played the pricing objection` logs a note; `/coach @alice` shows the rep's notes.
 * The rep comes first, always: a note is free text and may itself name people (`… with @bob`), so
 * only the first word can say who the note is about.
 */
export function parseCoach(text: string): Result<CoachArgs, Problem> {
  const trimmed = text.trim();
  // Checked on the raw text first, so a pasted essay is refused before it is split or scanned.
  if (trimmed.length > MAX_NOTE + 200) return err(usage('coaching.error.too_long', { max: MAX_NOTE }, COACH_EXAMPLES.note));
  const [first = ''] = trimmed.split(/\s+/, 1);
  if (!first) return err(usage('coaching.error.empty', {}, COACH_EXAMPLES.note));
  const user = parseUserRef(first);
  if (!user) {
    const named = trimmed.split(/\s+/).some((token) => parseUserRef(token) !== undefined);
    return err(usage(named ? 'coaching.error.rep_first' : 'coaching.error.rep_missing', {}, COACH_EXAMPLES.note));
  }
  const note = trimmed.slice(first.length).trim();
  if (!note) return ok({ kind: 'history', user });
  if ([...note].length > MAX_NOTE) return err(usage('coaching.error.too_long', { max: MAX_NOTE }, COACH_EXAMPLES.note));
  return ok({ kind: 'note', user, note });
}

import type { UserRef } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parseUserRef } from '../members/member.grammar.ts';

export const RECOGNITION_EXAMPLES = {
  mine: '/recognition',
  someone: '/recognition @alice',
  deliver: '/recognition deliver 12',
} as const;

/** `/recognition` (mine) or `/recognition @alice` (a manager looking at a rep). */
export function parseRecognition(text: string): Result<{ user?: UserRef }, Problem> {
  const trimmed = text.trim();
  if (!trimmed) return ok({});
  const user = /\s/.test(trimmed) ? undefined : parseUserRef(trimmed);
  return user ? ok({ user }) : err(usage('recognition.error.args', { text: trimmed.slice(0, 40) }, RECOGNITION_EXAMPLES.someone));
}

/** `/recognition deliver 12` (or `#12`, several: `12 13 14`): the ids `/recognition pending` shows. */
export function parseDeliver(text: string): Result<number[], Problem> {
  const words = text.trim().split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return err(usage('recognition.error.deliver_missing', {}, RECOGNITION_EXAMPLES.deliver));
  const ids: number[] = [];
  for (const word of words) {
    const match = /^#?(\d{1,9})$/.exec(word);
    if (!match?.[1]) return err(usage('recognition.error.deliver_id', { text: word.slice(0, 40) }, RECOGNITION_EXAMPLES.deliver));
    if (!ids.includes(Number(match[1]))) ids.push(Number(match[1]));
  }
  return ids.length > 20 ? err(usage('recognition.error.deliver_limit', { max: 20 }, RECOGNITION_EXAMPLES.deliver)) : ok(ids);
}

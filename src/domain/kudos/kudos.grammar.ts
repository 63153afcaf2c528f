import type { UserRef } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parseDealRef, splitDealSuffix } from '../deals/deal.ts';
import { parseUserRef } from '../members/member.grammar.ts';

/** Enough for a sentence or two of why; a shout-out is read in passing. */
export const MAX_REASON = 500;
export const MIN_REASON = 3;
/** A whole team can be thanked at once; more than this is a broadcast, not a shout-out. */
export const MAX_RECEIVERS = 20;
/** Longer raw text is refused unread: every receiver's id at its longest and a reason of emoji. */
const RAW_LIMIT = MAX_RECEIVERS * 128 + MAX_REASON * 4;

export const KUDOS_EXAMPLES = {
  one: '/kudos @alice for landing Globex',
  many: '/kudos @alice @bob for landing Globex deal D-42',
} as const;

export interface KudosArgs {
  receivers: UserRef[];
  reason: string;
  /** The number of the deal it is for (`D-42` → 42). */
  deal?: number;
}

/** Words that may sit between the people named: `@alice, @bob and @carol`, `@ana in @bor`. */
const JOINERS = new Set(['and', '&', 'in', 'ter']);
/** The word that starts the reason, dropped: `for landing Globex`, `za podpis pogodbe`. */
const FOR = new Set(['for', 'za']);

/** One key per person named, so `@alice @Alice` thanks Alice once. */
const refKey = (r: UserRef): string => (r.kind === 'id' ? `id:${r.id}` : `name:${r.name.toLowerCase()}`);

/**
 * `/kudos @alice @bob for landing Globex deal D-42`: the people come first (a reason may itself name
 * people, `… with @carol's help`, so only the leading names say who is thanked), then the reason, then
 * an optional deal. The same person named twice is thanked once.
 */
export function parseKudos(text: string): Result<KudosArgs, Problem> {
  const trimmed = text.trim();
  // Refused on the raw text first, so a pasted essay is never split or scanned; the bound leaves room
  // for every receiver's id (a Teams id is ~90 characters) and a reason of emoji (two code units each).
  if (trimmed.length > RAW_LIMIT) return err(usage('kudos.error.too_long', { max: MAX_REASON }, KUDOS_EXAMPLES.one));
  const tokens = trimmed.split(/\s+/).filter(Boolean);
  const receivers: UserRef[] = [];
  let used = 0;
  for (const [i, token] of tokens.entries()) {
    const ref = parseUserRef(token.replace(/,$/, ''));
    // A joining word counts only between two names (or dangling at the end): `@ana in @bor`, but `@ana in record time`.
    const next = tokens[i + 1];
    const joins = !ref && receivers.length > 0 && JOINERS.has(token.toLowerCase()) && (next === undefined || parseUserRef(next.replace(/,$/, '')) !== undefined);
    if (!ref && !joins) break;
    if (ref && !receivers.some((r) => refKey(r) === refKey(ref))) receivers.push(ref);
    used += 1;
  }
  if (receivers.length === 0) {
    const named = tokens.some((token) => parseUserRef(token) !== undefined);
    return err(usage(named ? 'kudos.error.who_first' : 'kudos.error.who_missing', {}, KUDOS_EXAMPLES.one));
  }
  if (receivers.length > MAX_RECEIVERS) return err(usage('kudos.error.over_limit', { max: MAX_RECEIVERS }, KUDOS_EXAMPLES.many));
  const afterNames = tokens.slice(used);
  if (afterNames[0] && FOR.has(afterNames[0].toLowerCase())) afterNames.shift();
  return readReason(receivers, afterNames.join(' '));
}

function readReason(receivers: UserRef[], raw: string): Result<KudosArgs, Problem> {
  const { rest, ref } = splitDealSuffix(raw);
  if (ref && ref.number === undefined) return err(usage('kudos.error.deal_invalid', { ref: ref.typed.slice(0, 40) }, KUDOS_EXAMPLES.many));
  const reason = rest.trim();
  if (!reason) return err(usage('kudos.error.reason_missing', {}, KUDOS_EXAMPLES.one));
  const length = [...reason].length;
  if (length < MIN_REASON) return err(usage('kudos.error.reason_short', { min: MIN_REASON }, KUDOS_EXAMPLES.one));
  if (length > MAX_REASON) return err(usage('kudos.error.too_long', { max: MAX_REASON }, KUDOS_EXAMPLES.one));
  return ok({ receivers, reason, ...(ref?.number !== undefined && { deal: ref.number }) });
}

/** Which form field a problem of the grammar is about. */
const FIELD_OF: Record<string, string> = {
  'kudos.error.who_missing': 'who',
  'kudos.error.who_first': 'who',
  'kudos.error.over_limit': 'who',
  'kudos.error.deal_invalid': 'deal',
};

/** Reads the `/kudos` form through the command's own grammar, so the two can never disagree. */
export function fromKudosForm(values: Record<string, string | undefined>): Result<KudosArgs, Record<string, Problem>> {
  const who = values.who?.trim() ?? '';
  const reason = values.reason?.trim() ?? '';
  const typedDeal = values.deal?.trim() ?? '';
  if (typedDeal && parseDealRef(typedDeal) === undefined) {
    return err({ deal: { ...usage('kudos.error.deal_invalid', { ref: typedDeal.slice(0, 40) }, KUDOS_EXAMPLES.many), field: 'deal' } });
  }
  const deal = typedDeal ? `deal ${typedDeal}` : '';
  // A Slack user picker gives bare ids (`U0123`); typed names keep their `@`.
  const people = who.split(/[\s,]+/).filter(Boolean).map((p) => (/^[UW][A-Z0-9]{2,}$/.test(p) ? `<@${p}>` : p)).join(' ');
  const parsed = parseKudos([people, 'for', reason, deal].filter(Boolean).join(' '));
  if (parsed.ok) return parsed;
  return err({ [FIELD_OF[parsed.error.key] ?? 'reason']: { ...parsed.error, field: FIELD_OF[parsed.error.key] ?? 'reason' } });
}

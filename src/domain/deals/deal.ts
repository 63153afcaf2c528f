import type { DealStage, LossReason } from './deal.table.ts';
import { LOSS_REASONS } from './deal.table.ts';

/** A deal can be taken back by its rep for this long after logging it. */
export const UNDO_WINDOW_MS = 15 * 60 * 1000;

/** Longest customer or product name kept; longer text is refused, never cut. */
export const MAX_NAME_LENGTH = 200;

/** The reference users see and type: `D-42`. */
export const dealRef = (number: number): string => `D-${number}`;

/** Reads `D-42`, `d42`, `#42` or `42`; undefined for anything else. */
export function parseDealRef(text: string): number | undefined {
  const match = /^(?:d-?|#)?(\d{1,9})$/i.exec(text.trim());
  return match?.[1] ? Number(match[1]) : undefined;
}

/**
 * A trailing `deal D-42` (or `posel D-42`, `deal: 42`) on free text, as `/feedback` and `/kudos` take it.
 * Only a word that starts like a reference counts, so text that merely ends in "…a better deal soon"
 * stays text; `deal D-4x` is a mistyped reference (`ref` is what was typed, `number` undefined).
 */
const DEAL_SUFFIX = /(?:^|\s)(?:deal|posel)\s*:?\s+((?:d-?|#)?\d\S*)$/iu;

export function splitDealSuffix(text: string): { rest: string; ref?: { typed: string; number: number | undefined } } {
  const suffix = DEAL_SUFFIX.exec(text);
  if (!suffix?.[1]) return { rest: text };
  return { rest: text.slice(0, suffix.index), ref: { typed: suffix[1], number: parseDealRef(suffix[1]) } };
}

/** Slovenian words for the loss reasons, so `razlog: cena` works too. */
const REASON_ALIASES: Record<string, LossReason> = {
  izdelek: 'product', cena: 'price', dobava: 'delivery', dostava: 'delivery',
  servis: 'service', storitev: 'service', ljudje: 'people', prodajalec: 'people', drugo: 'other',
};

export function parseLossReason(text: string): LossReason | undefined {
  const word = text.trim().toLowerCase();
  if ((LOSS_REASONS as readonly string[]).includes(word)) return word as LossReason;
  return REASON_ALIASES[word];
}

/** The stage a deal must be in before it can move to `next`. */
const PREVIOUS: Partial<Record<DealStage, DealStage>> = { delivered: 'won', serviced: 'delivered' };

export type MoveCheck = { ok: true } | { ok: false; reason: 'lost' | 'already' | 'not_yet' };

/** Deals move forward one step at a time (won → delivered → serviced); a lost deal stays lost. */
export function checkMove(current: DealStage, next: 'delivered' | 'serviced'): MoveCheck {
  if (current === 'lost') return { ok: false, reason: 'lost' };
  if (current === next || (next === 'delivered' && current === 'serviced')) return { ok: false, reason: 'already' };
  if (PREVIOUS[next] !== current) return { ok: false, reason: 'not_yet' };
  return { ok: true };
}

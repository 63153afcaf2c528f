import type { FeedbackKind } from './feedback.table.ts';

/** Shortest and longest feedback kept, in characters after trimming; longer text is refused, never cut. */
export const MIN_TEXT_LENGTH = 3;
export const MAX_TEXT_LENGTH = 1000;

/** How many items `/feedback list` shows: the newest, enough to see what the field is saying. */
export const LIST_SIZE = 10;

/** The +1 button on a technique; its value is read by parseVoteValue. */
export const VOTE_ACTION = 'feedback.vote';

export const EXAMPLES = {
  customer: '/feedback customer They want annual billing',
  product: '/feedback product Widgets ship too slowly',
  technique: '/feedback technique Leading with the ROI calculator closed Globex deal D-42',
  list: '/feedback list technique',
} as const satisfies Record<FeedbackKind | 'list', string>;

/** The kinds in English and Slovenian. A Map, so a typed `constructor` finds nothing on Object's prototype. */
const KIND_WORDS: ReadonlyMap<string, FeedbackKind> = new Map(Object.entries({
  customer: 'customer', stranka: 'customer', kupec: 'customer',
  product: 'product', izdelek: 'product', produkt: 'product',
  technique: 'technique', tehnika: 'technique',
} as const));

/** `customer`, `Stranka`, `tehnika` → the kind; undefined for any other word. */
export const parseKind = (word: string): FeedbackKind | undefined => KIND_WORDS.get(word.trim().toLowerCase());

/** The what-works post a +1 button sits in: enough to build that post again with the new count. */
export interface PostRef {
  from: Date;
  to: Date;
  teamId: number | null;
}

/**
 * A +1 button's value: the technique, and the post it sits in (`<id>:<fromMs>:<toMs>[:<teamId>]`), so
 * the click can answer with the whole post re-rendered; a bare `<id>` stands for a technique alone.
 */
export function voteValue(feedbackId: number, post?: PostRef): string {
  if (!post) return String(feedbackId);
  const team = post.teamId === null ? '' : `:${post.teamId}`;
  return `${feedbackId}:${post.from.getTime()}:${post.to.getTime()}${team}`;
}

/** Reads a +1 button's value; undefined for anything voteValue would not have written. */
export function parseVoteValue(value: string | undefined): { feedbackId: number; post?: PostRef } | undefined {
  const match = /^(\d{1,9})(?::(\d{1,15}):(\d{1,15})(?::(\d{1,9}))?)?$/.exec(value?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const feedbackId = Number(match[1]);
  if (match[2] === undefined || match[3] === undefined) return { feedbackId };
  const from = new Date(Number(match[2]));
  const to = new Date(Number(match[3]));
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) return undefined;
  return { feedbackId, post: { from, to, teamId: match[4] === undefined ? null : Number(match[4]) } };
}

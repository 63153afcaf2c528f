import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parseDealRef, splitDealSuffix } from '../deals/deal.ts';
import { EXAMPLES, MAX_TEXT_LENGTH, MIN_TEXT_LENGTH, parseKind } from './feedback.ts';
import type { FeedbackKind } from './feedback.table.ts';

export interface AddFeedbackArgs {
  kind: FeedbackKind;
  text: string;
  /** The number of the deal it is tied to (`D-42` → 42). */
  deal?: number;
}

export interface ListFeedbackArgs {
  kind?: FeedbackKind;
}

/** Checks feedback text: trimmed, MIN..MAX characters (code points, so `č` and emoji count as one). */
function checkText(raw: string | undefined, example: string): Result<string, Problem> {
  const text = raw?.trim() ?? '';
  if (!text) return err(usage('feedback.error.text_missing', {}, example));
  const length = [...text].length;
  if (length < MIN_TEXT_LENGTH) return err(usage('feedback.error.text_too_short', { min: MIN_TEXT_LENGTH }, example));
  if (length > MAX_TEXT_LENGTH) return err(usage('feedback.error.text_too_long', { max: MAX_TEXT_LENGTH }, example));
  return ok(text);
}

function readDealRef(raw: string, example: string): Result<number, Problem> {
  const number = parseDealRef(raw);
  return number === undefined ? err(usage('feedback.error.ref_invalid', { ref: raw.trim().slice(0, 40) }, example)) : ok(number);
}

/** `/feedback customer They want annual billing` · `/feedback technique … deal D-42` · `/feedback stranka …` */
export function parseFeedback(text: string): Result<AddFeedbackArgs, Problem> {
  const trimmed = text.trim();
  // Refused on the raw text first, so a pasted essay is never split or scanned.
  if (trimmed.length > MAX_TEXT_LENGTH + 200) return err(usage('feedback.error.text_too_long', { max: MAX_TEXT_LENGTH }, EXAMPLES.customer));
  const [word = ''] = trimmed.split(/\s+/, 1);
  if (!word) return err(usage('feedback.error.kind_missing', {}, EXAMPLES.customer));
  const kind = parseKind(word);
  if (!kind) return err(usage('feedback.error.kind_unknown', { word: word.slice(0, 40) }, EXAMPLES.customer));
  const example = EXAMPLES[kind];
  const { rest, ref } = splitDealSuffix(trimmed.slice(word.length));
  if (ref && ref.number === undefined) return err(usage('feedback.error.ref_invalid', { ref: ref.typed.slice(0, 40) }, example));
  const checked = checkText(rest, example);
  if (!checked.ok) return checked;
  return ok({ kind, text: checked.value, ...(ref?.number !== undefined && { deal: ref.number }) });
}

/** Reads the `/feedback` form into the same arguments as the text; errors are per field. */
export function fromFeedbackForm(values: Record<string, string | undefined>): Result<AddFeedbackArgs, Record<string, Problem>> {
  const kind = parseKind(values.kind ?? '');
  if (!kind) return err({ kind: { ...usage('feedback.error.kind_missing', {}, EXAMPLES.customer), field: 'kind' } });
  const text = checkText(values.text, EXAMPLES[kind]);
  if (!text.ok) return err({ text: { ...text.error, field: 'text' } });
  if (!values.deal?.trim()) return ok({ kind, text: text.value });
  const deal = readDealRef(values.deal, EXAMPLES.technique);
  return deal.ok ? ok({ kind, text: text.value, deal: deal.value }) : err({ deal: { ...deal.error, field: 'deal' } });
}

/** `/feedback list` · `/feedback list technique` */
export function parseList(text: string): Result<ListFeedbackArgs, Problem> {
  const trimmed = text.trim();
  if (!trimmed) return ok({});
  const kind = /\s/.test(trimmed) ? undefined : parseKind(trimmed);
  return kind ? ok({ kind }) : err(usage('feedback.error.list_unknown', { word: trimmed.slice(0, 40) }, EXAMPLES.list));
}

import type { Block, Button, Field, Message, Tone } from './message.ts';

/**
 * Small builders so that views read like the message they make:
 *
 * @example
 * message(
 *   [header(t('deal.logged')), fields([['Amount', '€5,000'], field('Stage', 'won')]), isLate && context(t('deal.late'))],
 *   { title: t('deal.logged.title'), visibility: 'public' },
 * );
 */

export type BlockOf<T extends Block['type']> = Extract<Block, { type: T }>;

export function text(s: string, tone?: Tone): BlockOf<'text'> {
  return tone === undefined ? { type: 'text', text: s } : { type: 'text', text: s, tone };
}

export function header(s: string): BlockOf<'header'> {
  return { type: 'header', text: s };
}

export function field(label: string, value: string): Field {
  return { label, value };
}

/** Accepts `field(...)` objects or `[label, value]` pairs, whichever reads better at the call site. */
export function fields(list: ReadonlyArray<Field | readonly [label: string, value: string]>): BlockOf<'fields'> {
  return { type: 'fields', fields: list.map((f) => (isPair(f) ? { label: f[0], value: f[1] } : { ...f })) };
}

function isPair(f: Field | readonly [string, string]): f is readonly [string, string] {
  return Array.isArray(f);
}

export function divider(): BlockOf<'divider'> {
  return { type: 'divider' };
}

export function context(s: string): BlockOf<'context'> {
  return { type: 'context', text: s };
}

export function image(url: string, alt: string): BlockOf<'image'> {
  return { type: 'image', url, alt };
}

export function button(
  actionId: string,
  label: string,
  opts: { value?: string; style?: 'primary' | 'danger' } = {},
): Button {
  return {
    actionId,
    label,
    ...(opts.value !== undefined && { value: opts.value }),
    ...(opts.style !== undefined && { style: opts.style }),
  };
}

export function buttons(...list: Button[]): BlockOf<'actions'> {
  return { type: 'actions', buttons: list };
}

export function rows(columns: string[], body: string[][]): BlockOf<'rows'> {
  return { type: 'rows', columns, rows: body };
}

/**
 * Falsy entries are dropped, so optional parts can be written inline (`cond && text(...)`).
 * Visibility defaults to private in the model, so it is only set when given.
 */
export function message(
  blocks: ReadonlyArray<Block | false | null | undefined>,
  opts: { title?: string; visibility?: 'private' | 'public' } = {},
): Message {
  return {
    ...(opts.title !== undefined && { title: opts.title }),
    blocks: blocks.filter((b): b is Block => b !== false && b !== null && b !== undefined),
    ...(opts.visibility !== undefined && { visibility: opts.visibility }),
  };
}

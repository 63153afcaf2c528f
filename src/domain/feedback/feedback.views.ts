import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { button, buttons, context, message, text } from '../../messages/build.ts';
import { cutText } from '../../messages/cut.ts';
import type { Block, Form, Message } from '../../messages/message.ts';
import { EXAMPLES, MAX_TEXT_LENGTH, VOTE_ACTION, voteValue, type PostRef } from './feedback.ts';
import type { DealLink, FeedbackItem } from './feedback.repository.ts';
import { FEEDBACK_KINDS, type FeedbackKind } from './feedback.table.ts';

/** Longest quote a post or list shows: a few lines on a phone, and ten of them stay inside Slack's text budget. */
const QUOTE_MAX = 300;
/** The confirmation only echoes the start, to show which feedback it was. */
const ECHO_MAX = 80;

/** `“They want annual billing”` (`»…«` in Slovenian), cut to `max` characters. */
export const quote = (raw: string, t: Translate, max = QUOTE_MAX): string => t('feedback.quote', { text: cutText(raw, max) });

export function dealText(deal: DealLink, t: Translate, fmt: Formats): string {
  const params = { ref: deal.ref, customer: deal.customer };
  return deal.amountMinor === null ? t('feedback.deal', params) : t('feedback.deal_amount', { ...params, amount: fmt.money(deal.amountMinor, deal.currency) });
}

/** `Alice · Tue, Nov 17 · 3 +1s · deal D-42, Globex, €12,500`: who, when, how useful, which deal. */
export function byline(item: FeedbackItem, t: Translate, fmt: Formats, zone: string, show: { date?: boolean } = {}): string {
  return [
    item.author,
    show.date && fmt.date(item.createdAt, zone),
    item.kind === 'technique' && t('feedback.votes', { count: item.votes }),
    item.deal && dealText(item.deal, t, fmt),
  ].filter((part): part is string => typeof part === 'string').join(' · ');
}

/** A technique with its +1 button; in a post, the button names the post so a click can re-render it. */
export function techniqueBlocks(item: FeedbackItem, t: Translate, fmt: Formats, zone: string, post?: PostRef): Block[] {
  return [
    text(quote(item.text, t)),
    context(byline(item, t, fmt, zone)),
    buttons(button(VOTE_ACTION, t('feedback.vote_button'), { value: voteValue(item.id, post) })),
  ];
}

/** A technique alone (what a +1 on a button outside a post answers with). */
export function techniqueMessage(item: FeedbackItem, t: Translate, fmt: Formats, zone: string): Message {
  return message(techniqueBlocks(item, t, fmt, zone), { visibility: 'public' });
}

/** The confirmation of `/feedback`: which kind, the start of the text, the deal, and where it goes next. */
export function feedbackAddedMessage(item: FeedbackItem, t: Translate, fmt: Formats): Message {
  return message([
    text(t(`feedback.added.${item.kind}`, { text: quote(item.text, t, ECHO_MAX) })),
    item.deal && context(t('feedback.tied', { deal: dealText(item.deal, t, fmt) })),
    context(t(item.kind === 'technique' ? 'feedback.next_technique' : 'feedback.next', { example: `/feedback list ${item.kind}` })),
  ]);
}

export interface FeedbackList {
  kind?: FeedbackKind;
  items: FeedbackItem[];
  /** How many there are this month (of the kind), shown or not. */
  total: number;
}

/** `/feedback list`: this month's newest, each with its author, day, deal and +1s. */
export function feedbackListMessage(list: FeedbackList, zone: string, t: Translate, fmt: Formats): Message {
  const title = t(list.kind ? `feedback.list.title_${list.kind}` : 'feedback.list.title');
  if (list.items.length === 0) {
    return message([text(t('feedback.list.none')), context(t('common.example', { example: EXAMPLES.customer }))], { title });
  }
  return message(
    [
      ...list.items.flatMap((item) => [
        text(list.kind ? quote(item.text, t) : t('feedback.list.item', { kind: t(`feedback.kinds.${item.kind}`), text: quote(item.text, t) })),
        context(byline(item, t, fmt, zone, { date: true })),
      ]),
      list.total > list.items.length && context(t('feedback.list.more', { count: list.total - list.items.length })),
    ],
    { title },
  );
}

/** The form `/feedback` opens when given no text: the same three things as the command. */
export function feedbackForm(t: Translate, state?: string): Form {
  return {
    id: 'feedback',
    title: t('feedback.form.title'),
    submitLabel: t('feedback.form.submit'),
    fields: [
      { kind: 'select', id: 'kind', label: t('feedback.form.kind'), options: FEEDBACK_KINDS.map((kind) => ({ value: kind, label: t(`feedback.form.kinds.${kind}`) })) },
      { kind: 'text', id: 'text', label: t('feedback.form.text'), placeholder: t('feedback.form.placeholder'), multiline: true, maxLength: MAX_TEXT_LENGTH },
      { kind: 'text', id: 'deal', label: t('feedback.form.deal'), placeholder: 'D-42', optional: true, maxLength: 20 },
    ],
    ...(state && { state }),
  };
}

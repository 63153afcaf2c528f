import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { context, message, text } from '../../messages/build.ts';
import type { Form, Message } from '../../messages/message.ts';
import { dealText } from '../feedback/feedback.views.ts';
import { KUDOS_EXAMPLES, MAX_REASON } from './kudos.grammar.ts';
import type { KudosView } from './kudos.repository.ts';
import type { KudosGiven } from './kudos.service.ts';

/** `Alice`, `Alice and Bob`, `Alice, Bob and Carol`, in the reader's language. */
export function namesList(names: readonly string[], t: Translate): string {
  if (names.length <= 1) return names[0] ?? '';
  return t('kudos.names', { list: names.slice(0, -1).join(', '), last: names.at(-1) ?? '' });
}

/** The answer to `/kudos`: who hears of it, and where. */
export function kudosSentMessage(given: KudosGiven, t: Translate): Message {
  const names = namesList(given.receivers.map((r) => r.display_name), t);
  return message([
    text(t('kudos.sent', { names, count: given.receivers.length })),
    context(given.channel === undefined ? t('kudos.sent_no_channel', { example: '/pacer config channel recognition #wins' }) : t('kudos.sent_channel', { channel: given.channel })),
  ]);
}

/** The day's kudos post in the recognition channel: each shout-out of the day goes in its thread. */
export function kudosDayMessage(day: string, t: Translate, fmt: Formats): Message {
  return message([text(t('kudos.day.text'))], { title: t('kudos.day.title', { date: fmt.date(day) }), visibility: 'public' });
}

/** One shout-out, in the day's thread: to whom, from whom, for what, and the deal. */
export function kudosPostMessage(k: KudosView, t: Translate, fmt: Formats): Message {
  return message([
    text(t('kudos.post', { names: namesList(k.receivers.map((r) => r.display_name), t), giver: k.giver }), 'strong'),
    text(k.kudos.reason),
    k.deal && context(dealText(k.deal, t, fmt)),
  ], { visibility: 'public' });
}

/** The receiver's DM. */
export function kudosDirectMessage(k: KudosView, t: Translate, fmt: Formats): Message {
  const others = k.receivers.length - 1;
  return message([
    text(t('kudos.dm', { giver: k.giver }), 'strong'),
    text(k.kudos.reason),
    k.deal && context(dealText(k.deal, t, fmt)),
    others > 0 && context(t('kudos.dm_shared', { count: others })),
  ], { title: t('kudos.dm_title'), visibility: 'public' });
}

/** The form `/kudos` opens with no text: the same three parts as the command. */
export function kudosForm(t: Translate, state?: string): Form {
  return {
    id: 'kudos',
    title: t('kudos.form.title'),
    submitLabel: t('kudos.form.submit'),
    fields: [
      { kind: 'text', id: 'who', label: t('kudos.form.who'), placeholder: '@alice @bob', maxLength: 400 },
      { kind: 'text', id: 'reason', label: t('kudos.form.reason'), placeholder: KUDOS_EXAMPLES.one.replace('/kudos @alice for ', ''), multiline: true, maxLength: MAX_REASON },
      { kind: 'text', id: 'deal', label: t('kudos.form.deal'), placeholder: 'D-42', optional: true, maxLength: 20 },
    ],
    ...(state && { state }),
  };
}

import type { Translate } from '../../i18n/locale.ts';
import type { Formats } from '../../i18n/formats.ts';
import { context, message, text } from '../../messages/build.ts';
import type { Message } from '../../messages/message.ts';
import type { Member } from '../members/member.table.ts';
import { COACH_EXAMPLES } from './coaching.grammar.ts';
import type { CoachingHistory } from './coaching.service.ts';

/** The answer to a logged note: whose it is, and how to read the history. */
export function noteLoggedMessage(member: Member, t: Translate): Message {
  return message([text(t('coaching.logged', { name: member.display_name })), context(t('coaching.logged_hint', { example: COACH_EXAMPLES.history }))]);
}

/** `/coach @alice`: the newest notes first, each with its day (in the workspace's zone) and coach. */
export function historyMessage(history: CoachingHistory, zone: string, t: Translate, fmt: Formats): Message {
  const name = history.member.display_name;
  const title = t('coaching.history.title', { name });
  if (history.notes.length === 0) {
    return message([text(t('coaching.history.none', { name })), context(t('common.example', { example: COACH_EXAMPLES.note }))], { title });
  }
  return message(
    [
      ...history.notes.flatMap((note) => [
        context(t('coaching.history.entry', { date: fmt.date(note.created_at, zone), coach: note.coach_name ?? t('coaching.history.former_member') })),
        text(note.note),
      ]),
      history.earlier > 0 && context(t('coaching.history.earlier', { count: history.earlier })),
    ],
    { title },
  );
}

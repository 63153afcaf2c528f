import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { context, message, text } from '../../messages/build.ts';
import type { Message } from '../../messages/message.ts';
import { OOO_EXAMPLES } from './ooo.grammar.ts';
import type { OooState } from './ooo.service.ts';

/**
 * The answer to `/pacer ooo`. Each sentence comes in two forms, about the caller ("you") and about
 * someone a manager marked (by name), rather than one form with a pronoun to guess.
 */
export function oooMessage(state: OooState, t: Translate, fmt: Formats): Message {
  // Not `_other`: i18next would take that suffix for a plural form.
  const who = state.self ? 'you' : 'named';
  const name = state.member.display_name;
  if (state.until === null) {
    if (state.changed) return message([text(t(`pacer.ooo.back_${who}`, { name }))]);
    return message([text(t(`pacer.ooo.not_away_${who}`, { name })), context(t('common.example', { example: state.self ? OOO_EXAMPLES.set : OOO_EXAMPLES.other }))]);
  }
  const params = { name, until: fmt.date(state.until), resumes: fmt.date(state.resumesOn ?? state.until) };
  const key = state.changed ? 'set' : 'away';
  return message([text(t(`pacer.ooo.${key}_${who}`, params)), context(t('pacer.ooo.end_hint', { example: state.self ? OOO_EXAMPLES.off : OOO_EXAMPLES.offOther }))]);
}

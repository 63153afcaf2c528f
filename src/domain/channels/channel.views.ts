import type { Translate } from '../../i18n/locale.ts';
import { context, message, text } from '../../messages/build.ts';
import type { Message } from '../../messages/message.ts';
import { CHANNEL_EXAMPLES } from './channel.grammar.ts';
import type { ChannelChange } from './channel.service.ts';

/*
 * A channel is shown by the platform's id for it: the core never learns a channel's name (Slack's
 * `<#C0123|sales>` reaches it as `<#C0123>`), and a name looked up now could be renamed tomorrow.
 */

/** `Goal updates`, or `Goal updates for team East`: what a change is about. */
function what(change: Pick<ChannelChange, 'purpose' | 'team'>, t: Translate): string {
  const purpose = t(`pacer.channel.purpose.${change.purpose}`);
  return change.team ? t('pacer.channel.what_team', { purpose, team: change.team.name }) : purpose;
}

/** The answer to `/pacer config channel …`. */
export function channelChangedMessage(change: ChannelChange, t: Translate): Message {
  const subject = what(change, t);
  if (!change.changed) {
    return message([text(change.after === null ? t('pacer.channel.not_set', { what: subject }) : t('pacer.channel.unchanged', { what: subject, channel: change.after }))]);
  }
  if (change.after === null) {
    const next = change.fallback !== undefined
      ? t('pacer.channel.fallback', { team: change.team?.name ?? '', channel: change.fallback })
      : t('pacer.channel.none_now', { example: CHANNEL_EXAMPLES.goals });
    return message([text(t('pacer.channel.off', { what: subject, before: change.before ?? '' })), context(next)]);
  }
  return message([
    text(t('pacer.channel.set', { what: subject, channel: change.after })),
    change.before !== null && context(t('pacer.channel.replaced', { before: change.before })),
    context(t('pacer.channel.invite')),
  ]);
}

import type { Language } from '../../i18n/language.ts';
import type { Locale } from '../../i18n/locale.ts';
import { context, message, rows, text } from '../../messages/build.ts';
import type { Block, Message } from '../../messages/message.ts';
import { seasonLabel, seasonOf } from '../../time/seasons.ts';
import type { AwardView } from '../incentives/incentive.repository.ts';
import { incentiveName } from '../incentives/incentive.views.ts';
import type { RecognitionView } from './recognition.service.ts';

/** Who reads a list: their language, and the zone dates are shown in. */
export interface Reader extends Language {
  zone: string;
}

const periodOf = (a: AwardView, locale: Locale): string => seasonLabel(seasonOf(a.award.period, a.award.period_start), locale);
const share = (a: AwardView, r: Reader): string => r.fmt.percent(Number(a.award.attainment_ppm) / 1_000_000);

/** `#12 Day off · November 2026 · 132%`. */
const awardLine = (a: AwardView, r: Reader): string => `#${a.award.id} ${incentiveName(a.incentive, r.fmt)} · ${periodOf(a, r.locale)} · ${share(a, r)}`;

/** `/recognition`: what the rep earned (waiting first), and the kudos they got lately. */
export function recognitionMessage(v: RecognitionView, r: Reader): Message {
  const { t } = r;
  const pending = v.awards.filter((a) => !a.award.delivered_at);
  const delivered = v.awards.filter((a) => a.award.delivered_at);
  const blocks: Block[] = [];
  if (v.awards.length === 0) blocks.push(text(t('recognition.mine.none')));
  if (pending.length > 0) blocks.push(text(t('recognition.mine.pending'), 'strong'), text(pending.map((a) => awardLine(a, r)).join('\n')));
  if (delivered.length > 0) {
    blocks.push(text(t('recognition.mine.delivered'), 'strong'), text(delivered.map((a) => `${awardLine(a, r)} · ${t('recognition.mine.delivered_on', { date: r.fmt.date(a.award.delivered_at ?? new Date(0), r.zone) })}`).join('\n')));
  }
  blocks.push(text(t('recognition.mine.kudos', { count: v.kudos.total }), 'strong'));
  if (v.kudos.latest.length > 0) blocks.push(text(v.kudos.latest.map((k) => t('recognition.mine.kudos_line', { reason: k.reason, giver: k.giver })).join('\n')));
  blocks.push(context(t(v.own ? 'recognition.mine.footer' : 'recognition.mine.footer_manager')));
  return message(blocks, { title: v.own ? t('recognition.mine.title') : t('recognition.mine.title_of', { name: v.member.display_name }) });
}

/** `/recognition pending`: what waits to be delivered, oldest first. */
export function pendingMessage(list: { rows: AwardView[]; total: number }, r: Reader): Message {
  const { t } = r;
  if (list.total === 0) return message([text(t('recognition.pending.none'))], { title: t('recognition.pending.title') });
  const columns = ['id', 'rep', 'incentive', 'period'].map((c) => t(`recognition.pending.columns.${c}`));
  return message([
    rows(columns, list.rows.map((a) => [`#${a.award.id}`, a.member, incentiveName(a.incentive, r.fmt), `${periodOf(a, r.locale)} · ${share(a, r)}`])),
    list.total > list.rows.length && context(t('recognition.pending.more', { count: list.total - list.rows.length })),
    context(t('recognition.pending.footer', { example: list.rows[0] ? `/recognition deliver ${list.rows[0].award.id}` : '/recognition deliver 12' })),
  ], { title: t('recognition.pending.title') });
}

export function deliveredMessage(list: AwardView[], r: Reader): Message {
  const items = list.map((a) => r.t('recognition.delivered_item', { incentive: incentiveName(a.incentive, r.fmt), name: a.member, period: periodOf(a, r.locale) }));
  return message([text(r.t('recognition.delivered', { count: list.length, list: items.join('; ') }))]);
}

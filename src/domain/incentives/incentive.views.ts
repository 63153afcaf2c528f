import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { context, message, rows, text } from '../../messages/build.ts';
import type { Message } from '../../messages/message.ts';
import { INCENTIVE_EXAMPLES } from './incentive.grammar.ts';
import type { Incentive } from './incentive.table.ts';

/** `Day off`, or `Bonus €500` for a bonus: what a rep earns, as cells and lists show it. */
export function incentiveName(i: Pick<Incentive, 'name' | 'amount_minor' | 'currency'>, fmt: Formats): string {
  return i.amount_minor !== null && i.currency !== null ? `${i.name} ${fmt.money(i.amount_minor, i.currency)}` : i.name;
}

/** `at 100% of goal, each month` · `for the top 1, each quarter`. */
export function incentiveRule(i: Pick<Incentive, 'rule' | 'threshold' | 'period'>, t: Translate): string {
  const period = t(`incentives.each.${i.period}`);
  return i.rule === 'attainment' ? t('incentives.rule.attainment', { percent: i.threshold, period }) : t('incentives.rule.top', { count: i.threshold, period });
}

const row = (i: Incentive, t: Translate, fmt: Formats): string[] => [`#${i.id}`, incentiveName(i, fmt), t(`incentives.kinds.${i.kind}`), incentiveRule(i, t)];
const COLUMNS = (t: Translate): string[] => ['id', 'name', 'kind', 'rule'].map((c) => t(`incentives.columns.${c}`));

export function incentiveAddedMessage(i: Incentive, t: Translate, fmt: Formats): Message {
  return message([
    text(t('incentives.added', { name: incentiveName(i, fmt), rule: incentiveRule(i, t) })),
    context(t('incentives.added_next', { example: `/pacer incentive remove ${i.id}` })),
  ]);
}

export function incentiveListMessage(list: Incentive[], t: Translate, fmt: Formats): Message {
  if (list.length === 0) return message([text(t('incentives.none', { example: INCENTIVE_EXAMPLES.timeOff }))], { title: t('incentives.title') });
  const example = `/pacer incentive remove ${list[0]?.id ?? 3}`;
  return message([rows(COLUMNS(t), list.map((i) => row(i, t, fmt))), context(t('incentives.list_footer', { example }))], { title: t('incentives.title') });
}

export function incentiveRemovedMessage(i: Incentive, t: Translate, fmt: Formats): Message {
  return message([text(t('incentives.removed', { name: incentiveName(i, fmt) }))]);
}

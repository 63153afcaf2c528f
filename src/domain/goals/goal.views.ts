import type { Formats } from '../../i18n/formats.ts';
import { currencyDigits } from '../../money/amount.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block, Message } from '../../messages/message.ts';
import type { GoalStatus } from './goal.ts';
import type { Goal } from './goal.table.ts';

/** A goal's amounts: money for revenue goals, a plain count for deal goals. */
export const goalAmount = (goal: Goal, value: bigint, fmt: Formats): string =>
  goal.metric === 'deals' ? fmt.number(value) : fmt.money(value, goal.currency);

/** Estimates (projection, needed per day) in whole units: cents would claim a precision they lack. */
function estimate(goal: Goal, value: bigint, fmt: Formats): string {
  if (goal.metric === 'deals') return fmt.number(value);
  const unit = 10n ** BigInt(currencyDigits(goal.currency));
  return fmt.money(((value + unit / 2n) / unit) * unit, goal.currency);
}

/** "€31,500 of €50,000 this month — on pace, 12 working days left" */
export function goalLine(status: GoalStatus, t: Translate, fmt: Formats): string {
  const { goal, pace } = status;
  const progress = t('goals.line', {
    progress: goalAmount(goal, status.progress, fmt),
    target: goalAmount(goal, goal.target, fmt),
    period: t(`goals.this.${goal.period}`),
  });
  const left = pace.status === 'done' ? '' : `, ${t('goals.days_left', { count: pace.workingDaysLeft })}`;
  return `${progress} — ${t(`goals.pace.${pace.status}`)}${left}`;
}

/** "Projected €48,000 by the end of the month · €1,540 per working day to get there" */
export function goalOutlook(status: GoalStatus, t: Translate, fmt: Formats): string | undefined {
  const { goal, pace } = status;
  if (pace.status === 'done' || pace.status === 'not_started') return undefined;
  const parts = [t(`goals.projected.${goal.period}`, { amount: estimate(goal, pace.projected, fmt) })];
  if (status.reachesOn !== undefined) parts.push(t('goals.reaches_on', { date: fmt.date(status.reachesOn) }));
  if (pace.neededPerDay > 0n) {
    // On the last working day what is left is needed today, not "per day".
    const key = pace.workingDaysLeft > 0 ? 'goals.needed_per_day' : 'goals.needed_today';
    parts.push(t(key, { amount: estimate(goal, pace.neededPerDay, fmt) }));
  }
  return parts.join(' · ');
}

/** One goal as blocks: who and which period, the line, the outlook. */
export function goalBlocks(status: GoalStatus, t: Translate, fmt: Formats): Block[] {
  const who = status.goal.scope === 'company' ? t('goals.company') : status.goal.scope === 'team' ? t('goals.team', { team: status.subjectName }) : status.subjectName;
  const blocks: Block[] = [{ type: 'text', text: `${who} · ${t(`time.period.${status.goal.period}`)}`, tone: 'strong' }, { type: 'text', text: goalLine(status, t, fmt) }];
  const outlook = goalOutlook(status, t, fmt);
  if (outlook) blocks.push({ type: 'context', text: outlook });
  return blocks;
}

/** What `/goal` shows: the caller's goals, their team's and the company's. */
export function goalsMessage(statuses: GoalStatus[], t: Translate, fmt: Formats): Message {
  if (statuses.length === 0) {
    return { title: t('goals.title'), blocks: [{ type: 'text', text: t('goals.none') }, { type: 'context', text: t('common.example', { example: '/goal set @alice 50000 month' }) }] };
  }
  return { title: t('goals.title'), blocks: statuses.flatMap((status) => goalBlocks(status, t, fmt)) };
}

/** The answer to `/goal set`: what was set (and what it was), and where it stands. */
export function goalSetMessage(status: GoalStatus, previousTarget: bigint | undefined, t: Translate, fmt: Formats): Message {
  const goal = status.goal;
  const headline = previousTarget === undefined
    ? t('goals.set', { target: goalAmount(goal, goal.target, fmt) })
    : t('goals.changed', { target: goalAmount(goal, goal.target, fmt), previous: goalAmount(goal, previousTarget, fmt) });
  return { blocks: [{ type: 'text', text: headline }, ...goalBlocks(status, t, fmt)] };
}

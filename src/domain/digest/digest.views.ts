import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block } from '../../messages/message.ts';
import { postWithTable, ROWS_PER_PAGE, type Posts } from '../../messages/pages.ts';
import { goalBlocks } from '../goals/goal.views.ts';
import type { TeamDigest, RepLine } from './digest.ts';

/** Reps per message (see postWithTable). */
export const REPS_PER_PAGE = ROWS_PER_PAGE;

/** The digest as posts: the head in the channel, and for a big team the reps' lines as pages in its thread. */
export type DigestPosts = Posts;

function repRow(line: RepLine, t: Translate, fmt: Formats): string[] {
  const goal = line.goal;
  const attainment = goal && goal.goal.target > 0n ? `${fmt.percent(Number(goal.progress) / Number(goal.goal.target))} · ${t(`goals.pace.${goal.pace.status}`)}` : t('digest.no_goal');
  const training = line.training.live === 0 ? '—' : line.training.overdue > 0 ? t('digest.training_overdue_cell', { count: line.training.overdue }) : `${line.training.done}/${line.training.live}`;
  return [line.member.display_name, attainment, fmt.number(line.won), fmt.number(line.lost), training];
}

function lossBlocks(d: TeamDigest, t: Translate, fmt: Formats): Block[] {
  const total = d.losses.reduce((sum, l) => sum + l.now, 0);
  const usualTotal = d.losses.reduce((sum, l) => sum + l.before, 0);
  if (total === 0) return [{ type: 'text', text: t('digest.losses_none') }];
  const lines = d.losses.filter((l) => l.now > 0).map((l) => {
    // The usual share, scaled to this week's losses: "6 of 9, usually 2 of 9".
    const usual = usualTotal === 0 ? undefined : Math.round((l.before / usualTotal) * total);
    const reason = t(`deals.reasons.${l.reason}`);
    return usual === undefined
      ? t('digest.loss_line_new', { reason, now: fmt.number(l.now), total: fmt.number(total) })
      : t('digest.loss_line', { reason, now: fmt.number(l.now), total: fmt.number(total), usual: fmt.number(usual) });
  });
  return [{ type: 'text', text: lines.join('\n') }];
}

function deliveryBlocks(d: TeamDigest, t: Translate, fmt: Formats): Block[] {
  const { medianDays, usualMedianDays, stale } = d.delivery;
  const lines = [
    medianDays === null ? t('digest.delivery_none')
      : usualMedianDays === null ? t('digest.delivery_line_no_usual', { days: fmt.number(medianDays) })
      : t('digest.delivery_line', { days: fmt.number(medianDays), usual: fmt.number(usualMedianDays) }),
    ...(stale > 0 ? [t('digest.delivery_stale', { count: stale })] : []),
  ];
  return [{ type: 'text', text: lines.join('\n') }];
}

function trainingBlocks(d: TeamDigest, t: Translate, fmt: Formats): Block[] {
  const live = d.reps.reduce((sum, r) => sum + r.training.live, 0);
  if (live === 0) return [{ type: 'text', text: t('digest.training_none') }];
  const done = d.reps.reduce((sum, r) => sum + r.training.done, 0);
  const overdue = d.reps.filter((r) => r.training.overdue > 0).map((r) => r.member.display_name);
  const lines = [t('digest.training_line', { done: fmt.number(done), live: fmt.number(live), count: overdue.length })];
  if (overdue.length > 0) lines.push(t('digest.training_overdue_reps', { names: overdue.slice(0, 10).join(', ') + (overdue.length > 10 ? ' …' : '') }));
  return [{ type: 'text', text: lines.join('\n') }];
}

/**
 * The digest's posts. `extra` are sections other features add (feedback highlights, the diagnosis,
 * reps to coach), placed before the reps. A team of up to REPS_PER_PAGE reps gets one message; a
 * bigger one gets its reps in pages in the thread, never a table cut short.
 */
export function digestPosts(d: TeamDigest, t: Translate, fmt: Formats, extra: Block[] = []): DigestPosts {
  const won = d.reps.reduce((sum, r) => sum + r.won, 0);
  const lost = d.reps.reduce((sum, r) => sum + r.lost, 0);
  const title = t('digest.title', { team: d.team.name, from: fmt.date(d.week.start), to: fmt.date(d.week.end) });
  const section = (key: string): Block => ({ type: 'text', text: t(`digest.${key}`), tone: 'strong' });
  const blocks: Block[] = [
    ...(d.teamGoals.length === 0 ? [{ type: 'text', text: t('digest.no_team_goal') } as Block] : d.teamGoals.flatMap((g) => goalBlocks(g, t, fmt))),
    { type: 'context', text: t('digest.week', { won: fmt.number(won), lost: fmt.number(lost) }) },
    { type: 'divider' },
    section('losses_title'), ...lossBlocks(d, t, fmt),
    section('delivery_title'), ...deliveryBlocks(d, t, fmt),
    section('training_title'), ...trainingBlocks(d, t, fmt),
    ...extra,
    { type: 'divider' },
    section('reps_title'),
  ];
  const columns = ['rep', 'goal', 'won', 'lost', 'training'].map((c) => t(`digest.columns.${c}`));
  return postWithTable(title, blocks, {
    columns,
    rows: d.reps.map((line) => repRow(line, t, fmt)),
    inThread: t('digest.reps_in_thread', { count: d.reps.length }),
    pageTitle: (from, to, total) => t('digest.page', { from, to, total }),
  });
}

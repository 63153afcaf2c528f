import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block, Message } from '../../messages/message.ts';
import { postWithTable, type Posts } from '../../messages/pages.ts';
import { incentiveName } from '../incentives/incentive.views.ts';
import type { Announcement } from './announcement.ts';
import { PPM, type Performer } from './recognition.ts';

const MEDALS = ['🥇', '🥈', '🥉'];

/** `132% of €50,000` or `125% of 8 deals`. */
export function shareOfGoal(p: Pick<Performer, 'ppm' | 'metric' | 'target'>, currency: string, t: Translate, fmt: Formats): string {
  const target = p.metric === 'revenue' ? fmt.money(p.target, currency) : t('recognition.deals', { count: Number(p.target) });
  // Whole percent, rounded down: 99.6% must not read as 100% beside someone who did reach it.
  return t('recognition.share', { share: fmt.percent(Number(p.ppm / 10_000n) / 100), target });
}

const earnedText = (p: Performer, fmt: Formats): string => p.earned.map((i) => incentiveName(i, fmt)).join(', ');

/**
 * A season's top performers for one team, to its channel: the podium (by share of goal), everyone who
 * met or beat their goal with their streak and what they earned, and anyone else who earned an
 * incentive. Names are the reps' display names as text, never mentions: the channel is not pinged.
 */
export function winnersPosts(a: Announcement, label: string, currency: string, t: Translate, fmt: Formats): Posts {
  const { winners } = a;
  const title = a.teamName === null ? t('recognition.winners.title', { period: label }) : t('recognition.winners.title_team', { period: label, team: a.teamName });
  // What a rep earned is said once: in the table for those who met their goal, else on the podium,
  // else in "also earned".
  const belowGoal = (p: Performer): boolean => p.ppm < PPM && p.earned.length > 0;
  const podium = winners.top.map((p) => [`${MEDALS[p.rank - 1] ?? ''} ${p.name}`, shareOfGoal(p, currency, t, fmt), belowGoal(p) && earnedText(p, fmt)].filter(Boolean).join(' · '));
  const others = winners.performers.filter((p) => belowGoal(p) && !winners.top.includes(p));
  const blocks: Block[] = [
    { type: 'text', text: t(winners.met.length > 0 ? 'recognition.winners.podium' : 'recognition.winners.nobody_met', { period: label }), tone: 'strong' },
    ...(podium.length > 0 ? [{ type: 'text', text: podium.join('\n') } as Block] : []),
    ...(others.length > 0 ? [{ type: 'text', text: t('recognition.winners.also_earned', { list: others.map((p) => `${p.name} (${earnedText(p, fmt)})`).join(', ') }) } as Block] : []),
    { type: 'context', text: t('recognition.winners.footer') },
  ];
  if (winners.met.length === 0) return { head: { title, blocks, visibility: 'public' }, pages: [] };
  blocks.push({ type: 'divider' }, { type: 'text', text: t('recognition.winners.met', { count: winners.met.length, of: winners.performers.length }), tone: 'strong' });
  return postWithTable(title, blocks, {
    columns: ['rep', 'goal', 'streak', 'earned'].map((c) => t(`recognition.columns.${c}`)),
    rows: winners.met.map((p) => [
      p.name,
      shareOfGoal(p, currency, t, fmt),
      p.streak > 1 ? t(`recognition.streak.${a.season.kind}`, { nth: fmt.ordinal(p.streak) }) : '—',
      p.earned.length > 0 ? earnedText(p, fmt) : '—',
    ]),
    inThread: t('recognition.winners.in_thread', { count: winners.met.length }),
    pageTitle: (from, to, total) => t('recognition.winners.page', { from, to, total }),
  });
}

/** Whether a team's season has anything to say: someone on the podium (something won) or who met their goal. */
export const hasNews = (a: Announcement): boolean => a.winners.top.length > 0 || a.winners.met.length > 0;

/** A preview with nothing to show: no team has a rep goal with something won in the season yet. */
export function nothingToAnnounceMessage(label: string, t: Translate): Message {
  return { title: t('recognition.winners.preview_title', { period: label }), blocks: [{ type: 'text', text: t('recognition.winners.nothing', { period: label }) }], visibility: 'public' };
}

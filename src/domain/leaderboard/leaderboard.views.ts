import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Message } from '../../messages/message.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import type { Board, Ranked } from './leaderboard.ts';

/** How many places the board shows; the caller's own place is added below when further down. */
export const TOP = 10;

export interface LeaderboardView {
  board: Board;
  period: PeriodKind;
  currency: string;
  callerId: number;
  /**
   * The name of a past season (`October 2026`), which titles a board that is history; absent for the
   * current period, titled `This month` and so on.
   */
  season?: string;
}

export function leaderboardMessage(view: LeaderboardView, t: Translate, fmt: Formats): Message {
  const title = t('leaderboard.title', { period: view.season ?? t(`time.this.${view.period}`) });
  if (view.board.total === 0) {
    return { title, blocks: [{ type: 'text', text: t(view.season ? 'leaderboard.empty_past' : 'leaderboard.empty') }] };
  }
  const row = (r: Ranked): string[] => [
    String(r.rank),
    r.memberId === view.callerId ? t('leaderboard.you', { name: r.name }) : r.name,
    r.attainment === null ? t('leaderboard.no_goal') : fmt.percent(r.attainment),
    fmt.money(r.won, view.currency),
  ];
  const rows = view.board.rows.filter((r) => r.position <= TOP).map(row);
  const me = view.board.rows.find((r) => r.memberId === view.callerId && r.position > TOP);
  if (me) rows.push(['…', '', '', ''], row(me));
  return {
    title,
    blocks: [
      { type: 'rows', columns: ['#', t('leaderboard.rep'), t('leaderboard.attainment'), t('leaderboard.won')], rows },
      { type: 'context', text: t('leaderboard.footer', { count: view.board.total }) },
    ],
  };
}

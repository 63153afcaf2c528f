import { defineCommand, type Command } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok } from '../../bot/result.ts';
import { localDay, zonedDayStart } from '../../time/periods.ts';
import {
  FIRST_YEAR,
  isCurrent,
  isFuture,
  LAST_YEAR,
  previousSeason,
  readSeason,
  resolveSeason,
  seasonCode,
  seasonLabel,
  seasonOf,
  type SeasonMistake,
  type SeasonQuery,
} from '../../time/seasons.ts';
import { board } from './leaderboard.repository.ts';
import { leaderboardMessage, TOP } from './leaderboard.views.ts';

/**
 * What was wrong with a typed season, with an example of the same shape done right for the command
 * that read it (`/leaderboard`, `/pacer export deals`).
 */
export function seasonProblem(wrong: SeasonMistake, input: string, command = '/leaderboard'): Problem {
  switch (wrong.mistake) {
    case 'month':
      return usage('leaderboard.error.month', { input }, `${command} 2026-10`);
    case 'quarter':
      return usage('leaderboard.error.quarter', { input }, `${command} 2026-Q3`);
    case 'week':
      return usage('leaderboard.error.week', { input, year: wrong.year, weeks: wrong.weeks }, `${command} 2026-W48`);
    case 'year':
      return usage('leaderboard.error.year', { input, first: FIRST_YEAR, last: LAST_YEAR }, `${command} 2026`);
    case 'unknown':
      return usage('leaderboard.error.period', { period: input }, `${command} last month`);
  }
}

/**
 * `/leaderboard [season]`: reps ranked by attainment of their goal in the current period or a past
 * one. Each period's board is history as soon as the next begins, which then starts clean.
 */
const leaderboard = defineCommand<SeasonQuery>({
  path: 'leaderboard',
  summary: 'leaderboard.help',
  usage: '/leaderboard [week|month|quarter|year | last <period> | 2026-10 | 2026-Q3 | 2026-W48 | 2026]',
  examples: ['/leaderboard', '/leaderboard quarter', '/leaderboard last month', '/leaderboard 2026-Q3', '/leaderboard 2026-W48'],
  role: 'rep',
  readOnly: true,
  parse(text) {
    const input = text.trim();
    if (!input) return ok({ kind: 'relative', period: 'month', back: 0 });
    const read = readSeason(input);
    return read.ok ? ok(read.query) : err(seasonProblem(read, input.slice(0, 40)));
  },
  async run(ctx, query) {
    const zone = ctx.workspace.timezone;
    const today = localDay(ctx.now, zone);
    const season = resolveSeason(query, today);
    if (isFuture(season, today)) {
      // The example is the last finished season of the same kind, typed the way that names it.
      const example = `/leaderboard ${seasonCode(previousSeason(seasonOf(season.kind, today)))}`;
      return err(usage('leaderboard.error.future', { season: seasonLabel(season, ctx.locale) }, example));
    }
    // A past board is not a snapshot: it is ranked now from the deals and goals of its season, which
    // are never pruned. So a later correction to an old deal (an amount fixed, a deal undone) corrects
    // that season's standings too, deliberately: the history shows what was really won.
    const ranking = await board(ctx.db, {
      workspaceId: ctx.workspace.id,
      period: season.kind,
      periodStart: season.start,
      periodEnd: season.end,
      from: zonedDayStart(season.start, zone),
      to: zonedDayStart(season.end, zone),
      top: TOP,
      callerId: ctx.actor.id,
    });
    const view = { board: ranking, period: season.kind, currency: ctx.workspace.currency, callerId: ctx.actor.id };
    const past = isCurrent(season, today) ? {} : { season: seasonLabel(season, ctx.locale) };
    return ok(leaderboardMessage({ ...view, ...past }, ctx.t, ctx.fmt));
  },
});

export const leaderboardCommands: Command[] = [leaderboard];

import { defineCommand, type Command } from '../../bot/command.ts';
import { usage } from '../../bot/errors.ts';
import { err, ok } from '../../bot/result.ts';
import { parsePeriod, periodBounds, zonedDayStart } from '../../time/periods.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import { board } from './leaderboard.repository.ts';
import { leaderboardMessage, TOP } from './leaderboard.views.ts';

/** `/leaderboard [week|month|quarter|year]`: reps ranked by attainment of their goal this period. */
const leaderboard = defineCommand<PeriodKind>({
  path: 'leaderboard',
  summary: 'leaderboard.help',
  usage: '/leaderboard [week|month|quarter|year]',
  examples: ['/leaderboard', '/leaderboard quarter'],
  role: 'rep',
  readOnly: true,
  parse(text) {
    if (!text.trim()) return ok('month');
    const period = parsePeriod(text.trim());
    return period ? ok(period) : err(usage('leaderboard.error.period', { period: text.trim().slice(0, 40) }, '/leaderboard quarter'));
  },
  async run(ctx, period) {
    const zone = ctx.workspace.timezone;
    const bounds = periodBounds(period, ctx.now, zone);
    const ranking = await board(ctx.db, {
      workspaceId: ctx.workspace.id,
      period,
      periodStart: bounds.start,
      periodEnd: bounds.end,
      from: zonedDayStart(bounds.start, zone),
      to: zonedDayStart(bounds.end, zone),
      top: TOP,
      callerId: ctx.actor.id,
    });
    return ok(leaderboardMessage({ board: ranking, period, currency: ctx.workspace.currency, callerId: ctx.actor.id }, ctx.t, ctx.fmt));
  },
});

export const leaderboardCommands: Command[] = [leaderboard];

import { defineCommand, type Command } from '../../bot/command.ts';
import { err, ok } from '../../bot/result.ts';
import { usage } from '../../bot/errors.ts';
import { fromGoalForm, goalForm } from './goal.form.ts';
import { parseSetGoal } from './goal.grammar.ts';
import { goalsFor, setGoal } from './goal.service.ts';
import { goalSetMessage, goalsMessage } from './goal.views.ts';

/** `/goal`: the caller's own goals, their team's and the company's, with pace. */
const showGoals = defineCommand<null>({
  path: 'goal',
  summary: 'goals.help.show',
  usage: '/goal',
  examples: ['/goal'],
  role: 'rep',
  readOnly: true,
  parse: (text) => (text.trim() ? err(usage('common.error.unknown_command', { command: 'goal', word: text.trim().split(/\s+/)[0] ?? '' }, '/goal set @alice 50000 month')) : ok(null)),
  async run(ctx) {
    return ok(goalsMessage(await goalsFor(ctx.db, ctx.workspace, ctx.actor, ctx.now), ctx.t, ctx.fmt));
  },
});

/** `/goal set @alice 50000 month`: managers and admins set goals for reps, teams and the company. */
const setGoalCommand = defineCommand({
  path: 'goal set',
  summary: 'goals.help.set',
  usage: '/goal set <@rep | team <name> | company> <amount> [deals] [week|month|quarter|year]',
  examples: ['/goal set @alice 50000 month', '/goal set team East 200000 quarter', '/goal set company 1M year', '/goal set @bob 12 deals month'],
  role: 'manager',
  parse: parseSetGoal,
  form: (fctx) => goalForm(fctx.t, fctx.state),
  fromForm: fromGoalForm,
  async run(ctx, args) {
    const change = await setGoal(ctx, args);
    if (!change.ok) return change;
    return ok(goalSetMessage(change.value.status, change.value.previousTarget, ctx.t, ctx.fmt));
  },
});

export const goalCommands: Command[] = [showGoals, setGoalCommand];

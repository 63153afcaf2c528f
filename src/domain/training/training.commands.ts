import { defineCommand, type ActionSpec, type Command } from '../../bot/command.ts';
import { usage } from '../../bot/errors.ts';
import { err, ok } from '../../bot/result.ts';
import { parseAdd, parseAssign, parseDone, parseUnassign } from './training.grammar.ts';
import { addModule, assignModule, completeFromButton, completeModule, modulesOf, trainingOf, unassignModule } from './training.service.ts';
import { DONE_ACTION, EXAMPLES } from './training.ts';
import {
  assignedMessage, doneMessage, modulesMessage, moduleSavedMessage, trainingListMessage, trainingReminderDoneMessage, unassignedMessage,
} from './training.views.ts';

/** A command that takes no text: anything after it is an unknown subcommand. */
const noText = (command: string, example: string) => (text: string) =>
  text.trim() ? err(usage('common.error.unknown_command', { command, word: text.trim().split(/\s+/)[0] ?? '' }, example)) : ok(null);

/** `/training`: the caller's own modules, their next reminders and where each cycle stands. */
const showTraining = defineCommand<null>({
  path: 'training',
  summary: 'training.help.show',
  usage: '/training',
  examples: ['/training'],
  role: 'rep',
  readOnly: true,
  parse: noText('training', EXAMPLES.done),
  async run(ctx) {
    return ok(trainingListMessage(await trainingOf(ctx), ctx.t, ctx.fmt));
  },
});

const add = defineCommand({
  path: 'training add',
  summary: 'training.help.add',
  usage: '/training add "<module>" [https://…]',
  examples: [EXAMPLES.add, '/training add Onboarding'],
  role: 'manager',
  parse: parseAdd,
  async run(ctx, args) {
    return ok(moduleSavedMessage(await addModule(ctx, args), ctx.t));
  },
});

const assign = defineCommand({
  path: 'training assign',
  summary: 'training.help.assign',
  usage: '/training assign "<module>" <@rep… | to team <name>> <every <weekday> | every <n> weeks [on <weekday>] | every day | every month | once by <date>> [at <time>]',
  examples: [EXAMPLES.assign, '/training assign "Negotiation 101" @alice @bob every 2 weeks on friday at 14:30', EXAMPLES.assignTeam, '/training assign "Product basics" @alice every day 8:30', '/training assign Compliance to team East once by 2026-12-15'],
  role: 'manager',
  parse: parseAssign,
  async run(ctx, args) {
    const assigned = await assignModule(ctx, args);
    return assigned.ok ? ok(assignedMessage(assigned.value, ctx.t, ctx.fmt)) : assigned;
  },
});

const unassign = defineCommand({
  path: 'training unassign',
  summary: 'training.help.unassign',
  usage: '/training unassign "<module>" <@rep… | to team <name>>',
  examples: [EXAMPLES.unassign, '/training unassign "Negotiation 101" to team East'],
  role: 'manager',
  parse: parseUnassign,
  async run(ctx, args) {
    const ended = await unassignModule(ctx, args);
    return ended.ok ? ok(unassignedMessage(ended.value, ctx.t)) : ended;
  },
});

const done = defineCommand({
  path: 'training done',
  summary: 'training.help.done',
  usage: '/training done "<module>"',
  examples: [EXAMPLES.done],
  role: 'rep',
  parse: parseDone,
  async run(ctx, name) {
    const completed = await completeModule(ctx, name);
    return completed.ok ? ok(doneMessage(completed.value, ctx.t, ctx.fmt)) : completed;
  },
});

const modules = defineCommand<null>({
  path: 'training modules',
  summary: 'training.help.modules',
  usage: '/training modules',
  examples: ['/training modules'],
  role: 'manager',
  readOnly: true,
  parse: noText('training', '/training modules'),
  async run(ctx) {
    return ok(modulesMessage(await modulesOf(ctx), ctx.t, ctx.fmt));
  },
});

export const trainingCommands: Command[] = [showTraining, add, assign, unassign, done, modules];

/** The Done button on a reminder: completes that cycle for its rep, and answers with the reminder in its done state. */
export const trainingActions: ActionSpec[] = [
  {
    actionId: DONE_ACTION,
    role: 'rep',
    async run(ctx, value) {
      const completed = await completeFromButton(ctx, value);
      if (!completed.ok) return completed;
      const { assignment, cycle, recordedOn } = completed.value;
      const input = { assignmentId: assignment.id, cycleStart: cycle, moduleName: assignment.module_name, url: assignment.module_url };
      return ok(trainingReminderDoneMessage(input, recordedOn, ctx.t, ctx.fmt));
    },
  },
];

import { defineCommand, noArguments, type Command } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { INCENTIVE_EXAMPLES, parseAddIncentive, parseIncentiveId, type AddIncentiveArgs } from './incentive.grammar.ts';
import { activeIncentives } from './incentive.repository.ts';
import { addIncentive, removeIncentive } from './incentive.service.ts';
import { incentiveAddedMessage, incentiveListMessage, incentiveRemovedMessage } from './incentive.views.ts';

/** `/pacer incentive add|list|remove`: what reps can earn, set by admins. */
const add = defineCommand<AddIncentiveArgs>({
  path: 'pacer incentive add',
  summary: 'incentives.help.add',
  usage: '/pacer incentive add ["name"] <bonus <amount> [currency]|time-off|travel|office|other> for <percent%|top-N> [month|quarter|year]',
  examples: [INCENTIVE_EXAMPLES.timeOff, INCENTIVE_EXAMPLES.bonus, INCENTIVE_EXAMPLES.travel],
  role: 'admin',
  parse: parseAddIncentive,
  async run(ctx, args) {
    const added = await addIncentive(ctx, args);
    return added.ok ? ok(incentiveAddedMessage(added.value, ctx.t, ctx.fmt)) : added;
  },
});

/** Managers see the list too: they deliver what reps earn. */
const list = defineCommand<null>({
  path: 'pacer incentive list',
  summary: 'incentives.help.list',
  usage: '/pacer incentive list',
  examples: ['/pacer incentive list'],
  role: 'manager',
  readOnly: true,
  parse: noArguments('/pacer incentive list'),
  async run(ctx) {
    return ok(incentiveListMessage(await activeIncentives(ctx.db, ctx.workspace.id), ctx.t, ctx.fmt));
  },
});

const remove = defineCommand<number>({
  path: 'pacer incentive remove',
  summary: 'incentives.help.remove',
  usage: '/pacer incentive remove <id>',
  examples: [INCENTIVE_EXAMPLES.remove],
  role: 'admin',
  parse: parseIncentiveId,
  async run(ctx, id) {
    const removed = await removeIncentive(ctx, id);
    return removed.ok ? ok(incentiveRemovedMessage(removed.value, ctx.t, ctx.fmt)) : removed;
  },
});

export const incentiveCommands: Command[] = [add, list, remove];

import { defineCommand, noArguments, type Command, type CommandContext, type UserRef } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { pendingAwards } from '../incentives/incentive.repository.ts';
import { deliveredMessage, pendingMessage, recognitionMessage, type Reader } from './recognition-list.views.ts';
import { parseDeliver, parseRecognition, RECOGNITION_EXAMPLES } from './recognition.grammar.ts';
import { deliverAwards, recognitionOf } from './recognition.service.ts';

/** Pending awards a list shows at once. */
const PENDING_SHOWN = 30;

const readerOf = (ctx: CommandContext): Reader => ({ t: ctx.t, fmt: ctx.fmt, locale: ctx.locale, zone: ctx.workspace.timezone });

const mine = defineCommand<{ user?: UserRef }>({
  path: 'recognition',
  summary: 'recognition.help.mine',
  usage: '/recognition [@rep]',
  examples: [RECOGNITION_EXAMPLES.mine, RECOGNITION_EXAMPLES.someone],
  role: 'rep',
  readOnly: true,
  parse: parseRecognition,
  async run(ctx, args) {
    const view = await recognitionOf(ctx, args.user);
    return view.ok ? ok(recognitionMessage(view.value, readerOf(ctx))) : view;
  },
});

const pending = defineCommand<null>({
  path: 'recognition pending',
  summary: 'recognition.help.pending',
  usage: '/recognition pending',
  examples: ['/recognition pending'],
  role: 'manager',
  readOnly: true,
  parse: noArguments('/recognition pending'),
  async run(ctx) {
    return ok(pendingMessage(await pendingAwards(ctx.db, ctx.workspace.id, PENDING_SHOWN), readerOf(ctx)));
  },
});

const deliver = defineCommand<number[]>({
  path: 'recognition deliver',
  summary: 'recognition.help.deliver',
  usage: '/recognition deliver <id> [id …]',
  examples: [RECOGNITION_EXAMPLES.deliver, '/recognition deliver 12 13'],
  role: 'manager',
  parse: parseDeliver,
  async run(ctx, ids) {
    const done = await deliverAwards(ctx, ids);
    return done.ok ? ok(deliveredMessage(done.value, readerOf(ctx))) : done;
  },
});

export const recognitionCommands: Command[] = [mine, pending, deliver];

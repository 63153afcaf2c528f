import { defineCommand } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { OOO_EXAMPLES, parseOoo, type OooArgs } from './ooo.grammar.ts';
import { outOfOffice } from './ooo.service.ts';
import { oooMessage } from './ooo.views.ts';

/**
 * `/pacer ooo until 2026-12-24` · `/pacer ooo off` · `/pacer ooo`: anyone marks their own absence, so
 * reminders stop while they are away; managers may mark someone else (`/pacer ooo @alice until …`).
 */
export const oooCommand = defineCommand<OooArgs>({
  path: 'pacer ooo',
  summary: 'pacer.help.ooo',
  usage: '/pacer ooo [@person] [until <date> | off]',
  examples: [OOO_EXAMPLES.set, '/pacer ooo until 24. 12. 2026', OOO_EXAMPLES.off, OOO_EXAMPLES.show, OOO_EXAMPLES.other],
  role: 'rep',
  parse: parseOoo,
  async run(ctx, args) {
    const state = await outOfOffice(ctx, args);
    return state.ok ? ok(oooMessage(state.value, ctx.t, ctx.fmt)) : state;
  },
});

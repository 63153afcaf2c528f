import { defineCommand, type Command } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { fromKudosForm, KUDOS_EXAMPLES, MAX_RECEIVERS, MAX_REASON, parseKudos, type KudosArgs } from './kudos.grammar.ts';
import { giveKudos } from './kudos.service.ts';
import { kudosForm, kudosSentMessage } from './kudos.views.ts';

/** `/kudos @alice @bob for landing Globex [deal D-42]`: a shout-out anyone can give a colleague. */
const kudos = defineCommand<KudosArgs>({
  path: 'kudos',
  summary: 'kudos.help',
  usage: `/kudos <@person …, at most ${MAX_RECEIVERS}> for <what, at most ${MAX_REASON} characters> [deal <D-42>]`,
  examples: [KUDOS_EXAMPLES.one, KUDOS_EXAMPLES.many],
  role: 'rep',
  parse: parseKudos,
  async run(ctx, args) {
    const given = await giveKudos(ctx, args);
    return given.ok ? ok(kudosSentMessage(given.value, ctx.t)) : given;
  },
  form: (fctx) => kudosForm(fctx.t, fctx.state),
  fromForm: fromKudosForm,
});

export const kudosCommands: Command[] = [kudos];

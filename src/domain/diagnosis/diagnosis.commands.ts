import { defineCommand, type Command } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { DIAGNOSE_EXAMPLES, parseDiagnose, type DiagnoseArgs } from './diagnosis.grammar.ts';
import { diagnose, resolveTarget } from './diagnosis.service.ts';
import { diagnosisMessage } from './diagnosis.views.ts';

/**
 * `/diagnose [team <name> | @rep] [week|month|quarter]`: where the problem is when a goal is behind
 * (product, price, delivery, service or people), ranked by rules anyone can check (docs/diagnosis.md).
 * For managers and admins: it compares reps with each other. It only reads.
 */
const diagnoseCommand = defineCommand<DiagnoseArgs>({
  path: 'diagnose',
  summary: 'diagnosis.help',
  usage: '/diagnose [team <name> | @rep] [week|month|quarter]',
  examples: [DIAGNOSE_EXAMPLES.company, DIAGNOSE_EXAMPLES.team, DIAGNOSE_EXAMPLES.rep, DIAGNOSE_EXAMPLES.period],
  role: 'manager',
  readOnly: true,
  parse: parseDiagnose,
  async run(ctx, args) {
    const subject = await resolveTarget(ctx, args.target);
    if (!subject.ok) return subject;
    return ok(diagnosisMessage(await diagnose(ctx.db, ctx.workspace, subject.value, ctx.now, args.period), ctx.t, ctx.fmt));
  },
});

export const diagnosisCommands: Command[] = [diagnoseCommand];

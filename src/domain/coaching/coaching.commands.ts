import { defineCommand, type Command } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { COACH_EXAMPLES, MAX_NOTE, parseCoach, type CoachArgs } from './coaching.grammar.ts';
import { coachingHistory, logCoachingNote } from './coaching.service.ts';
import { historyMessage, noteLoggedMessage } from './coaching.views.ts';

/**
 * `/coach @alice <note>` logs what a manager coached; `/coach @alice` shows the rep's notes. Both are
 * for managers and admins: notes are a manager's working record, not feedback a rep reads here (the
 * core refuses a rep before anything is read).
 */
const coachCommand = defineCommand<CoachArgs>({
  path: 'coach',
  summary: 'coaching.help.coach',
  usage: `/coach <@rep> [note, at most ${MAX_NOTE} characters]`,
  examples: [COACH_EXAMPLES.note, COACH_EXAMPLES.history],
  role: 'manager',
  parse: parseCoach,
  async run(ctx, args) {
    if (args.kind === 'history') {
      const history = await coachingHistory(ctx, args.user);
      return history.ok ? ok(historyMessage(history.value, ctx.workspace.timezone, ctx.t, ctx.fmt)) : history;
    }
    const logged = await logCoachingNote(ctx, args.user, args.note);
    return logged.ok ? ok(noteLoggedMessage(logged.value.member, ctx.t)) : logged;
  },
});

export const coachingCommands: Command[] = [coachCommand];

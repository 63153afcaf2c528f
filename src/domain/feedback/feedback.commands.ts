import { workspaceLocale } from '../../bot/session.ts';
import { languageOf } from '../../i18n/language.ts';
import { defineCommand, type ActionSpec, type Command } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { EXAMPLES, MAX_TEXT_LENGTH, VOTE_ACTION } from './feedback.ts';
import { fromFeedbackForm, parseFeedback, parseList, type AddFeedbackArgs, type ListFeedbackArgs } from './feedback.grammar.ts';
import { addFeedback, listFeedback, voteFor } from './feedback.service.ts';
import { feedbackAddedMessage, feedbackForm, feedbackListMessage, techniqueMessage } from './feedback.views.ts';
import { whatWorks, whatWorksMessage } from './what-works.ts';

const add = defineCommand<AddFeedbackArgs>({
  path: 'feedback',
  summary: 'feedback.help.add',
  usage: `/feedback <customer|product|technique> <text, at most ${MAX_TEXT_LENGTH} characters> [deal <D-42>]`,
  examples: [EXAMPLES.customer, EXAMPLES.product, EXAMPLES.technique],
  role: 'rep',
  parse: parseFeedback,
  async run(ctx, args) {
    const added = await addFeedback(ctx, args);
    return added.ok ? ok(feedbackAddedMessage(added.value, ctx.t, ctx.fmt)) : added;
  },
  form: (fctx) => feedbackForm(fctx.t, fctx.state),
  fromForm: fromFeedbackForm,
});

const list = defineCommand<ListFeedbackArgs>({
  path: 'feedback list',
  summary: 'feedback.help.list',
  usage: '/feedback list [customer|product|technique]',
  examples: ['/feedback list', EXAMPLES.list],
  role: 'rep',
  readOnly: true,
  parse: parseList,
  async run(ctx, args) {
    return ok(feedbackListMessage(await listFeedback(ctx, args), ctx.workspace.timezone, ctx.t, ctx.fmt));
  },
});

export const feedbackCommands: Command[] = [add, list];

/**
 * The +1 button on a technique. Its answer replaces the message the button sits in, so a button in the
 * "what works" post answers with the whole post built again (its value names the post's window and
 * team) with the new count, in the workspace's language as the job posted it, not the clicker's.
 */
export const feedbackActions: ActionSpec[] = [
  {
    actionId: VOTE_ACTION,
    role: 'rep',
    async run(ctx, value) {
      const voted = await voteFor(ctx, value);
      if (!voted.ok) return voted;
      const { t, fmt } = languageOf(workspaceLocale(ctx.workspace));
      const { technique, post } = voted.value;
      if (!post) return ok(techniqueMessage(technique, t, fmt, ctx.workspace.timezone));
      return ok(whatWorksMessage(await whatWorks(ctx.db, { workspace: ctx.workspace, ...post }), t, fmt));
    },
  },
];

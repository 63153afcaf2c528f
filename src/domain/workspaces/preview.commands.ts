import { defineCommand } from '../../bot/command.ts';
import type { PreviewPost } from '../../bot/effects.ts';
import { ok } from '../../bot/result.ts';
import { context, message, text } from '../../messages/build.ts';
import { parsePreview, PREVIEW_EXAMPLE, PREVIEW_POSTS } from './preview.grammar.ts';

/**
 * `/pacer preview goals`: sends the admin a scheduled post now, in a DM, to see what the team will
 * see. The post is made by the job layer after the command commits (an effect), so the reply only
 * says it is on its way. Not read-only: the hand-over is what the command does, and a platform's
 * retry of the same delivery must not send a second preview.
 */
export const previewCommand = defineCommand<PreviewPost>({
  path: 'pacer preview',
  summary: 'pacer.help.preview',
  usage: `/pacer preview <${PREVIEW_POSTS.join('|')}>`,
  examples: [PREVIEW_EXAMPLE],
  role: 'admin',
  readOnly: false,
  parse: parsePreview,
  async run(ctx, post) {
    ctx.after({ kind: 'preview', post, workspaceId: ctx.workspace.id, memberId: ctx.actor.id });
    return ok(message([text(ctx.t(`pacer.preview.sending.${post}`)), context(ctx.t('pacer.preview.hint'))]));
  },
});

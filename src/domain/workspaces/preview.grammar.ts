import type { PreviewPost } from '../../bot/effects.ts';
import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { MAX_ADMIN_TEXT } from '../members/member.grammar.ts';

/**
 * The scheduled posts an admin can preview, each with the words that name it. The one list: keyed by
 * PreviewPost, so a post added to the effect type does not compile until it is named here too.
 */
const POST_WORDS: Record<PreviewPost, readonly string[]> = {
  goals: ['goals', 'goal', 'cilji', 'cilj'],
  digest: ['digest', 'weekly', 'pregled'],
  'what-works': ['what-works', 'whatworks', 'works', 'kaj-deluje'],
  winners: ['winners', 'top', 'recognition', 'zmagovalci', 'najboljsi', 'najboljši'],
};

export const PREVIEW_POSTS = Object.keys(POST_WORDS) as PreviewPost[];

export const PREVIEW_EXAMPLE = '/pacer preview goals';

/** `/pacer preview goals`: which scheduled post to send the admin now. */
export function parsePreview(text: string): Result<PreviewPost, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, PREVIEW_EXAMPLE));
  const [word = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const posts = PREVIEW_POSTS.join(', ');
  if (!word) return err(usage('pacer.preview.error.missing', { posts }, PREVIEW_EXAMPLE));
  const post = PREVIEW_POSTS.find((p) => POST_WORDS[p].includes(word.toLowerCase()));
  if (!post) return err(usage('pacer.preview.error.unknown', { post: word.slice(0, 40), posts }, PREVIEW_EXAMPLE));
  if (rest.length > 0) return err(extraWords(rest.join(' '), PREVIEW_EXAMPLE));
  return ok(post);
}

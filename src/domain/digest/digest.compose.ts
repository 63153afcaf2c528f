import { workspaceLocale } from '../../bot/session.ts';
import { languageOf } from '../../i18n/language.ts';
import type { Db } from '../../db/database.ts';
import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block } from '../../messages/message.ts';
import { diagnose } from '../diagnosis/diagnosis.service.ts';
import { diagnosisBlocks } from '../diagnosis/diagnosis.views.ts';
import { feedbackHighlights } from '../feedback/feedback.summary.ts';
import type { FeedbackItem } from '../feedback/feedback.repository.ts';
import type { FeedbackKind } from '../feedback/feedback.table.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { digestPosts, type DigestPosts } from './digest.views.ts';
import { teamDigest } from './digest.ts';

/** How many pieces of feedback of each kind the digest quotes. */
const HIGHLIGHTS = 2;
/** A quote longer than this is cut: the digest points at it, `/feedback list` shows it whole. */
const QUOTE_CHARS = 200;

function feedbackBlocks(highlights: Record<FeedbackKind, FeedbackItem[]>, t: Translate): Block[] {
  const lines = (['customer', 'product', 'technique'] as const).flatMap((kind) =>
    highlights[kind].map((item) => t('digest.feedback_line', {
      kind: t(`digest.feedback_kind.${kind}`),
      text: [...item.text].length > QUOTE_CHARS ? `${[...item.text].slice(0, QUOTE_CHARS - 1).join('')}…` : item.text,
      author: item.author,
    })));
  return [
    { type: 'text', text: t('digest.feedback_title'), tone: 'strong' },
    { type: 'text', text: lines.length === 0 ? t('digest.feedback_none') : lines.join('\n') },
  ];
}

/**
 * A team's whole digest, ready to post: its week (./digest.ts), what the team said in it, and the
 * diagnosis of its month so far (the likely causes when behind, what works when on pace, the reps to
 * coach). The job, the admin's preview and the benchmark all build it here.
 */
export async function composeTeamDigest(db: Db, workspace: Workspace, team: { id: number; name: string }, now: Date, language?: { t: Translate; fmt: Formats }): Promise<DigestPosts> {
  const { t, fmt } = language ?? languageOf(workspaceLocale(workspace));
  const digest = await teamDigest(db, workspace, team, now);
  const highlights = await feedbackHighlights(db, workspace.id, digest.window.from, digest.window.to, team.id, HIGHLIGHTS);
  const row = await db.selectFrom('teams').selectAll().where('id', '=', team.id).executeTakeFirst();
  const diagnosis = row ? diagnosisBlocks(await diagnose(db, workspace, { kind: 'team', team: row }, now), t, fmt, { withPace: false }) : [];
  return digestPosts(digest, t, fmt, [...feedbackBlocks(highlights, t), ...diagnosis]);
}

import type { CommandContext, UserRef } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import type { Member } from '../members/member.table.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { COACH_EXAMPLES } from './coaching.grammar.ts';
import { addCoachingNote, coachingNotes, countCoachingNotes, type CoachingNoteView } from './coaching.repository.ts';
import type { CoachingNote } from './coaching.table.ts';

/** How many notes a history shows: enough to see a pattern, short enough to read in a chat. */
export const HISTORY_SIZE = 10;

/**
 * Logs a manager's coaching note on a rep; audited as `coaching.note`. The audit entry names the
 * rep and the note's id but not its text: notes are private to managers, and the audit log is not
 * the place to copy them to.
 */
export async function logCoachingNote(ctx: CommandContext, user: UserRef, text: string): Promise<Result<{ member: Member; note: CoachingNote }, Problem>> {
  const found = await resolveMember(ctx, user, COACH_EXAMPLES.note);
  if (!found.ok) return found;
  const member = found.value;
  // A note is one person's account of coaching another; a note on oneself is a diary entry, and
  // would count as coaching in every later diagnosis.
  if (member.id === ctx.actor.id) return err(problem('invalid', 'coaching.error.self'));
  const note = await addCoachingNote(ctx.db, { workspaceId: ctx.workspace.id, memberId: member.id, coachId: ctx.actor.id, note: text, at: ctx.now });
  await ctx.audit('coaching.note', `member:${member.external_id}`, { member: member.display_name, note: note.id, length: [...text].length });
  return ok({ member, note });
}

export interface CoachingHistory {
  member: Member;
  /** The newest notes, newest first (at most HISTORY_SIZE). */
  notes: CoachingNoteView[];
  /** Notes older than those shown. */
  earlier: number;
}

/** A rep's coaching history, newest first. */
export async function coachingHistory(ctx: CommandContext, user: UserRef): Promise<Result<CoachingHistory, Problem>> {
  const found = await resolveMember(ctx, user, COACH_EXAMPLES.history);
  if (!found.ok) return found;
  const member = found.value;
  const notes = await coachingNotes(ctx.db, member.id, HISTORY_SIZE);
  // Counting is only needed when the page is full: a shorter page is the whole history.
  const earlier = notes.length < HISTORY_SIZE ? 0 : (await countCoachingNotes(ctx.db, member.id)) - notes.length;
  return ok({ member, notes, earlier });
}

import type { Db } from '../../db/database.ts';
import type { CoachingNote } from './coaching.table.ts';

/** A note with the name of the manager who wrote it (null when that member is gone). */
export type CoachingNoteView = CoachingNote & { coach_name: string | null };

export async function addCoachingNote(
  db: Db,
  note: { workspaceId: number; memberId: number; coachId: number; note: string; at: Date },
): Promise<CoachingNote> {
  return db
    .insertInto('coaching_notes')
    .values({ workspace_id: note.workspaceId, member_id: note.memberId, coach_id: note.coachId, note: note.note, created_at: note.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A rep's notes, newest first. Notes written in the same instant keep the order they were written in
 * (by id), so a history never shuffles.
 */
export async function coachingNotes(db: Db, memberId: number, limit: number): Promise<CoachingNoteView[]> {
  return db
    .selectFrom('coaching_notes as n')
    .leftJoin('members as c', 'c.id', 'n.coach_id')
    .selectAll('n')
    .select('c.display_name as coach_name')
    .where('n.member_id', '=', memberId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countCoachingNotes(db: Db, memberId: number): Promise<number> {
  const row = await db
    .selectFrom('coaching_notes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the rep was last coached, if ever (what a diagnosis weighs against their pace). */
export async function lastCoachedAt(db: Db, memberId: number): Promise<Date | undefined> {
  const row = await db
    .selectFrom('coaching_notes')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.at ?? undefined;
}

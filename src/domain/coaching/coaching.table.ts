import type { ColumnType, Generated, Selectable } from 'kysely';

/** A manager's note on coaching a rep. */
export interface CoachingNoteTable {
  id: Generated<number>;
  workspace_id: number;
  member_id: number;
  coach_id: number | null;
  note: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type CoachingNote = Selectable<CoachingNoteTable>;

export interface PartialDB {
  coaching_notes: CoachingNoteTable;
}

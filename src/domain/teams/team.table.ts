import type { ColumnType, Generated, Selectable } from 'kysely';

/** A sales team (department); names are unique per workspace, ignoring case. */
export interface TeamTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export type Team = Selectable<TeamTable>;

export interface PartialDB {
  teams: TeamTable;
}

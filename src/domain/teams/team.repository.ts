import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Team } from './team.table.ts';

/** A team by name, ignoring case: `team east` finds "East". */
export async function findTeamByName(db: Db, workspaceId: number, name: string): Promise<Team | undefined> {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findTeamById(db: Db, workspaceId: number, id: number): Promise<Team | undefined> {
  return db.selectFrom('teams').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Creates a team; undefined when one of that name (ignoring case) already exists. */
export async function createTeam(db: Db, workspaceId: number, name: string): Promise<Team | undefined> {
  return db
    .insertInto('teams')
    .values({ workspace_id: workspaceId, name: name.trim() })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listTeams(db: Db, workspaceId: number): Promise<(Team & { members: number })[]> {
  const rows = await db
    .selectFrom('teams')
    .leftJoin('members', 'members.team_id', 'teams.id')
    .select(['teams.id', 'teams.workspace_id', 'teams.name', 'teams.created_at'])
    .select((eb) => eb.fn.count<bigint>('members.id').as('members'))
    .where('teams.workspace_id', '=', workspaceId)
    .groupBy('teams.id')
    .orderBy('teams.name')
    .execute();
  return rows.map((row) => ({ ...row, members: Number(row.members) }));
}

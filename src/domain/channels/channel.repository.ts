import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Channel, ChannelPurpose } from './channel.table.ts';

/**
 * The conversation posts for a purpose go to: the team's own channel when it has one, else the
 * workspace's default. A null team asks for the default only.
 */
export async function channelFor(db: Db, workspaceId: number, purpose: ChannelPurpose, teamId: number | null): Promise<string | undefined> {
  const row = await db
    .selectFrom('channels')
    .select('conversation_id')
    .where('workspace_id', '=', workspaceId)
    .where('purpose', '=', purpose)
    .where((eb) => (teamId === null ? eb('team_id', 'is', null) : eb.or([eb('team_id', '=', teamId), eb('team_id', 'is', null)])))
    // The team's own row sorts before the default (nulls last).
    .orderBy(sql`team_id nulls last`)
    .limit(1)
    .executeTakeFirst();
  return row?.conversation_id;
}

/** Every channel chosen for a purpose: the workspace default (teamId null) first, then the teams'. */
export async function channelsOf(db: Db, workspaceId: number, purpose: ChannelPurpose): Promise<{ teamId: number | null; conversationId: string }[]> {
  const rows = await db
    .selectFrom('channels')
    .select(['team_id', 'conversation_id'])
    .where('workspace_id', '=', workspaceId)
    .where('purpose', '=', purpose)
    .orderBy(sql`team_id nulls first`)
    .execute();
  return rows.map((row) => ({ teamId: row.team_id, conversationId: row.conversation_id }));
}

/** The row for one purpose and team (null: the default), as stored. */
export async function findChannel(db: Db, workspaceId: number, purpose: ChannelPurpose, teamId: number | null): Promise<Channel | undefined> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('purpose', '=', purpose)
    .where((eb) => (teamId === null ? eb('team_id', 'is', null) : eb('team_id', '=', teamId)))
    .executeTakeFirst();
}

/**
 * Chooses the conversation for a purpose and team. The unique index is on an expression
 * (`coalesce(team_id, 0)`, so the default row is unique too), and the conflict target names it.
 */
export async function upsertChannel(
  db: Db,
  row: { workspaceId: number; purpose: ChannelPurpose; teamId: number | null; conversationId: string; setBy: number; at: Date },
): Promise<void> {
  await db
    .insertInto('channels')
    .values({ workspace_id: row.workspaceId, purpose: row.purpose, team_id: row.teamId, conversation_id: row.conversationId, set_by: row.setBy, updated_at: row.at })
    .onConflict((oc) =>
      oc.expression(sql`workspace_id, purpose, coalesce(team_id, 0)`).doUpdateSet((eb) => ({
        conversation_id: eb.ref('excluded.conversation_id'),
        set_by: eb.ref('excluded.set_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteChannel(db: Db, id: number): Promise<void> {
  await db.deleteFrom('channels').where('id', '=', id).execute();
}

/** Every chosen channel of a workspace with its team's name, for the settings view. */
export async function listChannels(db: Db, workspaceId: number): Promise<{ purpose: ChannelPurpose; team: string | null; conversationId: string }[]> {
  const rows = await db
    .selectFrom('channels')
    .leftJoin('teams', 'teams.id', 'channels.team_id')
    .select(['channels.purpose', 'teams.name as team', 'channels.conversation_id'])
    .where('channels.workspace_id', '=', workspaceId)
    .orderBy(sql`channels.team_id is not null`)
    .orderBy('teams.name')
    .execute();
  return rows.map((row) => ({ purpose: row.purpose, team: row.team, conversationId: row.conversation_id }));
}

import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PlatformProfile } from '../../bot/ports.ts';
import type { Role } from '../../bot/command.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { Member } from './member.table.ts';

export async function findMember(db: Db, workspaceId: number, externalId: string): Promise<Member | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function findMemberById(db: Db, workspaceId: number, id: number): Promise<Member | undefined> {
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Members whose display name (or platform id) is `name`, ignoring case: `@alice` typed by hand. */
export async function findMembersByName(db: Db, workspaceId: number, name: string): Promise<Member[]> {
  const lowered = name.toLowerCase();
  return db
    .selectFrom('members')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb(sql<string>`lower(display_name)`, '=', lowered), eb(sql<string>`lower(external_id)`, '=', lowered)]))
    .limit(5)
    .execute();
}

/** Records what the platform says about a person; the role granted in Pacer is left alone. */
export async function upsertMemberProfile(db: Db, workspaceId: number, profile: PlatformProfile, syncedAt: Date | null): Promise<Member> {
  return db
    .insertInto('members')
    .values({
      workspace_id: workspaceId,
      external_id: profile.userId,
      display_name: profile.displayName,
      is_platform_admin: profile.isPlatformAdmin,
      timezone: profile.timezone ?? null,
      locale: profile.locale ?? null,
      team_id: null,
      profile_synced_at: syncedAt,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'external_id']).doUpdateSet((eb) => ({
        display_name: eb.ref('excluded.display_name'),
        is_platform_admin: eb.ref('excluded.is_platform_admin'),
        timezone: eb.fn.coalesce('excluded.timezone', 'members.timezone'),
        locale: eb.fn.coalesce('excluded.locale', 'members.locale'),
        profile_synced_at: eb.fn.coalesce('excluded.profile_synced_at', 'members.profile_synced_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setMemberRole(db: Db, memberId: number, role: Role): Promise<void> {
  await db.updateTable('members').set({ role }).where('id', '=', memberId).execute();
}

/**
 * Grants `role` unless the member has it already; returns the role before, or undefined when nothing
 * changed. The row is locked while it is read, so two grants racing each other change it (and are
 * audited) once.
 */
export async function grantMemberRole(db: Db, memberId: number, role: Role): Promise<Role | undefined> {
  const row = await db.selectFrom('members').select('role').where('id', '=', memberId).forUpdate().executeTakeFirst();
  if (row === undefined || row.role === role) return undefined;
  await setMemberRole(db, memberId, role);
  return row.role;
}

export async function setMemberTeam(db: Db, memberId: number, teamId: number | null): Promise<void> {
  await db.updateTable('members').set({ team_id: teamId }).where('id', '=', memberId).execute();
}

/**
 * A workspace and, if known, one of its members, in one round trip: every command starts here, and
 * on this machine each query costs more in system calls than in SQL.
 */
export async function findWorkspaceAndMember(
  db: Db,
  platform: Workspace['platform'],
  externalId: string,
  userId: string,
): Promise<{ workspace: Workspace; member?: Member } | undefined> {
  const row = await db
    .selectFrom('workspaces as w')
    .leftJoin('members as m', (join) => join.onRef('m.workspace_id', '=', 'w.id').on('m.external_id', '=', userId))
    .selectAll('w')
    .select([
      'm.id as m_id', 'm.external_id as m_external_id', 'm.display_name as m_display_name', 'm.role as m_role',
      'm.is_platform_admin as m_is_platform_admin', 'm.timezone as m_timezone', 'm.locale as m_locale',
      'm.team_id as m_team_id', 'm.away_until as m_away_until', 'm.email as m_email', 'm.profile_synced_at as m_profile_synced_at', 'm.created_at as m_created_at',
    ])
    .where('w.platform', '=', platform)
    .where('w.external_id', '=', externalId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { m_id, m_external_id, m_display_name, m_role, m_is_platform_admin, m_timezone, m_locale, m_team_id, m_away_until, m_email, m_profile_synced_at, m_created_at, ...workspace } = row;
  if (m_id === null || m_external_id === null || m_display_name === null || m_role === null || m_is_platform_admin === null || m_created_at === null) return { workspace };
  const member: Member = {
    id: m_id, workspace_id: workspace.id, external_id: m_external_id, display_name: m_display_name, role: m_role,
    is_platform_admin: m_is_platform_admin, timezone: m_timezone, locale: m_locale, team_id: m_team_id, away_until: m_away_until, email: m_email,
    profile_synced_at: m_profile_synced_at, created_at: m_created_at,
  };
  return { workspace, member };
}

/** A member read under a row lock, so a change made from what was read cannot interleave with another. */
export async function lockMember(db: Db, memberId: number): Promise<Member> {
  return db.selectFrom('members').selectAll().where('id', '=', memberId).forUpdate().executeTakeFirstOrThrow();
}

/** Marks a member out of office through `day` (inclusive), or back (null). */
export async function setAwayUntil(db: Db, memberId: number, day: string | null): Promise<void> {
  await db.updateTable('members').set({ away_until: day }).where('id', '=', memberId).execute();
}

import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PlatformProfile } from '../../bot/ports.ts';
import type { Role } from '../../bot/command.ts';
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

export async function setMemberTeam(db: Db, memberId: number, teamId: number | null): Promise<void> {
  await db.updateTable('members').set({ team_id: teamId }).where('id', '=', memberId).execute();
}

import type { Directory, PlatformProfile, WorkspaceRef } from '../../bot/ports.ts';
import type { Logger } from '../../bot/logger.ts';
import type { Db } from '../../db/database.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { Member } from './member.table.ts';
import { findMember, upsertMemberProfile } from './member.repository.ts';

/** How long a platform profile (name, admin flag, zone, locale) is trusted before it is read again. */
export const PROFILE_TTL_MS = 6 * 60 * 60 * 1000;

export interface ProfileSource {
  directory: Directory;
  logger: Logger;
}

/**
 * Reads a person's profile from the platform, or nothing if the platform does not know them or cannot
 * be reached (then the person keeps what we knew; a stranger starts as a plain rep: failing closed).
 */
export async function readProfile(source: ProfileSource, ref: WorkspaceRef, userId: string): Promise<PlatformProfile | undefined> {
  try {
    return await source.directory.lookupUser(ref, userId);
  } catch (error) {
    source.logger.warn({ err: error, userId, platform: ref.platform }, 'profile lookup failed');
    return undefined;
  }
}

/**
 * The member behind an event, registered on first sight and refreshed from the platform when the
 * stored profile is older than PROFILE_TTL_MS. Platform calls happen here, before the command's
 * transaction opens, so no lock is ever held across the network.
 */
export async function syncMember(
  db: Db,
  source: ProfileSource,
  workspace: Workspace,
  ref: WorkspaceRef,
  userId: string,
  now: Date,
  hint?: Partial<PlatformProfile>,
  /** The member as already read (undefined: look it up; null: known to be new). */
  stored?: Member | null,
): Promise<Member> {
  const known = stored === undefined ? await findMember(db, workspace.id, userId) : (stored ?? undefined);
  const fresh = known?.profile_synced_at && now.getTime() - known.profile_synced_at.getTime() < PROFILE_TTL_MS;
  if (known && fresh) return known;
  const profile = await readProfile(source, ref, userId);
  if (profile) return upsertMemberProfile(db, workspace.id, profile, now);
  if (known) return known;
  return upsertMemberProfile(
    db,
    workspace.id,
    { userId, displayName: hint?.displayName ?? userId, isPlatformAdmin: false, ...(hint?.timezone && { timezone: hint.timezone }), ...(hint?.locale && { locale: hint.locale }) },
    null,
  );
}

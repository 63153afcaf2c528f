import type { Directory, PlatformProfile, WorkspaceRef } from '../../src/bot/ports.ts';
import { isValidZone } from '../../src/time/periods.ts';

/** How many profiles the directory keeps: the people seen in recent activities. */
const MAX_PROFILES = 5_000;

export interface TeamsProfiles {
  /** What the core reads profiles from, for `platform: 'teams'` workspaces. */
  directory: Directory;
  /**
   * Notes what a (verified) activity said about a person: its sender or a mention entity. A sender's
   * activity also carries the zone and language of their Teams client (`localTimezone`, `locale`).
   */
  remember(tenantId: string, userId: string, displayName: string, client?: { timezone?: string; locale?: string }): void;
}

/**
 * Teams' directory, for now: the names Teams itself put in the activities it signed (`from.name`,
 * a mention entity's `mentioned.name`), with the sender's client time zone and locale (reminders
 * arrive at the rep's own local time), remembered in memory for the next lookup. A person mentioned
 * in `goal set <at>Alice</at> …` is thus known even if she never used Pacer. No roster call yet
 * (`conversations.getMemberById` would add e-mail, locale, and nothing about admin rights), so a
 * Teams user is never a platform admin: roles come from installation and grants (issue 3).
 */
export function createTeamsProfiles(): TeamsProfiles {
  const profiles = new Map<string, PlatformProfile>();
  const key = (tenantId: string, userId: string): string => `${tenantId}\u0000${userId}`;
  return {
    directory: {
      async lookupUser(workspace: WorkspaceRef, userId: string) {
        return profiles.get(key(workspace.externalId, userId));
      },
    },
    remember(tenantId, userId, displayName, client) {
      const name = displayName.trim();
      if (tenantId === '' || userId === '' || name === '') return;
      const k = key(tenantId, userId);
      const before = profiles.get(k);
      const timezone = client?.timezone !== undefined && isValidZone(client.timezone) ? client.timezone : before?.timezone;
      const locale = client?.locale ?? before?.locale;
      // Re-inserting moves the entry to the end: the oldest is the first one the map iterates.
      profiles.delete(k);
      profiles.set(k, { userId, displayName: name, isPlatformAdmin: false, ...(timezone && { timezone }), ...(locale && { locale }) });
      if (profiles.size > MAX_PROFILES) {
        const oldest = profiles.keys().next();
        if (oldest.done !== true) profiles.delete(oldest.value);
      }
    },
  };
}

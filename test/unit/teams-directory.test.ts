import { describe, expect, it } from 'vitest';
import { createTeamsProfiles } from '../../adapters/teams/directory.ts';

const TENANT = { platform: 'teams', externalId: 'tenant-1' } as const;

describe('Teams profiles from activities', () => {
  it('keeps the sender\'s client zone and locale, so reminders arrive at their local time', async () => {
    const profiles = createTeamsProfiles();
    profiles.remember('tenant-1', 'u1', 'Alice', { timezone: 'Europe/Ljubljana', locale: 'sl-SI' });
    expect(await profiles.directory.lookupUser(TENANT, 'u1')).toEqual({ userId: 'u1', displayName: 'Alice', isPlatformAdmin: false, timezone: 'Europe/Ljubljana', locale: 'sl-SI' });
  });

  it('ignores a zone that is not IANA, and a later mention (no client) keeps what the sender\'s own activity said', async () => {
    const profiles = createTeamsProfiles();
    profiles.remember('tenant-1', 'u1', 'Alice', { timezone: 'Central European Standard Time' });
    expect((await profiles.directory.lookupUser(TENANT, 'u1'))?.timezone).toBeUndefined();
    profiles.remember('tenant-1', 'u1', 'Alice', { timezone: 'Europe/Ljubljana' });
    profiles.remember('tenant-1', 'u1', 'Alice B.');
    expect(await profiles.directory.lookupUser(TENANT, 'u1')).toMatchObject({ displayName: 'Alice B.', timezone: 'Europe/Ljubljana' });
    expect(await profiles.directory.lookupUser({ ...TENANT, externalId: 'tenant-2' }, 'u1')).toBeUndefined();
  });
});

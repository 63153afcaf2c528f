import type { Directory, Inbound, PlatformProfile, WorkspaceRef } from '../../src/bot/ports.ts';

/** The local demo workspace: one made-up company the terminal chat acts in. */
export const DEMO_WORKSPACE: WorkspaceRef = { platform: 'local', externalId: 'demo', name: 'Demo Co' };

/**
 * The same company as a Teams tenant, for the terminal chat's Teams mode (`/platform teams`): its own
 * workspace, seeded the same way, so the same commands can be tried as a Teams user.
 */
export const DEMO_TEAMS_WORKSPACE: WorkspaceRef = { platform: 'teams', externalId: 'demo-tenant', name: 'Demo Co' };

/** The demo workspaces by the platform they stand for. */
export const DEMO_WORKSPACES = { local: DEMO_WORKSPACE, teams: DEMO_TEAMS_WORKSPACE } as const;
export type DemoPlatform = keyof typeof DEMO_WORKSPACES;

/**
 * The demo team. Carol is the admin (like a Slack workspace owner; in the Teams demo she stands for
 * the person who installed the app), Bob a manager, the rest reps. The same people on every demo platform.
 */
export const DEMO_PEOPLE: readonly PlatformProfile[] = [
  { userId: 'alice', displayName: 'Alice', isPlatformAdmin: false },
  { userId: 'bob', displayName: 'Bob', isPlatformAdmin: false },
  { userId: 'carol', displayName: 'Carol', isPlatformAdmin: true },
  { userId: 'dave', displayName: 'Dave', isPlatformAdmin: false },
  { userId: 'erin', displayName: 'Erin', isPlatformAdmin: false },
];

/** The local platform's user directory: the demo people, by id. */
export const demoDirectory: Directory = {
  async lookupUser(_workspace, userId) {
    return DEMO_PEOPLE.find((p) => p.userId === userId.toLowerCase());
  },
};

/**
 * What a new demo workspace starts with, typed through the same commands a person would use, so
 * the demo exercises the real code paths (and its audit log reads like a real team's first day).
 */
const SEED: readonly (readonly [user: string, command: string, text: string])[] = [
  ['carol', 'pacer', `config timezone ${Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'}`],
  ['carol', 'pacer', 'role <@bob> manager'],
  ['carol', 'pacer', 'team create East'],
  ['carol', 'pacer', 'team create West'],
  ['carol', 'pacer', 'team add <@alice> East'],
  ['carol', 'pacer', 'team add <@dave> East'],
  ['carol', 'pacer', 'team add <@erin> West'],
  ['bob', 'goal', 'set <@alice> 50000 month'],
  ['bob', 'goal', 'set <@dave> 40000 month'],
  ['bob', 'goal', 'set <@erin> 30000 month'],
  ['bob', 'goal', 'set team East 250000 quarter'],
  ['bob', 'goal', 'set company 1M year'],
  ['alice', 'deal', '19000 Initech product: Widgets'],
  ['dave', 'deal', '12500 Globex product: Gadgets'],
  ['erin', 'deal', '21000 Umbrella product: Widgets'],
  ['dave', 'deal', 'lost Hooli reason: price'],
];

/** Seeds a demo workspace once: only when it has never been used (its admin is not known yet). */
export async function seedDemo(inbound: Inbound, isNew: boolean, workspace: WorkspaceRef = DEMO_WORKSPACE): Promise<void> {
  if (!isNew) return;
  for (const [userId, command, text] of SEED) {
    await inbound.handleCommand({ workspace, userId, command, text });
  }
}

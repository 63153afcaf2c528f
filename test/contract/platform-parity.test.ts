/**
 * The parity contract: ONE scenario, written once, that Slack and Teams both pass through their real
 * HTTP endpoints (signed slash commands on /slack/events; RS256-signed activities on /api/messages),
 * each on its own real `createPacerServer`, with equivalent answers: the same key sentences, read
 * from each platform's plain fallback text (Slack's ack text, the Teams reply's `summary`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/bot/clock.ts';
import { slackPlatform, teamsPlatform, type Person, type PlatformDriver, type RunningPlatform } from '../helpers/platform-drivers.ts';

const PEOPLE: readonly Person[] = [
  { key: 'olivia', displayName: 'Olivia Owner' },
  { key: 'bob', displayName: 'Bob Kranjc' },
  { key: 'alice', displayName: 'Alice Novak' },
  { key: 'dave', displayName: 'Dave Horvat' },
];

/** Mid-month, so "this month" holds every deal the scenario logs. */
const NOW = new Date('2026-06-15T10:00:00Z');

/** Whitespace collapsed, so a padded table cell or a wrapped line compares equal everywhere. */
const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Every answer each platform gave, in order, to compare the platforms with each other at the end. */
const transcripts = new Map<string, string[]>();

describe.each([slackPlatform, teamsPlatform])('platform parity: $name', (platform) => {
  let running: RunningPlatform;
  let pacer: PlatformDriver;
  const say = async (user: string, command: string, text: string): Promise<string> => {
    const reply = normalise(await pacer.say(user, command, text));
    transcripts.set(platform.name, [...(transcripts.get(platform.name) ?? []), `${user}> ${command} ${text}\n${reply}`]);
    return reply;
  };
  const count = async (table: 'deals' | 'goals'): Promise<number> =>
    Number((await running.db.selectFrom(table).select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    running = await platform.start(PEOPLE, fixedClock(NOW));
    pacer = running.driver;
  });
  afterAll(() => running?.close());

  // One scenario, in order: each step builds on the last.
  it('an admin makes a manager', async () => {
    // Slack: olivia becomes a workspace owner (users.info). Teams has no platform-admin flag: her
    // role is set in the database directly (see the driver), as the Teams end-to-end test does.
    await pacer.promote('olivia', 'admin');
    expect(await say('olivia', 'pacer', 'role @bob manager')).toContain('manager');
  });

  it('the manager sets a goal for a mentioned rep', async () => {
    expect(await say('bob', 'goal', 'set @alice 50000 month')).toContain('Goal set: €50,000');
    expect(await count('goals')).toBe(1);
  });

  it('the rep logs two deals, in two amount formats', async () => {
    expect(await say('alice', 'deal', '12500 Acme Corp')).toContain('Logged D-1: €12,500 won from Acme Corp');
    const second = await say('alice', 'deal', '12.5k Initech product: Widgets');
    expect(second).toContain('Logged D-2: €12,500 won from Initech');
    expect(second).toContain('€25,000 of €50,000 this month');
    expect(await count('deals')).toBe(2);
  });

  it("shows the rep's goal and her progress", async () => {
    expect(await say('alice', 'goal', '')).toContain('€25,000 of €50,000 this month');
  });

  it('ranks the rep on the leaderboard with her share', async () => {
    const board = await say('alice', 'leaderboard', '');
    expect(board).toContain('Leaderboard · This month');
    expect(board).toMatch(/1 Alice Novak \(you\) 50% €25,000/);
  });

  it('refuses a goal from a rep, writing nothing', async () => {
    expect(await say('dave', 'goal', 'set @alice 1 month')).toContain('Only managers can do that');
    expect(await say('alice', 'goal', '')).toContain('€25,000 of €50,000 this month');
    expect(await count('goals')).toBe(1);
  });

  it('answers a bad amount with an example, writing nothing', async () => {
    const bad = await say('alice', 'deal', 'lots Acme');
    expect(bad).toContain('Example: /deal 12500 Acme Corp');
    expect(await count('deals')).toBe(2);
  });
});

describe('platform parity: Slack and Teams compared', () => {
  it('gave the same answers, word for word once whitespace is normalised', () => {
    const slack = transcripts.get(slackPlatform.name);
    expect(slack?.length).toBeGreaterThan(8);
    expect(transcripts.get(teamsPlatform.name)).toEqual(slack);
  });
});

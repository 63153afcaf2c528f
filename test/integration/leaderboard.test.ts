import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { board } from '../../src/domain/leaderboard/leaderboard.repository.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/** The ranking rules, on the SQL that applies them: a month board of reps with won amounts and goals. */
let t: TestDatabase;
let workspaceId: number;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  workspaceId = (await t.db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1', name: 'Acme', currency: 'EUR', locale: 'en', timezone: 'UTC' }).returning('id').executeTakeFirstOrThrow()).id;
});

/** Adds reps: each wins `won` this month (one deal; none when 0) and has `target` as month goal, or none. */
async function reps(list: [name: string, won: bigint, target: bigint | null][]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [name, won, target] of list) {
    const { id } = await t.db.insertInto('members').values({ workspace_id: workspaceId, external_id: `U-${name}`, display_name: name, timezone: null, locale: null, team_id: null, profile_synced_at: null }).returning('id').executeTakeFirstOrThrow();
    ids.set(name, id);
    if (won > 0n) {
      await t.db.insertInto('deals').values({ workspace_id: workspaceId, number: id, member_id: id, team_id: null, customer: 'C', product: null, amount_minor: won, currency: 'EUR', stage: 'won', loss_reason: null, occurred_at: new Date('2026-11-10T10:00:00Z'), won_at: new Date('2026-11-10T10:00:00Z'), delivered_at: null, serviced_at: null, lost_at: null }).execute();
    }
    if (target !== null) {
      await t.db.insertInto('goals').values({ workspace_id: workspaceId, scope: 'rep', member_id: id, team_id: null, subject_key: `rep:${id}`, period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target, currency: 'EUR', created_by: null }).execute();
    }
  }
  return ids;
}

const month = (callerId = 0, top = 10) =>
  board(t.db, { workspaceId, period: 'month', periodStart: '2026-11-01', periodEnd: '2026-12-01', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z'), top, callerId });

describe('the leaderboard ranking', () => {
  it('ranks by share of goal, not by amount, and puts reps without a goal after, by amount', async () => {
    await reps([['Big', 90_000n, 100_000n], ['Small', 12_000n, 10_000n], ['Nogoal', 500_000n, null], ['Nogoal2', 700_000n, null], ['Half', 5_000n, 10_000n]]);
    const { rows, total } = await month();
    expect(total).toBe(5);
    expect(rows.map((r) => [r.rank, r.name, r.attainment, r.won])).toEqual([
      [1, 'Small', 1.2, 12_000n],
      [2, 'Big', 0.9, 90_000n],
      [3, 'Half', 0.5, 5_000n],
      [4, 'Nogoal2', null, 700_000n],
      [5, 'Nogoal', null, 500_000n],
    ]);
  });

  it('shares a rank between equal shares of goal (1, 2, 2, 2, 5), ordering the tied by amount, then name', async () => {
    await reps([['Dora', 50n, 100n], ['Ana', 100n, 100n], ['Cene', 20n, 40n], ['Bor', 40n, 80n], ['Eva', 10n, 100n]]);
    const { rows } = await month();
    expect(rows.map((r) => [r.rank, r.position, r.name])).toEqual([
      [1, 1, 'Ana'],
      [2, 2, 'Dora'],
      [2, 3, 'Bor'],
      [2, 4, 'Cene'],
      [5, 5, 'Eva'],
    ]);
  });

  it('ties reps without a goal only on the same amount, and lists a rep with a goal but no deal yet', async () => {
    await reps([['X', 10n, null], ['Y', 10n, null], ['Z', 0n, 500n]]);
    const { rows } = await month();
    expect(rows.map((r) => [r.rank, r.name, r.attainment])).toEqual([
      [1, 'Z', 0],
      [2, 'X', null],
      [2, 'Y', null],
    ]);
  });

  it('returns only the top places and the caller, with the count of all', async () => {
    const ids = await reps(Array.from({ length: 30 }, (_, i): [string, bigint, bigint] => [`Rep ${String(i).padStart(2, '0')}`, BigInt(1000 - i), 1000n]));
    const { rows, total } = await month(ids.get('Rep 25'), 3);
    expect(total).toBe(30);
    expect(rows.map((r) => [r.position, r.name])).toEqual([
      [1, 'Rep 00'],
      [2, 'Rep 01'],
      [3, 'Rep 02'],
      [26, 'Rep 25'],
    ]);
  });

  it('ranks nobody when nobody won or has a goal', async () => {
    await reps([['Idle', 0n, null]]);
    expect(await month()).toEqual({ rows: [], total: 0 });
  });
});

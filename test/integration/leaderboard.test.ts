import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PeriodKind } from '../../src/domain/goals/goal.table.ts';
import { board } from '../../src/domain/leaderboard/leaderboard.repository.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestCore, person, replyMessage } from '../helpers/core.ts';
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

/**
 * Seasons through the command: each period's board stays readable as history, ranked from the deals
 * and goals of that period, while the current one starts clean. Today is Wednesday 18 November 2026
 * (the test core's clock) in a UTC workspace.
 */
describe('/leaderboard seasons', () => {
  const pacer = () => createTestCore(t.db, ['Ana', 'Bor', 'Oto', 'Eva'].map((name) => person(`U-${name}`, name)));
  let dealNumber = 0;

  async function member(name: string): Promise<number> {
    const values = { workspace_id: workspaceId, external_id: `U-${name}`, display_name: name, timezone: null, locale: null, team_id: null, profile_synced_at: null };
    return (await t.db.insertInto('members').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** A won deal of `euros`, closed at an instant. */
  async function deal(memberId: number, euros: number, at: string): Promise<void> {
    const occurred = new Date(at);
    await t.db.insertInto('deals').values({ workspace_id: workspaceId, number: ++dealNumber, member_id: memberId, team_id: null, customer: 'C', product: null, amount_minor: BigInt(euros * 100), currency: 'EUR', stage: 'won', loss_reason: null, occurred_at: occurred, won_at: occurred, delivered_at: null, serviced_at: null, lost_at: null }).execute();
  }

  async function goal(memberId: number, period: PeriodKind, start: string, end: string, euros: number): Promise<void> {
    await t.db.insertInto('goals').values({ workspace_id: workspaceId, scope: 'rep', member_id: memberId, team_id: null, subject_key: `rep:${memberId}`, period, period_start: start, period_end: end, target: BigInt(euros * 100), currency: 'EUR', created_by: null }).execute();
  }

  /** The board as Ana sees it: its title, its rows (rank, rep, share of goal, won) and all its text. */
  async function leaderboard(text: string): Promise<{ title: string | undefined; rows: string[][]; text: string }> {
    const message = replyMessage(await pacer().command('U-Ana', 'leaderboard', text));
    const rows = message.blocks.flatMap((b) => (b.type === 'rows' ? b.rows : []));
    return { title: message.title, rows, text: fallbackText(message) };
  }

  it('shows a past month’s standings and goals, while this month starts clean', async () => {
    const [ana, bor, oto] = [await member('Ana'), await member('Bor'), await member('Oto')];
    await goal(ana, 'month', '2026-10-01', '2026-11-01', 10_000);
    await goal(bor, 'month', '2026-10-01', '2026-11-01', 20_000);
    await goal(ana, 'month', '2026-11-01', '2026-12-01', 10_000);
    await goal(bor, 'month', '2026-11-01', '2026-12-01', 10_000);
    await deal(ana, 8_000, '2026-10-05T10:00:00Z');
    await deal(bor, 9_000, '2026-10-31T23:59:00Z');
    await deal(oto, 5_000, '2026-10-20T10:00:00Z');
    await deal(ana, 2_000, '2026-11-01T00:00:00Z');
    await deal(bor, 6_000, '2026-11-10T10:00:00Z');

    const october = await leaderboard('2026-10');
    expect(october.title).toBe('Leaderboard · October 2026');
    expect(october.rows).toEqual([
      ['1', 'Ana (you)', '80%', '€8,000'],
      ['2', 'Bor', '45%', '€9,000'],
      ['3', 'Oto', 'no goal', '€5,000'],
    ]);
    expect(october.text).toContain('3 reps');
    expect(await leaderboard('last month')).toEqual(october);

    // November ranks November's deals against November's goals; Oto sold only in October.
    const november = await leaderboard('');
    expect(november.title).toBe('Leaderboard · This month');
    expect(november.rows).toEqual([
      ['1', 'Bor', '60%', '€6,000'],
      ['2', 'Ana (you)', '20%', '€2,000'],
    ]);
    expect(await leaderboard('2026-11')).toEqual(november);
  });

  it('corrects a past season when one of its deals is corrected later', async () => {
    const [ana, bor] = [await member('Ana'), await member('Bor')];
    await deal(ana, 8_000, '2026-10-05T10:00:00Z');
    await deal(bor, 9_000, '2026-10-06T10:00:00Z');
    expect((await leaderboard('2026-10')).rows.map((r) => r[1])).toEqual(['Bor', 'Ana (you)']);
    // In November, Bor's October deal turns out to have been €900, not €9,000.
    await t.db.updateTable('deals').set({ amount_minor: 900_00n }).where('member_id', '=', bor).execute();
    expect((await leaderboard('2026-10')).rows).toEqual([
      ['1', 'Ana (you)', 'no goal', '€8,000'],
      ['2', 'Bor', 'no goal', '€900'],
    ]);
  });

  it('shows a past quarter from its months and its quarter goals only', async () => {
    const [ana, bor] = [await member('Ana'), await member('Bor')];
    await goal(ana, 'quarter', '2026-07-01', '2026-10-01', 40_000);
    await goal(bor, 'quarter', '2026-10-01', '2027-01-01', 1_000);
    await deal(ana, 3_000, '2026-06-30T23:59:00Z');
    await deal(ana, 10_000, '2026-07-01T00:00:00Z');
    await deal(ana, 20_000, '2026-09-30T12:00:00Z');
    await deal(bor, 7_000, '2026-10-01T00:00:00Z');

    const q3 = await leaderboard('2026-Q3');
    expect(q3.title).toBe('Leaderboard · Q3 2026');
    expect(q3.rows).toEqual([['1', 'Ana (you)', '75%', '€30,000']]);
    expect(await leaderboard('last quarter')).toEqual(q3);
    expect((await leaderboard('Q3 2026')).rows).toEqual(q3.rows);
    expect((await leaderboard('quarter')).rows).toEqual([['1', 'Bor', '700%', '€7,000']]);
  });

  it('shows a past ISO week from Monday to Sunday, and says so when nobody sold in it', async () => {
    const [ana, bor] = [await member('Ana'), await member('Bor')];
    await goal(ana, 'week', '2026-11-02', '2026-11-09', 4_000);
    await deal(ana, 1_000, '2026-11-01T23:59:00Z');
    await deal(ana, 3_000, '2026-11-02T00:00:00Z');
    await deal(bor, 2_000, '2026-11-08T23:59:00Z');
    await deal(bor, 5_000, '2026-11-09T00:00:00Z');

    const w45 = await leaderboard('2026-W45');
    expect(w45.title).toBe('Leaderboard · Week 45, 2026');
    expect(w45.rows).toEqual([
      ['1', 'Ana (you)', '75%', '€3,000'],
      ['2', 'Bor', 'no goal', '€2,000'],
    ]);
    // Last week, seen on Wednesday 18 November, is week 46: Monday 9 to Sunday 15 November.
    const w46 = await leaderboard('last week');
    expect([w46.title, w46.rows]).toEqual(['Leaderboard · Week 46, 2026', [['1', 'Bor', 'no goal', '€5,000']]]);
    // Sunday 1 November belongs to week 44, which began on Monday 26 October.
    expect((await leaderboard('2026-W44')).rows).toEqual([['1', 'Ana (you)', 'no goal', '€1,000']]);
    const w40 = await leaderboard('2026-W40');
    expect(w40.rows).toEqual([]);
    expect(w40.text).toContain('Nobody won a deal or had a goal in this period.');
  });

  it('refuses a season that has not started, with an example of the last finished one', async () => {
    await member('Ana');
    expect((await leaderboard('2026-12')).text).toBe('December 2026 has not started yet: the leaderboard shows the current period or a past one.\nExample: /leaderboard 2026-10');
    expect((await leaderboard('2027-Q1')).text).toContain('Q1 2027 has not started yet');
    expect((await leaderboard('2026-W48')).text).toContain('Week 48, 2026 has not started yet: the leaderboard shows the current period or a past one.\nExample: /leaderboard 2026-W46');
    expect((await leaderboard('2027')).text).toContain('Example: /leaderboard 2025');
  });

  it('refuses what is not a season, saying what was wrong and giving a correct example', async () => {
    await member('Ana');
    expect((await leaderboard('soon')).text).toBe(
      '"soon" is not a period: use week, month, quarter or year, last month, or a past one such as 2026-10, 2026-Q3, 2026-W48 or 2026.\nExample: /leaderboard last month',
    );
    expect((await leaderboard('2026-13')).text).toBe('"2026-13" is not a month: months run from 01 to 12, as in 2026-10.\nExample: /leaderboard 2026-10');
    expect((await leaderboard('2026-Q5')).text).toContain('"2026-Q5" is not a quarter');
    expect((await leaderboard('2027-W53')).text).toContain('"2027-W53" is not a week: 2027 has weeks W01 to W52.');
    expect((await leaderboard('1999-10')).text).toContain('choose a year from 2000 to 2100.\nExample: /leaderboard 2026');
  });
});

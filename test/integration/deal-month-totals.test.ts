import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

/**
 * The monthly totals are kept by triggers; whatever happens to deals, they must equal what an
 * aggregate over the deals themselves says.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const truth = (workspaceId: number, zone: string) =>
  sql<{ month: string; member_id: number; won: string; deals: string }>`
    select to_char(date_trunc('month', occurred_at at time zone ${zone}), 'YYYY-MM-DD') as month, member_id,
           sum(amount_minor)::text as won, count(*)::text as deals
      from deals where workspace_id = ${workspaceId} and stage <> 'lost' group by 1, 2 order by 1, 2`.execute(t.db).then((r) => r.rows);

const kept = (workspaceId: number) =>
  sql<{ month: string; member_id: number; won: string; deals: string }>`
    select month::text as month, member_id, won_minor::text as won, won_deals::text as deals
      from deal_month_totals where workspace_id = ${workspaceId} and won_deals > 0 order by 1, 2`.execute(t.db).then((r) => r.rows);

/** A small deterministic random sequence, so a failure replays the same way. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe('deal_month_totals', () => {
  it('matches the deals after inserts, undos, stage changes, moves and a time zone change', async () => {
    await truncateAll(t.db);
    const ws = await t.db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T1', name: 'Acme', currency: 'EUR', locale: 'en', timezone: 'Europe/Ljubljana' }).returning('id').executeTakeFirstOrThrow();
    const reps = await t.db.insertInto('members').values([1, 2, 3].map((i) => ({ workspace_id: ws.id, external_id: `U${i}`, display_name: `Rep ${i}`, timezone: null, locale: null, team_id: null, profile_synced_at: null }))).returning('id').execute();
    const next = random(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let number = 0;
    for (let step = 0; step < 300; step++) {
      const action = next();
      // Around month ends, so a time zone decides the month.
      const at = new Date(Date.UTC(2026, Math.floor(next() * 4), pick([1, 15, 30, 31]), pick([0, 12, 23]), 30));
      if (action < 0.55 || number === 0) {
        const lost = next() < 0.2;
        number += 1;
        await t.db.insertInto('deals').values({
          workspace_id: ws.id, number, member_id: pick(reps).id, team_id: null, customer: 'C', product: null,
          amount_minor: lost ? null : BigInt(Math.floor(next() * 1_000_000) + 1), currency: 'EUR', stage: lost ? 'lost' : 'won',
          loss_reason: lost ? 'price' : null, occurred_at: at, won_at: lost ? null : at, delivered_at: null, serviced_at: null, lost_at: lost ? at : null,
        }).execute();
      } else if (action < 0.7) {
        await t.db.deleteFrom('deals').where('workspace_id', '=', ws.id).where('number', '=', Math.ceil(next() * number)).execute();
      } else if (action < 0.8) {
        await t.db.updateTable('deals').set({ stage: 'delivered', delivered_at: at }).where('number', '=', Math.ceil(next() * number)).where('stage', '=', 'won').execute();
      } else if (action < 0.9) {
        await t.db.updateTable('deals').set({ occurred_at: at, member_id: pick(reps).id }).where('number', '=', Math.ceil(next() * number)).execute();
      } else {
        await t.db.updateTable('deals').set({ amount_minor: BigInt(Math.floor(next() * 5_000) + 1) }).where('number', '=', Math.ceil(next() * number)).where('stage', '<>', 'lost').execute();
      }
    }
    const before = await truth(ws.id, 'Europe/Ljubljana');
    expect(before.length).toBeGreaterThan(5);
    expect(await kept(ws.id)).toEqual(before);
    await t.db.updateTable('workspaces').set({ timezone: 'America/Los_Angeles' }).where('id', '=', ws.id).execute();
    const after = await truth(ws.id, 'America/Los_Angeles');
    expect(after).not.toEqual(before);
    expect(await kept(ws.id)).toEqual(after);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

/** Statements are prepared by name per connection (src/db/connect.ts); schema changes must not break them. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe('named prepared statements', () => {
  it('are reused, and prepared again when a migration changed the columns under them', async () => {
    await sql`create table probe (id int primary key, a text)`.execute(t.db);
    await sql`insert into probe values (1, 'x')`.execute(t.db);
    const read = () => sql<Record<string, unknown>>`select * from probe where id = ${1}`.execute(t.db).then((r) => r.rows[0]);
    // Several runs on a pool of connections: each connection prepares it once.
    for (let i = 0; i < 12; i++) expect(await read()).toEqual({ id: 1, a: 'x' });
    const prepared = await sql<{ n: bigint }>`select count(*) as n from pg_prepared_statements where statement like 'select * from probe%'`.execute(t.db);
    expect(Number(prepared.rows[0]?.n)).toBe(1);
    await sql`alter table probe add column b text default 'new'`.execute(t.db);
    for (let i = 0; i < 12; i++) expect(await read()).toEqual({ id: 1, a: 'x', b: 'new' });
  });
});

import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

/**
 * A fresh, migrated database for the calling test file: created in a `beforeAll` and dropped in an
 * `afterAll` registered where this is called (call it at the top of the file, before any describe).
 * `db` may be read from hooks and tests only, once the database exists.
 *
 *   const t = useTestDatabase();
 *   it('…', async () => { await t.db.selectFrom('deals')… });
 */
export function useTestDatabase(): { readonly db: Kysely<Database> } {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });
  return {
    get db(): Kysely<Database> {
      if (t === undefined) throw new Error('the test database is read before its beforeAll has run');
      return t.db;
    },
  };
}

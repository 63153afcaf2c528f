import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The machine's PostgreSQL (trust auth for `postgres` on loopback), unless PACER_TEST_PG_URL says otherwise. */
export const TEST_PG_SERVER_URL = process.env['PACER_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Kysely<Database>;
  /** Connection string of this test database (for a second client, or a job backend). */
  url: string;
  /** Closes the pool and drops the database, even if a test left connections open. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file, so files run in parallel and never see
 * each other's rows.
 * @example
 * let t: TestDatabase;
 * beforeAll(async () => { t = await createTestDatabase(); });
 * afterAll(() => t.close());
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  // Timestamp first: a leftover from a killed run shows its age, and names stay unique across
  // parallel forks (pid) and repeated calls in one file (random).
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `pacer_test_${stamp}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${pg.escapeIdentifier(name)}`);

  const url = withDatabase(TEST_PG_SERVER_URL, name);
  const connection = await connectDatabase({ url, poolSize: 5 });
  try {
    if (options.migrate ?? true) await migrateToLatest(connection.db);
  } catch (error) {
    await connection.close();
    await admin(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    db: connection.db,
    url,
    close: () =>
      (closing ??= (async () => {
        try {
          await connection.close();
        } finally {
          // FORCE: a test that leaked a client must not leave the database behind.
          await admin(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
        }
      })()),
  };
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** CREATE/DROP DATABASE cannot run in a transaction or a pool's session state: one short client each. */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Empties every table between tests of one file (ids restart, so deal numbers start at D-1 again). */
export async function truncateAll(db: Kysely<Database>): Promise<void> {
  await sql`truncate workspaces, members, teams, goals, deals, audit_log, conversations, inbound_deliveries, channels, training_modules, training_assignments, training_completions, coaching_notes, job_posts, send_slots, feedback, feedback_votes, kudos, kudos_receivers, incentives, incentive_awards, export_files, import_requests restart identity cascade`.execute(db);
}

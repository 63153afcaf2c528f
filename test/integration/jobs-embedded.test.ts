import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localOutbound } from '../../adapters/local/local-outbound.ts';
import { queueBackendFor } from '../../jobs/backend.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { completion, seedTraining, testPrefix, testRuntime } from '../helpers/jobs.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

/**
 * The embedded default: BullMQ's PostgreSQL backend on the embedded PGlite, so `npm start` needs no
 * Redis and a reminder really arrives in the terminal chat.
 */
let dir: string;
const clock = fixedClock(new Date('2026-12-07T08:00:00Z'));

async function open(): Promise<DatabaseConnection> {
  const database = await connectDatabase({ dataDir: join(dir, 'db') });
  await migrateToLatest(database.db);
  return database;
}

const backendOf = (database: DatabaseConnection) => queueBackendFor({ backend: 'postgres', prefix: 'pacer', concurrency: 2 }, database);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pacer-jobs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('jobs on the embedded database (BullMQ PostgreSQL backend on PGlite)', () => {
  it('delivers a due reminder to the local chat once, and declares the same schedulers after a restart', async () => {
    let database = await open();
    const seed = await seedTraining(database.db, { alice: { timezone: 'Europe/Ljubljana' } }, { externalId: 'demo' });
    await database.db.updateTable('workspaces').set({ platform: 'local' }).execute();
    const assignment = await seed.assign('alice', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const printed: string[] = [];
    let runtime = testRuntime(database.db, backendOf(database), localOutbound((text) => printed.push(text)), clock);
    try {
      const worker = await runtime.startWorker();
      expect(await runtime.queue.getJobSchedulersCount()).toBe(6);
      for (let i = 0; i < 2; i++) {
        const done = completion(worker);
        await runtime.add('training.tick', { assignmentId: assignment });
        await done;
      }
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain('Pacer → direct message to alice');
      expect(printed[0]).toContain('Negotiation 101');
      expect(printed[0]).toContain('https://lms.example.com/neg101');
    } finally {
      await runtime.close();
      await database.close();
    }

    database = await open();
    runtime = testRuntime(database.db, backendOf(database), localOutbound((text) => printed.push(text)), clock);
    try {
      expect(await runtime.schedulers.reconcile()).toEqual({ declared: 6, changed: 0, removed: 0 });
      expect((await runtime.queue.getJobScheduler(`training:${assignment}`))?.tz).toBe('Europe/Ljubljana');
    } finally {
      await runtime.close();
      await database.close();
    }
  });

  it('runs on PostgreSQL alone (QUEUE_BACKEND=postgres): the queue in its own schema beside Pacer\'s tables', async () => {
    const t = await createTestDatabase();
    const printed: string[] = [];
    const seed = await seedTraining(t.db, { alice: { timezone: 'Europe/Ljubljana' } }, { externalId: 'demo' });
    await t.db.updateTable('workspaces').set({ platform: 'local' }).execute();
    const assignment = await seed.assign('alice', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const backend = queueBackendFor({ backend: 'postgres', prefix: testPrefix(), concurrency: 2 }, { kind: 'postgres', url: t.url });
    const runtime = testRuntime(t.db, backend, localOutbound((text) => printed.push(text)), clock);
    try {
      const worker = await runtime.startWorker();
      const done = completion(worker);
      await runtime.add('training.tick', { assignmentId: assignment });
      expect((await done).result).toBe('posted');
      expect(printed.join('')).toContain('Negotiation 101');
      const { rows } = await sql<{ schema: string }>`select distinct table_schema as schema from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1`.execute(t.db);
      expect(rows.map((r) => r.schema)).toEqual(['bullmq', 'public']);
    } finally {
      await runtime.close();
      await t.close();
    }
  });
});

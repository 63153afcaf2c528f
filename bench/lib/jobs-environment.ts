import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { startFakeSlack, type FakeSlack } from '../../test/helpers/fake-slack.ts';
import { PG_SERVER_URL, REDIS_URL, type JobsSettings } from './jobs-settings.ts';
import { machineBusyOver } from './observe.ts';

/** What the jobs benchmark runs against: a fresh PostgreSQL database (migrated), the fake Slack and a Redis connection, each with its undo step. */

export interface JobsEnvironment {
  dbName: string;
  /** The bench database's connection string, and Pacer's connection to it (the workers' pool). */
  url: string;
  connection: DatabaseConnection;
  migrateMs: number;
  fake: FakeSlack;
  redis: Redis;
  /** The machine before anything started, and the servers' versions, for the report. */
  busyBefore: number;
  postgresVersion: string;
  redisVersion: string;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database, starts the fake Slack and connects to Redis; `defer` receives the step that undoes each. */
export async function openJobsEnvironment(
  startedAt: Date,
  settings: JobsSettings,
  defer: (step: () => Promise<unknown>) => void,
  log: (line: string) => void,
): Promise<JobsEnvironment> {
  const stamp = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `pacer_bench_jobs_${stamp}_${randomBytes(2).toString('hex')}`;
  const busyBefore = await machineBusyOver(1_000);
  const postgresVersion = await withClient(PG_SERVER_URL, async (c) => String((await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version));

  log(`creating ${dbName}`);
  await withClient(PG_SERVER_URL, (c) => c.query(`create database ${pg.escapeIdentifier(dbName)}`));
  defer(() => withClient(PG_SERVER_URL, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`)));
  const dbUrl = new URL(PG_SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  const connection = await connectDatabase({ url, poolSize: settings.poolSize });
  defer(() => connection.close());
  const started = performance.now();
  await migrateToLatest(connection.db);
  const migrateMs = performance.now() - started;

  const fake = await startFakeSlack({ postIntervalMs: settings.postIntervalMs });
  defer(() => fake.close());
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  defer(() => redis.quit());
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  return { dbName, url, connection, migrateMs, fake, redis, busyBefore, postgresVersion, redisVersion };
}

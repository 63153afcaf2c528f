import { Redis } from 'ioredis';
import type { DatabaseConnection } from '../../src/db/connect.ts';
import { startFakeSlack, type FakeSlack } from '../../test/helpers/fake-slack.ts';
import { freshBenchDatabase, PG_SERVER_URL, withClient } from './bench-database.ts';
import { REDIS_URL, type JobsSettings } from './jobs-settings.ts';
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


/** Creates the database, starts the fake Slack and connects to Redis; `defer` receives the step that undoes each. */
export async function openJobsEnvironment(
  startedAt: Date,
  settings: JobsSettings,
  defer: (step: () => Promise<unknown>) => void,
  log: (line: string) => void,
): Promise<JobsEnvironment> {
  const busyBefore = await machineBusyOver(1_000);
  const postgresVersion = await withClient(PG_SERVER_URL, async (c) => String((await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version));
  const { name: dbName, url, connection, migrateMs } = await freshBenchDatabase({ kind: 'jobs', startedAt, poolSize: settings.poolSize, defer, log });

  const fake = await startFakeSlack({ postIntervalMs: settings.postIntervalMs });
  defer(() => fake.close());
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  defer(() => redis.quit());
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  return { dbName, url, connection, migrateMs, fake, redis, busyBefore, postgresVersion, redisVersion };
}

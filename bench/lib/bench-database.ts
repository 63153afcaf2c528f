import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The machine's PostgreSQL server, where every bench creates a database of its own. */
export const PG_SERVER_URL = process.env['PACER_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One short client on a URL (CREATE/DROP DATABASE, SHOW). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  name: string;
  url: string;
  connection: DatabaseConnection;
  migrateMs: number;
}

/**
 * A new database named `pacer_bench_<kind>_<stamp>_<random>`, migrated, with its pool; `defer` gets
 * the steps that close and drop it (unless `keep`).
 */
export async function freshBenchDatabase(options: {
  kind: string;
  startedAt: Date;
  poolSize: number;
  keep?: boolean;
  defer: (step: () => Promise<unknown>) => void;
  log: (line: string) => void;
}): Promise<FreshDatabase> {
  const stamp = options.startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `pacer_bench_${options.kind}_${stamp}_${randomBytes(2).toString('hex')}`;
  options.log(`creating ${name}`);
  await withClient(PG_SERVER_URL, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
  if (options.keep) options.log(`${name} is left in place; drop it by hand`);
  else options.defer(() => withClient(PG_SERVER_URL, (c) => c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)));
  const dbUrl = new URL(PG_SERVER_URL);
  dbUrl.pathname = `/${name}`;
  const url = dbUrl.toString();
  const connection = await connectDatabase({ url, poolSize: options.poolSize });
  options.defer(() => connection.close());
  const started = performance.now();
  await migrateToLatest(connection.db);
  return { name, url, connection, migrateMs: performance.now() - started };
}

import pg from 'pg';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedBenchDatabase } from './lib/seed.ts';
const name = `pacer_bench_try_${Date.now()}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`create database ${name}`);
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
try {
  const c = await connectDatabase({ url });
  await migrateToLatest(c.db);
  await c.close();
  const r = await seedBenchDatabase(url, { teamId: 'TBENCH', reps: 1000, deals: 1_000_000, teams: 20, timezone: 'Europe/Ljubljana' });
  console.log({ ...r, repUserIds: r.repUserIds.slice(0, 3) });
} finally {
  if (!process.env.KEEP) await admin.query(`drop database ${name} with (force)`);
  else console.log(name);
  await admin.end();
}

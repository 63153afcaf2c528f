/**
 * `npm run migrate` applies pending migrations to DATABASE_URL, or to the embedded PGlite database
 * (`<PACER_DATA_DIR>/db`, default ./.pacer/db, as main.ts opens it) when no URL is set.
 * `npm run migrate -- down` reverts one step.
 *
 * Reads the two variables itself rather than through config.ts, which also demands the platform
 * secrets that migrating does not need.
 */
import { join } from 'node:path';
import { connectDatabase } from './connect.ts';
import { migrateDown, migrateToLatest } from './migrate.ts';

const direction = process.argv[2] ?? 'latest';
if (direction !== 'latest' && direction !== 'down') {
  console.error(`Usage: npm run migrate [-- latest|down]   (got "${direction}")`);
  process.exit(2);
}

const url = process.env['DATABASE_URL'] || undefined;
const dataDir = join(process.env['PACER_DATA_DIR'] || './.pacer', 'db');
const connection = await connectDatabase(url ? { url } : { dataDir });
// Never print the URL itself: it may carry a password.
const target = url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
try {
  const results = direction === 'down' ? await migrateDown(connection.db) : await migrateToLatest(connection.db);
  if (results.length === 0) console.log(`${target}: already up to date`);
  for (const r of results) console.log(`${target}: ${r.direction.toLowerCase()} ${r.migrationName}: ${r.status}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await connection.close();
}

import type { Kysely } from 'kysely';
import {
  Migrator,
  NO_MIGRATIONS,
  type MigrationResult,
  type MigrationResultSet,
  type NoMigrations,
} from 'kysely/migration';
import { migrations } from './migrations/index.ts';

export { NO_MIGRATIONS };
export type { NoMigrations };

/** Thrown when a migration fails; `results` says which ran, which failed and which were skipped. */
export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  readonly results: readonly MigrationResult[];
  constructor(message: string, results: readonly MigrationResult[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
    this.results = results;
  }
}

function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    // Pinned: other components (BullMQ's Postgres backend) may add schemas, and kysely then needs to
    // know which one holds its bookkeeping tables.
    migrationTableSchema: 'public',
  });
}

function unwrap(action: string, { error, results = [] }: MigrationResultSet): readonly MigrationResult[] {
  if (error === undefined) return results;
  const failed = results.find((r) => r.status === 'Error');
  const reason = error instanceof Error ? error.message : String(error);
  const where = failed ? ` in ${failed.migrationName} (${failed.direction.toLowerCase()})` : '';
  throw new MigrationError(`Database migration (${action}) failed${where}: ${reason}`, results, { cause: error });
}

/**
 * Applies every pending migration.
 * @example const applied = await migrateToLatest(db); // [{ migrationName, direction: 'Up', status: 'Success' }]
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<readonly MigrationResult[]> {
  return unwrap('to latest', await createMigrator(db).migrateToLatest());
}

/** Reverts the most recently applied migration (none if nothing is applied). */
export async function migrateDown<DB>(db: Kysely<DB>): Promise<readonly MigrationResult[]> {
  return unwrap('down one step', await createMigrator(db).migrateDown());
}

/**
 * Migrates up or down to exactly `target` (a migration name), or to an empty schema with `NO_MIGRATIONS`.
 * @example await migrateTo(db, NO_MIGRATIONS); // drops everything the migrations created
 */
export async function migrateTo<DB>(db: Kysely<DB>, target: string | NoMigrations): Promise<readonly MigrationResult[]> {
  if (typeof target === 'string' && !Object.hasOwn(migrations, target)) {
    throw new MigrationError(`Unknown migration "${target}"; known: ${Object.keys(migrations).join(', ')}`, []);
  }
  const label = typeof target === 'string' ? `to ${target}` : 'to nothing';
  return unwrap(label, await createMigrator(db).migrateTo(target));
}

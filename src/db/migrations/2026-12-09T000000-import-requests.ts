import { sql, type Kysely } from 'kysely';

/**
 * Imports from chat: `/pacer import deals` leaves a request here, and the file the admin then sends
 * the bot is read as that kind. Requests expire (minutes, not days) and are pruned nightly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_requests')
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('deals', 'members', 'goals', 'feedback')`))
    .addColumn('dry_run', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_requests_pkey', ['workspace_id', 'member_id'])
    .execute();
  await db.schema.createIndex('import_requests_expires_idx').on('import_requests').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_requests').execute();
}

import { sql, type Kysely } from 'kysely';

/**
 * Feedback from the field: what customers say, what is wrong or right with a product, which technique
 * closed a deal, optionally tied to a deal; and the +1s colleagues give a technique.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // The author's team when it was written, like a deal's, so moving a rep does not move their feedback.
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'bigint', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('feedback_kind_check', sql`kind in ('customer', 'product', 'technique')`)
    .execute();
  await db.schema.createIndex('feedback_workspace_created_idx').on('feedback').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('feedback_votes')
    .addColumn('feedback_id', 'integer', (c) => c.notNull().references('feedback.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('feedback_votes_pkey', ['feedback_id', 'member_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_votes').execute();
  await db.schema.dropTable('feedback').execute();
}

import { sql, type Kysely } from 'kysely';

/**
 * Conversations Pacer was installed in (a 1:1 chat, a group chat, a channel), with what a proactive
 * post needs later: the platform's conversation id and, for Teams, the Bot Framework service URL that
 * conversation is served from. One row per workspace and conversation: installs repeat (Teams sends
 * both `installationUpdate` and `conversationUpdate`), and a repeat refreshes the service URL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text')
    .addColumn('kind', 'text')
    // The installer; the conversation outlives them.
    .addColumn('installed_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('conversations_workspace_conversation_key', ['workspace_id', 'conversation_id'])
    .addCheckConstraint('conversations_kind_check', sql`kind in ('direct', 'group', 'channel')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversations').execute();
}

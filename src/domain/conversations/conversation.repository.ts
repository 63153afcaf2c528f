import type { Db } from '../../db/database.ts';
import type { Conversation, NewConversation } from './conversation.table.ts';

/**
 * Remembers a conversation, idempotently: a repeat (Teams announces an install twice) refreshes the
 * service URL, and fills the kind and installer only where they were unknown.
 */
export async function upsertConversation(db: Db, row: Omit<NewConversation, 'created_at' | 'updated_at'>, now: Date): Promise<Conversation> {
  return db
    .insertInto('conversations')
    .values({ ...row, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'conversation_id']).doUpdateSet((eb) => ({
        service_url: eb.fn.coalesce('excluded.service_url', 'conversations.service_url'),
        kind: eb.fn.coalesce('conversations.kind', 'excluded.kind'),
        installed_by: eb.fn.coalesce('conversations.installed_by', 'excluded.installed_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findConversation(db: Db, workspaceId: number, conversationId: string): Promise<Conversation | undefined> {
  return db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId).executeTakeFirst();
}

/** The service URL most recently seen for a workspace's conversations (where a new 1:1 chat is opened). */
export async function latestServiceUrl(db: Db, workspaceId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('conversations')
    .select('service_url')
    .where('workspace_id', '=', workspaceId)
    .where('service_url', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.service_url ?? undefined;
}

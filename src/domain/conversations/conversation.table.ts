import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ConversationKind } from '../../bot/ports.ts';

/** A conversation Pacer was installed in, remembered so later features can post there unprompted. */
export interface ConversationTable {
  id: Generated<number>;
  workspace_id: number;
  /** The platform's id for the conversation (Slack channel id, Teams `19:…` / `a:…`). */
  conversation_id: string;
  /** Teams: the Bot Framework service URL serving this conversation (refreshed by every install event). */
  service_url: string | null;
  kind: ConversationKind | null;
  /** The member who installed Pacer here, if known. */
  installed_by: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type Conversation = Selectable<ConversationTable>;
export type NewConversation = Insertable<ConversationTable>;

export interface PartialDB {
  conversations: ConversationTable;
}

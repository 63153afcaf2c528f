import type { ColumnType } from 'kysely';

/**
 * Inbound deliveries already handled, so a platform's retry (or a double click) does the work once.
 * The key is the platform's own id for the delivery (Slack trigger_id, Teams activity id).
 */
export interface InboundDeliveryTable {
  platform: string;
  key: string;
  created_at: ColumnType<Date, never, never>;
}

export interface PartialDB {
  inbound_deliveries: InboundDeliveryTable;
}

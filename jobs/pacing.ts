import { sql } from 'kysely';
import type { Platform } from '../src/bot/ports.ts';
import type { Db } from '../src/db/database.ts';

/**
 * How often one conversation may receive a post, per platform: Slack allows about one message per
 * second per channel; Teams 7 per second per conversation (its adapter also paces the finer windows).
 */
export const POST_INTERVAL_MS: Record<Platform, number> = { slack: 1_000, teams: 143, local: 0 };

/**
 * Reserves the next free moment to post into a conversation and returns it (epoch ms). Every worker
 * shares the row, so two workers never post into one channel closer than the interval: a job whose
 * slot is later than now waits for it as a delayed job, not by sleeping in a worker.
 */
export async function reserveSlot(db: Db, conversationKey: string, intervalMs: number, now: Date): Promise<number> {
  if (intervalMs <= 0) return now.getTime();
  const interval = `${intervalMs} milliseconds`;
  const row = await sql<{ slot: Date }>`
    insert into send_slots (conversation_key, next_at) values (${conversationKey}, ${now}::timestamptz + ${interval}::interval)
    on conflict (conversation_key) do update set next_at = greatest(send_slots.next_at, ${now}::timestamptz) + ${interval}::interval
    returning next_at - ${interval}::interval as slot`.execute(db);
  const slot = row.rows[0]?.slot;
  return slot === undefined ? now.getTime() : new Date(slot).getTime();
}

/** The platform asked us to wait: nothing goes into that conversation before `until`. */
export async function holdConversation(db: Db, conversationKey: string, until: Date): Promise<void> {
  await sql`
    insert into send_slots (conversation_key, next_at) values (${conversationKey}, ${until})
    on conflict (conversation_key) do update set next_at = greatest(send_slots.next_at, ${until})`.execute(db);
}

/** Forgets slots long past (nightly): a conversation idle for an hour starts fresh. */
export async function pruneSlots(db: Db, now: Date): Promise<bigint> {
  const result = await db.deleteFrom('send_slots').where('next_at', '<', new Date(now.getTime() - 3_600_000)).executeTakeFirst();
  return result.numDeletedRows;
}

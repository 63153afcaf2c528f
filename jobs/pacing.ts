import { sql } from 'kysely';
import type { Platform } from '../src/bot/ports.ts';
import type { Db } from '../src/db/database.ts';

/**
 * How often one conversation may receive a post, per platform: Slack allows about one message per
 * second per channel; Teams 7 per second per conversation (its adapter also paces the finer windows).
 *
 * Two rows of defence, both in `send_slots`, shared by every worker:
 * - **slots** spread the jobs out: each reserves the next free start time, and a later one waits for
 *   it as a delayed job (no worker sleeps);
 * - **quiet_until** guards the wire: posting into a conversation locks its row, checks that the last
 *   post *finished* at least the interval ago (a job that started on time may still land early after a
 *   slow predecessor), posts, and sets the next quiet moment. A 429 sets it to the `Retry-After`.
 */
export const POST_INTERVAL_MS: Record<Platform, number> = { slack: 1_000, teams: 143, local: 0 };

/** Reserves the next free start time for a post into a conversation and returns it (epoch ms). */
export async function reserveSlot(db: Db, conversationKey: string, intervalMs: number, from: Date): Promise<number> {
  if (intervalMs <= 0) return from.getTime();
  const interval = `${intervalMs} milliseconds`;
  const row = await sql<{ slot: Date }>`
    insert into send_slots (conversation_key, next_at) values (${conversationKey}, ${from}::timestamptz + ${interval}::interval)
    on conflict (conversation_key) do update set next_at = greatest(send_slots.next_at, ${from}::timestamptz) + ${interval}::interval
    returning next_at - ${interval}::interval as slot`.execute(db);
  const slot = row.rows[0]?.slot;
  return slot === undefined ? from.getTime() : new Date(slot).getTime();
}

/**
 * Inside the posting transaction: takes the conversation's row (so posts into one conversation go one
 * at a time) and says how long until it may be posted into (0: now).
 */
export async function claimConversation(db: Db, conversationKey: string): Promise<number> {
  const row = await sql<{ wait_ms: number | null }>`
    select greatest(0, ceil(extract(epoch from (quiet_until - clock_timestamp())) * 1000))::float8 as wait_ms
    from send_slots where conversation_key = ${conversationKey} for update`.execute(db);
  return row.rows[0]?.wait_ms ?? 0;
}

/** After a post: nothing more lands there for the interval, counted from now (the post's end). */
export async function quietAfterPost(db: Db, conversationKey: string, intervalMs: number): Promise<void> {
  if (intervalMs <= 0) return;
  await sql`update send_slots set quiet_until = clock_timestamp() + ${`${intervalMs} milliseconds`}::interval
    where conversation_key = ${conversationKey}`.execute(db);
}

/** The platform asked us to wait: nothing goes into that conversation before `until`, and new slots start there. */
export async function holdConversation(db: Db, conversationKey: string, until: Date): Promise<void> {
  await sql`
    insert into send_slots (conversation_key, next_at, quiet_until) values (${conversationKey}, ${until}, ${until})
    on conflict (conversation_key) do update set
      next_at = greatest(send_slots.next_at, ${until}), quiet_until = greatest(send_slots.quiet_until, ${until})`.execute(db);
}

/** Forgets conversations quiet for an hour (nightly): they start fresh. */
export async function pruneSlots(db: Db, now: Date): Promise<bigint> {
  const result = await db.deleteFrom('send_slots').where('next_at', '<', new Date(now.getTime() - 3_600_000)).executeTakeFirst();
  return result.numDeletedRows;
}

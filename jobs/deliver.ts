import type { Kysely } from 'kysely';
import { PacerFault } from '../src/bot/errors.ts';
import type { ConversationKind, ConversationRef, Outbound, PostedRef, WorkspaceRef } from '../src/bot/ports.ts';
import type { Database } from '../src/db/database.ts';
import { findConversation, latestServiceUrl } from '../src/domain/conversations/conversation.repository.ts';
import type { Workspace } from '../src/domain/workspaces/workspace.table.ts';
import type { Message } from '../src/messages/message.ts';
import { claimConversation, holdConversation, POST_INTERVAL_MS, quietAfterPost, reserveSlot } from './pacing.ts';

/** What makes a post unique: a job that runs twice for the same key posts once. */
export interface PostKey {
  kind: string;
  /** `member:12`, `channel:C123`. */
  recipient: string;
  /** The occurrence: `2026-W49`, `<assignment>:<day>`, or a job id for one-off posts. */
  period: string;
}

export type Destination = { kind: 'direct'; userId: string } | { kind: 'channel'; conversationId: string; threadId?: string };

/**
 * How a delivery waits without holding a worker: the job is moved to the delayed set until the given
 * moment (the worker takes other jobs meanwhile). `slotAt` is a send slot the job already holds, so
 * when it runs again it uses that slot instead of taking another.
 */
export interface JobControl {
  slotAt?: number;
  delay(untilMs: number, slotAt?: number): Promise<never>;
}

export interface DeliverDeps {
  db: Kysely<Database>;
  outbound: Outbound;
}

export type Delivered = 'posted' | 'duplicate';

/** Thrown inside the posting transaction when the conversation is not ready yet: rolls the claim back. */
class NotYet extends Error {
  readonly until: number;
  constructor(until: number) {
    super('conversation not ready');
    this.until = until;
  }
}

/**
 * Posts a message once per key, paced per conversation.
 *
 * 1. Where it goes is settled first (opening a DM is a platform call, cached by the outbound).
 * 2. The conversation's next start slot is reserved; a later slot delays the job until then.
 * 3. In one transaction: the key is inserted (a second run blocks on the unique index until the first
 *    commits, then finds it taken); the conversation's row is locked and its quiet time checked; the
 *    message is posted; the post and the next quiet time are recorded. A failed post rolls the key back
 *    so the retry can post. A crash between the platform's answer and the commit can still post twice:
 *    at least once is the promise, once is what happens short of that.
 * 4. A 429 holds the conversation for its `Retry-After` and delays the job to a slot after it.
 */
export async function deliverOnce(deps: DeliverDeps, control: JobControl, workspace: Workspace, key: PostKey, to: Destination, message: Message): Promise<Delivered> {
  return deliverOnceWith(deps, control, workspace, key, to, { prepare: async () => message, send: (target, ready) => deps.outbound.post(target, ready) });
}

/** How `deliverOnceWith` sends: what to ready first, and the send itself. */
export interface Sending<T> {
  /**
   * Work the send needs that must not run inside its transaction (it may write to the database,
   * which on the embedded PGlite waits for that transaction): done once the send's slot has come,
   * so a job delayed for its slot has not done it yet. It may still run again (a retry after a
   * failed send), so what it keeps must be harmless to keep twice.
   */
  prepare: () => Promise<T>;
  /** The send, inside the transaction that holds the key; a send that names no message records the conversation alone. */
  send: (target: ConversationRef, ready: T) => Promise<PostedRef | undefined>;
}

/** `deliverOnce` for any way of sending (a file upload): the same key, pacing and rollback around the send. */
export async function deliverOnceWith<T>(deps: DeliverDeps, control: JobControl, workspace: Workspace, key: PostKey, to: Destination, sending: Sending<T>): Promise<Delivered> {
  const { db } = deps;
  const ref: WorkspaceRef = { platform: workspace.platform, externalId: workspace.external_id };
  const interval = POST_INTERVAL_MS[ref.platform];
  const target = to.kind === 'direct'
    ? await deps.outbound.openDirect(ref, to.userId)
    : { ...(await conversationRef(deps, workspace, to.conversationId, 'channel')), ...(to.threadId && { threadId: to.threadId }) };
  const conversationKey = `${ref.platform}:${ref.externalId}:${target.conversationId}`;
  const now = Date.now();
  if (control.slotAt === undefined || control.slotAt > now) {
    const slot = await reserveSlot(db, conversationKey, interval, new Date(now));
    if (slot > now) return control.delay(slot, slot);
  }

  const ready = await sending.prepare();
  try {
    return await db.transaction().execute(async (trx) => {
      const claimed = await trx.insertInto('job_posts')
        .values({ workspace_id: workspace.id, kind: key.kind, recipient: key.recipient, period: key.period })
        .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'recipient', 'period']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return 'duplicate';
      if (interval > 0) {
        const wait = await claimConversation(trx, conversationKey);
        if (wait > 0) throw new NotYet(Date.now() + wait);
      }
      const posted = await sending.send(target, ready);
      await quietAfterPost(trx, conversationKey, interval);
      await trx.updateTable('job_posts')
        .set({ conversation_id: posted?.conversation.conversationId ?? target.conversationId, message_id: posted?.messageId ?? null })
        .where('id', '=', claimed.id).execute();
      return 'posted' as const;
    });
  } catch (error) {
    if (error instanceof NotYet) return control.delay(error.until, error.until);
    if (error instanceof PacerFault && error.code === 'rate_limited') {
      const until = new Date(Date.now() + (error.retryAfterMs ?? interval * 5));
      await holdConversation(db, conversationKey, until);
      const slot = await reserveSlot(db, conversationKey, interval, until);
      return control.delay(slot, slot);
    }
    throw error;
  }
}

/** A stored conversation as the outbound port needs it: on Teams with the service URL it is served from. */
export async function conversationRef(deps: Pick<DeliverDeps, 'db'>, workspace: Workspace, conversationId: string, kind: ConversationKind): Promise<ConversationRef> {
  const ref: ConversationRef = { platform: workspace.platform, workspaceExternalId: workspace.external_id, conversationId, kind };
  if (workspace.platform !== 'teams') return ref;
  const serviceUrl = (await findConversation(deps.db, workspace.id, conversationId))?.service_url ?? (await latestServiceUrl(deps.db, workspace.id));
  if (!serviceUrl) throw new PacerFault('config', `No Teams service URL known for conversation ${conversationId}`);
  return { ...ref, serviceUrl };
}

/** Whether a key has been delivered already (a retry after success need not even prepare what it sends). */
export async function isDelivered(db: Kysely<Database>, workspaceId: number, key: PostKey): Promise<boolean> {
  const row = await db.selectFrom('job_posts').select('id')
    .where('workspace_id', '=', workspaceId).where('kind', '=', key.kind).where('recipient', '=', key.recipient).where('period', '=', key.period)
    .executeTakeFirst();
  return row !== undefined;
}

/** The message a key posted, once it has (to thread replies under it, or update it). */
export async function postedMessage(db: Kysely<Database>, workspaceId: number, key: PostKey): Promise<string | undefined> {
  const row = await db.selectFrom('job_posts').select('message_id')
    .where('workspace_id', '=', workspaceId).where('kind', '=', key.kind).where('recipient', '=', key.recipient).where('period', '=', key.period)
    .executeTakeFirst();
  return row?.message_id ?? undefined;
}

/**
 * A post with pages (a big team's table): the head once per key in the channel, then each page once in
 * the head's thread. Returns what became of the head.
 */
export async function deliverWithPages(deps: DeliverDeps, control: JobControl, workspace: Workspace, key: PostKey, conversationId: string, posts: { head: Message; pages: Message[] }): Promise<Delivered> {
  const head = await deliverOnce(deps, control, workspace, key, { kind: 'channel', conversationId }, posts.head);
  const threadId = posts.pages.length > 0 ? await postedMessage(deps.db, workspace.id, key) : undefined;
  for (const [i, page] of posts.pages.entries()) {
    if (!threadId) break;
    await deliverOnce(deps, control, workspace, { ...key, period: `${key.period}:page:${i + 1}` }, { kind: 'channel', conversationId, threadId }, page);
  }
  return head;
}

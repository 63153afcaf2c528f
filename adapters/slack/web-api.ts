import { readFile } from 'node:fs/promises';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { PacerFault } from '../../src/bot/errors.ts';
import type { ConversationRef, Directory, OutgoingFile, Outbound, PlatformProfile, PostedRef, WorkspaceRef } from '../../src/bot/ports.ts';
import type { Message } from '../../src/messages/message.ts';
import { slackFileReader } from './files.ts';
import { boltLogger } from './log.ts';
import { renderMessage } from './render.ts';

export type SlackWebClient = webApi.WebClient;

export const SLACK_API_URL = 'https://slack.com/api/';

export interface SlackClientConfig {
  /** Base URL of the Web API; tests point it at a fake on loopback. Default Slack's. */
  apiUrl?: string;
  /**
   * Retries of a failed call (network error, 5xx, 429). Default 2, quickly: a person is waiting for
   * most calls, and the WebClient's own default (10 retries over ~30 minutes) would hold a reply for
   * far longer than anyone waits. Jobs retry through BullMQ on top of this.
   */
  retries?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /**
   * Throw on a 429 at once (with Slack's Retry-After on the fault) instead of waiting inside the call.
   * Workers set it: the job is delayed for that long and the worker goes on with other channels.
   */
  rejectRateLimited?: boolean;
  logger?: Logger;
}

/**
 * The options both our WebClient and Bolt's `App` (its `clientOptions`) use, so every call to Slack,
 * ours or Bolt's, goes to the same base URL with the same retry policy and logger.
 */
export function slackClientOptions(config: SlackClientConfig): webApi.WebClientOptions {
  const apiUrl = config.apiUrl ?? SLACK_API_URL;
  return {
    // The WebClient appends the method name to this verbatim, so it must end with a slash.
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    retryConfig: { retries: config.retries ?? 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true },
    timeout: config.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: config.rejectRateLimited ?? false,
    // Absolute URLs as method names would let a crafted method reach another host with our token.
    allowAbsoluteUrls: false,
    ...(config.logger && { logger: boltLogger(config.logger) }),
  };
}

/**
 * A Web API client for one bot token.
 *
 *   const client = createSlackClient({ token: config.slack.botToken, apiUrl: fake.apiUrl, retries: 0 })
 */
export function createSlackClient(config: SlackClientConfig & { token: string }): SlackWebClient {
  return new webApi.WebClient(config.token, slackClientOptions(config));
}

export interface SlackDirectoryOptions {
  /** How long a profile is reused. Default 5 minutes: long enough for a burst, short enough for renames. */
  ttlMs?: number;
  /** Most profiles kept; the oldest go first. Default 5,000. */
  maxEntries?: number;
  /** Injected clock (ms). */
  now?: () => number;
}

interface CacheEntry {
  expiresAt: number;
  profile: Promise<PlatformProfile | undefined>;
}

/**
 * `Directory` over `users.info`. Lookups are cached per workspace and user, and the cache holds the
 * in-flight promise, so a burst of commands from one person costs one call. Failures are not cached.
 *
 *   const directory = slackDirectory(client)
 *   await directory.lookupUser({ platform: 'slack', externalId: 'T1' }, 'U1') // { displayName: 'alice', … }
 */
export function slackDirectory(client: SlackWebClient, options: SlackDirectoryOptions = {}): Directory {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  return {
    lookupUser(workspace: WorkspaceRef, userId: string): Promise<PlatformProfile | undefined> {
      const key = `${workspace.externalId}:${userId}`;
      const cached = cache.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.profile;
      cache.delete(key);

      const entry: CacheEntry = { expiresAt: now() + ttlMs, profile: fetchProfile(client, userId) };
      cache.set(key, entry);
      // A Map iterates in insertion order, so the first key is the oldest.
      while (cache.size > maxEntries) {
        const oldest = cache.keys().next();
        if (oldest.done === true) break;
        cache.delete(oldest.value);
      }
      entry.profile.catch(() => {
        if (cache.get(key) === entry) cache.delete(key);
      });
      return entry.profile;
    },
  };
}

async function fetchProfile(client: SlackWebClient, userId: string): Promise<PlatformProfile | undefined> {
  let result: webApi.UsersInfoResponse;
  try {
    result = await client.users.info({ user: userId, include_locale: true });
  } catch (error) {
    const slackError = slackErrorCode(error);
    // Gone or hidden from the bot: an expected answer, not a fault.
    if (slackError === 'user_not_found' || slackError === 'user_not_visible') return undefined;
    throw platformFault('users.info', error);
  }
  const user = result.user;
  if (user === undefined || user.id === undefined) return undefined;
  const displayName = nonEmpty(user.profile?.display_name) ?? nonEmpty(user.real_name) ?? nonEmpty(user.name) ?? user.id;
  return {
    userId: user.id,
    displayName,
    isPlatformAdmin: user.is_admin === true || user.is_owner === true || user.is_primary_owner === true,
    ...(user.tz !== undefined && { timezone: user.tz }),
    ...(user.locale !== undefined && { locale: user.locale }),
    isBot: user.is_bot === true,
  };
}

/**
 * `Outbound` over the Web API. Each message is rendered once, here, to Block Kit plus its fallback text.
 *
 *   const posted = await slackOutbound(client).post(channelRef, message)
 */
export function slackOutbound(client: SlackWebClient): Outbound & Required<Pick<Outbound, 'postEphemeral' | 'sendFile' | 'openFile' | 'findUserByEmail'>> {
  return {
    ...slackFileReader(client),
    async post(to: ConversationRef, message: Message): Promise<PostedRef> {
      const { text, blocks } = renderMessage(message);
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel: to.conversationId, text, blocks, ...(to.threadId && { thread_ts: to.threadId }) }),
      );
      if (result.ts === undefined) throw new PacerFault('platform', 'chat.postMessage returned no ts');
      // Posting to a user id lands in the DM, whose id Slack returns: updates must use that one.
      const conversation = result.channel === undefined ? to : { ...to, conversationId: result.channel };
      return { conversation, messageId: result.ts };
    },

    async update(ref: PostedRef, message: Message): Promise<void> {
      const { text, blocks } = renderMessage(message);
      await call('chat.update', () => client.chat.update({ channel: ref.conversation.conversationId, ts: ref.messageId, text, blocks }));
    },

    async postEphemeral(to: ConversationRef, userId: string, message: Message): Promise<void> {
      const { text, blocks } = renderMessage(message);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: to.conversationId,
          user: userId,
          text,
          blocks,
          ...(to.threadId && { thread_ts: to.threadId }),
        }),
      );
    },

    /**
     * `files.uploadV2`: the WebClient asks for an upload URL (`files.getUploadURLExternal`), posts the
     * bytes there, and shares the file in the conversation with the message's text as its comment
     * (`files.completeUploadExternal`). The WebClient holds the whole file in memory while it uploads
     * (it reads a stream into a buffer too), so the file is read here, once, when it is sent.
     * Slack names no message for a shared file: nothing is returned to update later.
     */
    async sendFile(to: ConversationRef, file: OutgoingFile, message: Message): Promise<undefined> {
      const content = await readFile(file.path);
      const { text } = renderMessage(message);
      await call('files.uploadV2', () =>
        client.filesUploadV2({ channel_id: to.conversationId, file: content, filename: file.name, title: file.title, initial_comment: text }),
      );
      return undefined;
    },

    async openDirect(workspace: WorkspaceRef, userId: string): Promise<ConversationRef> {
      const result = await call('conversations.open', () => client.conversations.open({ users: userId }));
      const id = result.channel?.id;
      if (id === undefined) throw new PacerFault('platform', 'conversations.open returned no channel');
      return { platform: 'slack', workspaceExternalId: workspace.externalId, conversationId: id };
    },
  };
}

/**
 * Slack's own error code (`channel_not_found`, …) of a failed Web API call, if it was one; looks
 * through one wrapper (our PacerFault keeps the WebClient's error as its cause).
 */
export function slackErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 2) return undefined;
  const data: unknown = Reflect.get(error, 'data');
  if (typeof data === 'object' && data !== null) {
    const code: unknown = Reflect.get(data, 'error');
    if (typeof code === 'string') return code;
  }
  const cause: unknown = Reflect.get(error, 'cause');
  return slackErrorCode(cause, depth + 1);
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw platformFault(method, error);
  }
}

/** Wraps a Web API failure at the adapter boundary: the core sees a coded fault, never a Slack class. */
function platformFault(method: string, error: unknown): PacerFault {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  const rateLimited = code === webApi.ErrorCode.RateLimitedError;
  const detail = slackErrorCode(error) ?? (error instanceof Error ? error.name : 'unknown error');
  const retryAfter: unknown = rateLimited && typeof error === 'object' && error !== null ? Reflect.get(error, 'retryAfter') : undefined;
  return new PacerFault(rateLimited ? 'rate_limited' : 'platform', `Slack ${method} failed: ${detail}`, {
    cause: error,
    ...(typeof retryAfter === 'number' && { retryAfterMs: retryAfter * 1000 }),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

import type { Middleware, MiddlewareContext, MiddlewareNext } from '@microsoft/teams.common';

/**
 * Pacing and retrying of the bot's calls to the Bot Connector, as one `client.middlewares` entry on
 * the Teams App. A middleware (rather than a wrapper around Pacer's own calls) sees every connector
 * call: replies sent through `ctx.send` while handling an activity as well as proactive posts through
 * `teamsOutbound`, since clones of the App's client (`app.api.clone(…)`) copy its middlewares.
 */

/** At most `limit` sends per `ms` milliseconds. */
export interface RateWindow {
  limit: number;
  ms: number;
}

/**
 * Microsoft's limits per bot per conversation for sending: 7 per 1 s, 8 per 2 s, 60 per 30 s (the
 * 1,800 per hour limit is left to the 429 retry: keeping an hour of timestamps per conversation costs
 * more than the rare 429 it would save).
 */
export const TEAMS_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
];

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Real time. Tests use `vi.useFakeTimers()`, which fakes both `Date.now` and `setTimeout`. */
export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ConversationLimiter {
  /** Resolves when one more send to `key` fits every window; waiters go in arrival order. */
  acquire(key: string): Promise<void>;
  /** How many conversations have state (tests: idle ones are forgotten). */
  size(): number;
}

interface Lane {
  /** Send times still inside the longest window, oldest first. */
  stamps: number[];
  /** The tail of this conversation's queue. */
  tail: Promise<void>;
  pending: number;
}

/**
 * A sliding-window limiter per conversation: each conversation has a FIFO queue, and a send waits
 * until it fits every window. It holds no timer while idle (a wait is one `sleep`, only while someone
 * waits), and conversations with nothing pending and no send inside the longest window are forgotten
 * on a later acquire.
 */
export function createConversationLimiter(options: { windows?: readonly RateWindow[]; clock?: LimiterClock } = {}): ConversationLimiter {
  const windows = options.windows ?? TEAMS_CONVERSATION_WINDOWS;
  const clock = options.clock ?? realClock;
  const longest = Math.max(...windows.map((w) => w.ms));
  const lanes = new Map<string, Lane>();
  let acquires = 0;

  /** Milliseconds until one more send fits every window (0: now). */
  function waitFor(stamps: readonly number[], now: number): number {
    let wait = 0;
    for (const { limit, ms } of windows) {
      const inside = stamps.filter((at) => at > now - ms);
      if (inside.length < limit) continue;
      // The send that must leave the window first: the limit-th newest.
      const leaving = inside[inside.length - limit];
      if (leaving !== undefined) wait = Math.max(wait, leaving + ms - now);
    }
    return wait;
  }

  function sweep(now: number): void {
    for (const [key, lane] of lanes) {
      const last = lane.stamps.at(-1);
      if (lane.pending === 0 && (last === undefined || last <= now - longest)) lanes.delete(key);
    }
  }

  async function take(lane: Lane): Promise<void> {
    for (;;) {
      const now = clock.now();
      while (lane.stamps.length > 0 && (lane.stamps[0] ?? now) <= now - longest) lane.stamps.shift();
      const wait = waitFor(lane.stamps, now);
      if (wait <= 0) {
        lane.stamps.push(now);
        return;
      }
      await clock.sleep(wait);
    }
  }

  return {
    acquire(key) {
      acquires += 1;
      if (acquires % 64 === 0) sweep(clock.now());
      let lane = lanes.get(key);
      if (lane === undefined) {
        lane = { stamps: [], tail: Promise.resolve(), pending: 0 };
        lanes.set(key, lane);
      }
      const current = lane;
      current.pending += 1;
      const turn = current.tail.then(() => take(current));
      current.tail = turn.finally(() => {
        current.pending -= 1;
      });
      return turn;
    },
    size: () => lanes.size,
  };
}

/** Statuses worth another try: throttled (429), a precondition race (412), gateway trouble (502, 504). */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** Backoff without a Retry-After: base × 2^(attempt−1). Default 1,000 ms. */
  baseDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. Default 30 s. */
  maxDelayMs?: number;
  /** How a retry waits. Default a timer; tests record the delays instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry (the adapter logs it). */
  onRetry?: (retry: { status: number; attempt: number; attempts: number; delayMs: number; conversation?: string }) => void;
}

export interface PacingOptions {
  limiter?: ConversationLimiter;
  retry?: RetryOptions;
}

/**
 * The conversation a connector call sends to, when it is one that sends: POST …/activities (a post
 * or a reply) and PUT …/activities/:id (an update). Reads, deletes and other APIs are not paced.
 */
export function pacedConversation(method: string | undefined, url: string | undefined): string | undefined {
  const verb = method?.toLowerCase();
  if (url === undefined || (verb !== 'post' && verb !== 'put')) return undefined;
  const path = url.split('?')[0] ?? url;
  const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?\/?$/.exec(path);
  return match?.[1];
}

/** The HTTP status of a failed Bot Connector call, if it had a response. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const response: unknown = Reflect.get(error, 'response');
  const status: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'status') : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** `Retry-After` of an error's response in milliseconds: delta seconds or an HTTP date. */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const response: unknown = Reflect.get(error, 'response');
  const headers: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'headers') : undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const raw: unknown = Reflect.get(headers, 'retry-after') ?? Reflect.get(headers, 'Retry-After');
  const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The middleware: each send waits for its conversation's turn, and a 429/412/502/504 is tried again
 * (after `Retry-After` when given, else exponential backoff), at most `attempts` times in all; any
 * other error, or the last one, goes to the caller unchanged. Every retry takes a new turn.
 */
export function teamsPacingMiddleware(options: PacingOptions = {}): Middleware {
  const limiter = options.limiter ?? createConversationLimiter();
  const attempts = Math.max(1, options.retry?.attempts ?? 3);
  const baseDelayMs = options.retry?.baseDelayMs ?? 1_000;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const sleep = options.retry?.sleep ?? realClock.sleep;
  return {
    async invoke<R, D>(context: MiddlewareContext<D>, next: MiddlewareNext<R>): Promise<R> {
      const conversation = pacedConversation(context.config.method, context.config.url);
      for (let attempt = 1; ; attempt += 1) {
        if (conversation !== undefined) await limiter.acquire(conversation);
        try {
          return await next();
        } catch (error) {
          const status = statusOf(error);
          if (status === undefined || !RETRIED_STATUSES.has(status) || attempt >= attempts) throw error;
          const delay = retryAfterMs(error, Date.now()) ?? baseDelayMs * 2 ** (attempt - 1);
          if (delay > maxDelayMs) throw error;
          options.retry?.onRetry?.({ status, attempt: attempt + 1, attempts, delayMs: delay, ...(conversation !== undefined && { conversation }) });
          await sleep(delay);
        }
      }
    },
  };
}

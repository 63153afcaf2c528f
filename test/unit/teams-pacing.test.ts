import type { MiddlewareContext } from '@microsoft/teams.common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createConversationLimiter,
  pacedConversation,
  retryAfterMs,
  teamsPacingMiddleware,
  type ConversationLimiter,
} from '../../adapters/teams/pacing.ts';

/** Acquires `n` turns for `key` and reports how many were granted so far, as they resolve. */
function acquireMany(limiter: ConversationLimiter, key: string, n: number): { granted: () => number; all: Promise<void> } {
  let granted = 0;
  const turns = Array.from({ length: n }, () => limiter.acquire(key).then(() => void (granted += 1)));
  return { granted: () => granted, all: Promise.all(turns).then(() => undefined) };
}

describe('per-conversation limiter (fake timers, no sleeps)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-01T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets 7 through at once and the 8th only after the first leaves the 1 s window', async () => {
    const limiter = createConversationLimiter({ windows: [{ limit: 7, ms: 1_000 }, { limit: 60, ms: 30_000 }] });
    const run = acquireMany(limiter, 'a:chat', 8);
    await vi.advanceTimersByTimeAsync(0);
    expect(run.granted()).toBe(7);
    await vi.advanceTimersByTimeAsync(999);
    expect(run.granted()).toBe(7);
    await vi.advanceTimersByTimeAsync(1);
    expect(run.granted()).toBe(8);
    await run.all;
  });

  it('holds the 61st send until the first is 30 s old', async () => {
    const limiter = createConversationLimiter({ windows: [{ limit: 7, ms: 1_000 }, { limit: 60, ms: 30_000 }] });
    const start = Date.now();
    const run = acquireMany(limiter, 'a:chat', 61);
    // 7 a second: 60 sends take until 8 s (7 × 8 = 56 by 7 s, the last 4 at 8 s).
    await vi.advanceTimersByTimeAsync(9_000);
    expect(run.granted()).toBe(60);
    await vi.advanceTimersByTimeAsync(30_000 - 9_000 - 1);
    expect(run.granted()).toBe(60);
    await vi.advanceTimersByTimeAsync(1);
    expect(run.granted()).toBe(61);
    expect(Date.now() - start).toBe(30_000);
    await run.all;
  });

  it('keeps conversations apart: one busy chat does not slow another', async () => {
    const limiter = createConversationLimiter({ windows: [{ limit: 7, ms: 1_000 }] });
    const busy = acquireMany(limiter, 'a:busy', 10);
    const quiet = acquireMany(limiter, 'a:quiet', 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(busy.granted()).toBe(7);
    expect(quiet.granted()).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    await busy.all;
  });

  it('leaves no timer behind when idle, and forgets idle conversations', async () => {
    const limiter = createConversationLimiter({ windows: [{ limit: 2, ms: 1_000 }] });
    const run = acquireMany(limiter, 'a:0', 3);
    await vi.advanceTimersByTimeAsync(1_000);
    await run.all;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    // The sweep runs every 64 acquires: 63 more conversations trigger it.
    for (let i = 1; i <= 63; i += 1) await limiter.acquire(`a:${i}`);
    expect(limiter.size()).toBe(63);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the default windows include Teams’ 8 per 2 s', async () => {
    const limiter = createConversationLimiter();
    const run = acquireMany(limiter, 'a:chat', 9);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run.granted()).toBe(8);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run.granted()).toBe(9);
    await run.all;
  });
});

describe('retry middleware', () => {
  const silent = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, log() {}, child() { return silent; } };
  const context = (method: string, url: string): MiddlewareContext<unknown> => ({ config: { method, url }, log: silent });
  const httpError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${status}`), { response: { status, headers } });

  /** A connector call that fails with the given errors, then succeeds; counts attempts. */
  function scripted(errors: Error[]) {
    let attempts = 0;
    return {
      attempts: () => attempts,
      next: async () => {
        attempts += 1;
        const error = errors.shift();
        if (error !== undefined) throw error;
        return 'ok';
      },
    };
  }

  it('retries 429 after Retry-After, then succeeds', async () => {
    const delays: number[] = [];
    const middleware = teamsPacingMiddleware({ retry: { sleep: async (ms) => void delays.push(ms) } });
    const call = scripted([httpError(429, { 'retry-after': '2' })]);
    await expect(middleware.invoke(context('post', 'https://smba.example/v3/conversations/a:1/activities'), call.next)).resolves.toBe('ok');
    expect(call.attempts()).toBe(2);
    expect(delays).toEqual([2_000]);
  });

  it('backs off exponentially on 502/504/412 and gives up after 3 attempts', async () => {
    const delays: number[] = [];
    const middleware = teamsPacingMiddleware({ retry: { sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 } });
    const call = scripted([httpError(502), httpError(504), httpError(412)]);
    await expect(middleware.invoke(context('post', 'https://smba.example/v3/conversations/a:1/activities'), call.next)).rejects.toThrow('HTTP 412');
    expect(call.attempts()).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry a 400, nor wait for a Retry-After beyond the cap', async () => {
    const delays: number[] = [];
    const middleware = teamsPacingMiddleware({ retry: { sleep: async (ms) => void delays.push(ms), maxDelayMs: 5_000 } });
    const bad = scripted([httpError(400)]);
    await expect(middleware.invoke(context('post', 'https://smba.example/v3/conversations/a:1/activities'), bad.next)).rejects.toThrow('HTTP 400');
    expect(bad.attempts()).toBe(1);
    const long = scripted([httpError(429, { 'retry-after': '60' })]);
    await expect(middleware.invoke(context('post', 'https://smba.example/v3/conversations/a:1/activities'), long.next)).rejects.toThrow('HTTP 429');
    expect(long.attempts()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('paces sends (and only sends) through the limiter, keyed by conversation', async () => {
    const keys: string[] = [];
    const limiter: ConversationLimiter = { acquire: async (key) => void keys.push(key), size: () => 0 };
    const middleware = teamsPacingMiddleware({ limiter });
    const ok = async () => 'ok';
    await middleware.invoke(context('post', 'https://smba.example/v3/conversations/19:abc@thread.tacv2;messageid=1/activities'), ok);
    await middleware.invoke(context('put', 'https://smba.example/v3/conversations/a:1/activities/42'), ok);
    await middleware.invoke(context('get', 'https://smba.example/v3/conversations/a:1/members/29:x'), ok);
    await middleware.invoke(context('post', 'https://smba.example/v3/conversations'), ok);
    expect(keys).toEqual(['19:abc@thread.tacv2;messageid=1', 'a:1']);
  });

  it('reads conversation ids and Retry-After forms', () => {
    expect(pacedConversation('POST', 'https://x/v3/conversations/a:1/activities/')).toBe('a:1');
    expect(pacedConversation('DELETE', 'https://x/v3/conversations/a:1/activities/9')).toBeUndefined();
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(retryAfterMs(httpError(429, { 'retry-after': '1.5' }), now)).toBe(1_500);
    expect(retryAfterMs(httpError(429, { 'retry-after': 'Tue, 01 Dec 2026 09:00:03 GMT' }), now)).toBe(3_000);
    expect(retryAfterMs(httpError(429), now)).toBeUndefined();
  });
});

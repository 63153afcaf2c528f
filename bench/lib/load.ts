/**
 * An open-loop load generator: requests leave on a fixed schedule (`rate` per second) whether or not
 * earlier ones have been answered, and each latency is measured from the moment the request was
 * *scheduled*, not from when it actually left. A closed loop (send, wait, send) slows down with the
 * server and hides its queueing ("coordinated omission"); this one does not.
 *
 * Loopback only, bounded in count and in time. Connections are reused (fetch keeps them alive).
 *
 *   const r = await runLoad({ rate: 500, durationMs: 10_000, makeRequest: (i) => signedCommand(i) })
 *   console.log(r.p50, r.p99, r.throughput)
 */

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** Requests per second to offer. */
  rate: number;
  /** How long to keep sending. */
  durationMs: number;
  /** Builds request `i` (0-based) at its send time: sign it then, so its timestamp is fresh. */
  makeRequest: (i: number) => LoadRequest;
  /** Most requests to send; default `rate × duration`. Never more than 1,000,000. */
  maxRequests?: number;
  /** Per-request timeout; a request not answered in time counts as an error. Default 10 s. */
  timeoutMs?: number;
}

export interface LoadResult {
  sent: number;
  /** Answered with a 2xx. */
  ok: number;
  /** Non-2xx, network errors and timeouts. */
  errors: number;
  /** Of the ok requests, from scheduled send time to full response body, in ms. */
  latenciesMs: number[];
  p50: number;
  p99: number;
  /** ok answers per second, over the whole run (first send to last answer). */
  throughput: number;
  elapsedMs: number;
  /** How far behind its schedule the generator sent at worst (a large value means the client, not the server, was the bottleneck). */
  maxSendLagMs: number;
  /** Count per HTTP status; `error` for no response. */
  statuses: Record<string, number>;
}

const HARD_CAP = 1_000_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!(options.rate > 0) || !(options.durationMs > 0)) throw new Error('runLoad: rate and durationMs must be positive');
  const interval = 1000 / options.rate;
  const planned = Math.floor((options.rate * options.durationMs) / 1000);
  const total = Math.min(options.maxRequests ?? planned, planned, HARD_CAP);
  const timeoutMs = options.timeoutMs ?? 10_000;

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let inFlight = 0;
  let maxSendLagMs = 0;
  let lastAnswerAt = 0;
  let allAnswered: (() => void) | undefined;

  const count = (key: string): void => {
    statuses[key] = (statuses[key] ?? 0) + 1;
  };
  const settle = (): void => {
    inFlight -= 1;
    lastAnswerAt = performance.now();
    if (inFlight === 0) allAnswered?.();
  };

  const fire = (i: number, scheduledAt: number): void => {
    const request = options.makeRequest(i);
    assertLoopback(request.url);
    sent += 1;
    inFlight += 1;
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduledAt);
    fetch(request.url, {
      method: request.method ?? 'POST',
      headers: request.headers ?? {},
      ...(request.body !== undefined && { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then(async (res) => {
        // Read the body to the end: the connection goes back to the pool only then.
        await res.arrayBuffer();
        count(String(res.status));
        if (res.ok) {
          ok += 1;
          latencies.push(performance.now() - scheduledAt);
        } else errors += 1;
      })
      .catch(() => {
        count('error');
        errors += 1;
      })
      .finally(settle);
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      // Catch up on every slot that is due: a late timer must not lower the offered rate.
      while (next < total && start + next * interval <= now) {
        fire(next, start + next * interval);
        next += 1;
      }
      if (next >= total || now - start >= options.durationMs) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  if (inFlight > 0) await new Promise<void>((resolve) => (allAnswered = resolve));

  const elapsedMs = Math.max(lastAnswerAt, performance.now()) - start;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent,
    ok,
    errors,
    latenciesMs: latencies,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    throughput: elapsedMs > 0 ? (ok * 1000) / elapsedMs : 0,
    elapsedMs,
    maxSendLagMs,
    statuses,
  };
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK_HOSTS.has(host) && !host.startsWith('127.')) {
    throw new Error(`runLoad only targets loopback; refusing ${host}`);
  }
}

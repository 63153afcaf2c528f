import { percentile, type LoadRequest } from './load.ts';

/**
 * A closed-loop runner for read commands: `concurrency` workers, each sending its next request only
 * after the previous answer. Right for measuring what one request costs on a quiet server (the
 * leaderboard's query, the goal sums), wrong for a server's behaviour under load: that is what the
 * open-loop `runLoad` is for.
 *
 *   const r = await runClosedLoop({ total: 300, concurrency: 4, makeRequest, accept: (s, b) => s === 200 && b.includes('Leaderboard') })
 */

export interface ClosedLoopOptions {
  total: number;
  concurrency: number;
  makeRequest: (i: number) => LoadRequest;
  /** Whether an answer is the real thing (not only a 2xx): e.g. the reply names the leaderboard. */
  accept?: (status: number, body: string) => boolean;
  timeoutMs?: number;
  /** Called with every answer, in completion order (tagging, sanity checks). */
  onAnswer?: (i: number, status: number, body: string, latencyMs: number) => void;
}

export interface ClosedLoopResult {
  sent: number;
  /** 2xx answers. */
  ok: number;
  /** 2xx answers that `accept` also took (all ok answers without `accept`). */
  accepted: number;
  /** Non-2xx, network errors, timeouts. */
  errors: number;
  statuses: Record<string, number>;
  /** Of the ok requests, send to full body, in ms. */
  latenciesMs: number[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
  elapsedMs: number;
  /** ok answers per second. */
  throughput: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  let accepted = 0;
  let errors = 0;
  const count = (key: string): void => {
    statuses[key] = (statuses[key] ?? 0) + 1;
  };

  const worker = async (): Promise<void> => {
    while (next < options.total) {
      const i = next;
      next += 1;
      const request = options.makeRequest(i);
      const host = new URL(request.url).hostname;
      if (!LOOPBACK.test(host)) throw new Error(`runClosedLoop only targets loopback; refusing ${host}`);
      const started = performance.now();
      try {
        const res = await fetch(request.url, {
          method: request.method ?? 'POST',
          headers: request.headers ?? {},
          ...(request.body !== undefined && { body: request.body }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        const body = await res.text();
        const latency = performance.now() - started;
        count(String(res.status));
        options.onAnswer?.(i, res.status, body, latency);
        if (res.ok) {
          ok += 1;
          latencies.push(latency);
          if (options.accept === undefined || options.accept(res.status, body)) accepted += 1;
        } else errors += 1;
      } catch {
        count('error');
        errors += 1;
      }
    }
  };

  const start = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const elapsedMs = performance.now() - start;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent: next,
    ok,
    accepted,
    errors,
    statuses,
    latenciesMs: latencies,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    elapsedMs,
    throughput: elapsedMs > 0 ? (ok * 1000) / elapsedMs : 0,
  };
}

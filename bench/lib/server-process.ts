import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A server under test as a child process of its own, so its CPU, event loop and memory are its own
 * and not mixed with the load generator's: what `/proc/<pid>/status` says is the server's alone.
 *
 *   const pacer = await startServerProcess({ name: 'pacer', script: 'src/main.ts', env, port, ready: { path: '/healthz', status: 200 } })
 *   pacer.sampleMemory(200)
 *   … load …
 *   const memory = pacer.memory(); await pacer.stop()
 */

export interface ServerProcessOptions {
  /** For messages only. */
  name: string;
  /** A .ts or .js entry point, run with this process's own Node (24: type stripping, same flags). */
  script: string;
  /** The child's whole environment (nothing of the parent's leaks in but what is passed). */
  env: Record<string, string>;
  port: number;
  /** Polled until it answers; with `status`, until it answers with that status. */
  ready: { path: string; status?: number };
  readyTimeoutMs?: number;
  cwd?: string;
  /** Node flags before the script (experiments: `--max-semi-space-size=16`, `--trace-gc`). */
  nodeArgs?: readonly string[];
  /** Also append everything the child writes to this file (e.g. a `--trace-gc` log). */
  logFile?: string;
}

export interface MemoryReading {
  /** Resident set size now, in KiB. */
  rssKb: number;
  /** Peak resident set size over the process's life (`VmHWM`), in KiB. */
  hwmKb: number;
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** Reads `/proc/<pid>/status`; undefined once the process is gone. */
  memory(): MemoryReading | undefined;
  /** Starts reading VmRSS every `intervalMs` (until stop); see `rssSamples`. */
  sampleMemory(intervalMs: number): void;
  /** VmRSS samples taken so far, in KiB. */
  readonly rssSamples: readonly number[];
  /** The last lines the child wrote (stdout and stderr): its logs, for a failure message. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 8_000;
/** Every child started here, so an exit path (signal, crash) can still end them all. */
const running = new Set<ChildProcess>();

/** Kills every child still running, synchronously: for `process.on('exit')` and signal handlers. */
export function killAllServerProcesses(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

/** A free loopback port: bind port 0, read what the kernel chose, release it for the child. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('freePort: no port assigned'))));
    });
  });
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    cwd: options.cwd ?? process.cwd(),
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const pid = child.pid;
  if (pid === undefined) {
    running.delete(child);
    throw new Error(`${options.name}: could not start ${options.script}`);
  }

  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (options.logFile !== undefined) {
    const file = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
    child.once('exit', () => file.end());
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });

  const url = `http://127.0.0.1:${options.port}`;
  const rssSamples: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

  const memory = (): MemoryReading | undefined => readMemory(pid);
  const stop = (graceMs = 5_000): Promise<void> =>
    (stopping ??= (async () => {
      if (sampler !== undefined) clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })());

  try {
    await waitUntilReady(url, options, exited, () => tail);
  } catch (error) {
    await stop(1_000);
    throw error;
  }

  return {
    pid,
    url,
    memory,
    sampleMemory(intervalMs) {
      if (sampler !== undefined) return;
      sampler = setInterval(() => {
        const reading = memory();
        if (reading !== undefined) rssSamples.push(reading.rssKb);
      }, intervalMs);
      // Sampling must never keep the benchmark alive by itself.
      sampler.unref();
    },
    rssSamples,
    output: () => tail,
    stop,
  };
}

async function waitUntilReady(url: string, options: ServerProcessOptions, exited: Promise<void>, output: () => string): Promise<void> {
  const deadline = performance.now() + (options.readyTimeoutMs ?? 30_000);
  let gone = false;
  void exited.then(() => (gone = true));
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    if (gone) throw new Error(`${options.name} exited before it was ready. Its output:\n${output()}`);
    try {
      const res = await fetch(`${url}${options.ready.path}`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (options.ready.status === undefined || res.status === options.ready.status) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    // Polling a child's port is the one place a pause is the mechanism: there is no event to await.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 30_000} ms (${last}). Its output:\n${output()}`);
}

function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };
  const rssKb = field('VmRSS');
  const hwmKb = field('VmHWM');
  return rssKb === undefined || hwmKb === undefined ? undefined : { rssKb, hwmKb };
}

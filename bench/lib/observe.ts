import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * What the machine did while a load ran, to say where the time went: CPU seconds per process (from
 * /proc, so the server child, PostgreSQL's processes and this process are told apart) and what the
 * database sessions were doing (sampled from pg_stat_activity: running, waiting on a lock, waiting
 * for the WAL flush, or idle in a transaction, i.e. waiting for Node).
 */

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of one process so far, in ms; undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU ms of every process named `comm` (e.g. all of PostgreSQL's), keyed by pid. */
function cpuByName(comm: string): Map<number, number> {
  const result = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
    } catch {
      continue;
    }
    const cpu = processCpuMs(Number(entry));
    if (cpu !== undefined) result.set(Number(entry), cpu);
  }
  return result;
}

/** Busy, stolen and total CPU ticks of the whole machine (all cores), from /proc/stat. */
function machineTicks(): { busy: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  // idle + iowait are not busy.
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, steal: values[7] ?? 0, total };
}

/**
 * A fixed piece of CPU work (SHA-256 of 64 MiB), timed: the same machine can be slower from one
 * run to the next (a virtual machine's host is shared), and this says how fast it was this time.
 */
export function speedReferenceMs(): number {
  const data = Buffer.alloc(64 * 1024 * 1024, 7);
  const started = performance.now();
  createHash('sha256').update(data).digest();
  return performance.now() - started;
}

export interface CpuFigures {
  /** CPU ms per process group over the window. */
  serverMs: number;
  postgresMs: number;
  /** This process: the load generator and the fake Slack. */
  clientMs: number;
  /** Share of all cores busy over the window, 0–1. */
  machineBusy: number;
  /** Share of all cores the hypervisor gave to someone else (steal), 0–1. */
  machineSteal: number;
  /**
   * CPU ms the rest of the machine used (busy time minus the three above): other people's test runs
   * on a shared machine show up here, and the figures of that window are then pessimistic.
   */
  otherMs: number;
  wallMs: number;
}

/** Share of all cores busy over the next `ms`, 0–1: is the machine quiet before we start? */
export async function machineBusyOver(ms: number): Promise<number> {
  const before = machineTicks();
  // A pause is the measurement itself here: CPU use over a wall-clock interval.
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** Starts a CPU window; `end()` gives what each side used since. */
export function cpuWindow(serverPid: number): { end(): CpuFigures } {
  const started = performance.now();
  const server = processCpuMs(serverPid) ?? 0;
  const postgres = cpuByName('postgres');
  const client = process.cpuUsage();
  const machine = machineTicks();
  return {
    end() {
      const postgresNow = cpuByName('postgres');
      let postgresMs = 0;
      // A backend that started during the window counts from zero; one that ended is lost (rare:
      // pools keep their connections).
      for (const [pid, cpu] of postgresNow) postgresMs += cpu - (postgres.get(pid) ?? 0);
      const clientUsage = process.cpuUsage(client);
      const machineNow = machineTicks();
      const total = machineNow.total - machine.total;
      const busyMs = ((machineNow.busy - machine.busy) * 1000) / TICKS_PER_SECOND;
      const serverMs = (processCpuMs(serverPid) ?? server) - server;
      const clientMs = (clientUsage.user + clientUsage.system) / 1000;
      return {
        serverMs,
        postgresMs,
        clientMs,
        machineBusy: total > 0 ? (machineNow.busy - machine.busy) / total : 0,
        machineSteal: total > 0 ? (machineNow.steal - machine.steal) / total : 0,
        otherMs: Math.max(0, busyMs - serverMs - postgresMs - clientMs),
        wallMs: performance.now() - started,
      };
    },
  };
}

export interface WaitFigures {
  samples: number;
  /** Sessions seen in each state (`active: running`, `active: Lock/transactionid`, `idle in transaction`, …), summed over samples. */
  states: Record<string, number>;
  /** Mean number of non-idle sessions per sample: how many requests were inside PostgreSQL at once. */
  meanBusySessions: number;
}

/**
 * Samples pg_stat_activity of one database every `intervalMs` until stopped: a cheap, statistical
 * view of where its sessions spend their time (the sampler's own session is left out).
 */
export async function sampleWaits(url: string, database: string, intervalMs: number): Promise<{ stop(): Promise<WaitFigures> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const states: Record<string, number> = {};
  let samples = 0;
  let busy = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const result = await client.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null }>(
        `select state, wait_event_type, wait_event from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [database],
      );
      samples += 1;
      for (const row of result.rows) {
        if (row.state === 'idle') continue;
        busy += 1;
        const key = row.state === 'active' ? `active: ${row.wait_event_type ? `${row.wait_event_type}/${row.wait_event ?? '?'}` : 'running'}` : (row.state ?? 'unknown');
        states[key] = (states[key] ?? 0) + 1;
      }
      // Sampling is the mechanism here: pg_stat_activity has no change notifications.
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return { samples, states, meanBusySessions: samples > 0 ? busy / samples : 0 };
    },
  };
}

import { readFileSync, writeFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { cpuWindow } from './observe.ts';

/** What the import benchmark watches while an import runs: the process's memory, PostgreSQL's counters, CPU per phase. */

// ── memory ────────────────────────────────────────────────────────────────────────────────────────

export interface MemorySample {
  /** ms since the sampler started */
  t: number;
  rssMb: number;
  heapMb: number;
  /** Bytes of the file read so far (the import's read stream). */
  readBytes: number;
}

export interface MemoryFigures {
  intervalMs: number;
  samples: number;
  startRssMb: number;
  peakRssMb: number;
  endRssMb: number;
  startHeapMb: number;
  peakHeapMb: number;
  /** Peak RSS as the kernel kept it (VmHWM), reset at the start when /proc/self/clear_refs allows. */
  hwmMb: number | undefined;
  hwmReset: boolean;
  series: MemorySample[];
}

const MB = 1024 * 1024;

function vmHwmMb(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples this process's RSS and V8 heap every `intervalMs` (between awaits: the import yields to
 * the event loop at every query, so a sample is never late by much). The kernel's own peak (VmHWM)
 * is reset first when Linux lets us (`5` to clear_refs), so it covers exactly this run, between samples too.
 */
export function sampleMemory(intervalMs: number, readBytes: () => number): { stop(): MemoryFigures } {
  let hwmReset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    hwmReset = true;
  } catch {
    hwmReset = false;
  }
  const started = performance.now();
  const series: MemorySample[] = [];
  const take = (): MemorySample => {
    const usage = process.memoryUsage();
    const sample = { t: performance.now() - started, rssMb: usage.rss / MB, heapMb: usage.heapUsed / MB, readBytes: readBytes() };
    series.push(sample);
    return sample;
  };
  const first = take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = take();
      return {
        intervalMs,
        samples: series.length,
        startRssMb: first.rssMb,
        peakRssMb: Math.max(...series.map((s) => s.rssMb)),
        endRssMb: last.rssMb,
        startHeapMb: first.heapMb,
        peakHeapMb: Math.max(...series.map((s) => s.heapMb)),
        hwmMb: hwmReset ? vmHwmMb() : undefined,
        hwmReset,
        series,
      };
    },
  };
}

// ── PostgreSQL's counters around a run ────────────────────────────────────────────────────────────

export interface PgCounters {
  checkpoints: number;
  /** Temporary files the database wrote (sorts and hashes over work_mem; not temp tables). */
  tempFiles: number;
  tempBytes: number;
  walBytes: number;
}

export async function pgCounters(db: Kysely<Database>, database: string): Promise<PgCounters> {
  // int8 and numeric columns: bigints or strings, whichever the pool's parsers make of them.
  const result = await sql<{ checkpoints: string | bigint; temp_files: string | bigint; temp_bytes: string | bigint; wal_bytes: string | bigint }>`
    select (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter) as checkpoints,
           temp_files, temp_bytes, (select wal_bytes from pg_stat_wal) as wal_bytes
    from pg_stat_database where datname = ${database}`.execute(db);
  const row = result.rows[0];
  return { checkpoints: Number(row?.checkpoints ?? 0), tempFiles: Number(row?.temp_files ?? 0), tempBytes: Number(row?.temp_bytes ?? 0), walBytes: Number(row?.wal_bytes ?? 0) };
}

/**
 * pg_stat_database is updated by each backend when it goes idle (at most every second or so):
 * a moment's wait lets the import's own session report before the counters are read again.
 */
export async function settledCounters(db: Kysely<Database>, database: string): Promise<PgCounters> {
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  return pgCounters(db, database);
}

export const counterDelta = (a: PgCounters, b: PgCounters): PgCounters => ({
  checkpoints: b.checkpoints - a.checkpoints,
  tempFiles: b.tempFiles - a.tempFiles,
  tempBytes: b.tempBytes - a.tempBytes,
  walBytes: b.walBytes - a.walBytes,
});

// ── CPU ───────────────────────────────────────────────────────────────────────────────────────────

export interface CpuSplit {
  wallMs: number;
  /** This process: Pacer's importer, csv-parse, the pg driver. */
  nodeMs: number;
  /** Every PostgreSQL process (the import's backend, the WAL writer, the checkpointer). */
  postgresMs: number;
  /** Share of all cores busy. */
  machineBusy: number;
  /** What the rest of the machine used: another job's load shows here. */
  otherMs: number;
}

/**
 * observe.ts's cpuWindow measures a server child beside this process; the import runs in this
 * process, so there is no child: a pid no process has makes that share zero, and this process
 * is its `client`.
 */
const NO_CHILD = -1;

export function cpuSplit(): { end(): CpuSplit } {
  const window = cpuWindow(NO_CHILD);
  return {
    end() {
      const f = window.end();
      return { wallMs: f.wallMs, nodeMs: f.clientMs, postgresMs: f.postgresMs, machineBusy: f.machineBusy, otherMs: f.otherMs };
    },
  };
}


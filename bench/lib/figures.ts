import type { ClosedLoopResult } from './closed-loop.ts';
import type { LoadResult } from './load.ts';
import type { CpuFigures, WaitFigures } from './observe.ts';
import type { CommandProfile } from './profile.ts';
import type { Plan } from './query-capture.ts';
import type { SeedResult } from './seed.ts';
import type { MemoryReading, ServerProcess } from './server-process.ts';

/**
 * The figures of one benchmark run, as printed and as written to bench/results/latest.json (raw
 * latency lists are left out: they are summarised, and the file stays readable).
 */

export interface OpenLoopFigures {
  offered: number;
  durationMs: number;
  sent: number;
  ok: number;
  errors: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  maxSendLagMs: number;
  statuses: Record<string, number>;
}

export function openLoopFigures(result: LoadResult, offered: number, durationMs: number): OpenLoopFigures {
  return {
    offered,
    durationMs,
    sent: result.sent,
    ok: result.ok,
    errors: result.errors,
    throughput: result.throughput,
    p50: result.p50,
    p99: result.p99,
    max: result.latenciesMs.reduce((a, b) => Math.max(a, b), 0),
    maxSendLagMs: result.maxSendLagMs,
    statuses: result.statuses,
  };
}

export type ClosedFigures = Omit<ClosedLoopResult, 'latenciesMs'>;

export function closedFigures({ latenciesMs, ...rest }: ClosedLoopResult): ClosedFigures {
  void latenciesMs;
  return rest;
}

export interface MemoryFigures {
  idleKb?: number;
  peakSampledKb?: number;
  hwmKb?: number;
  samples: number;
}

export function memoryFigures(server: ServerProcess, idle: MemoryReading | undefined, end: MemoryReading | undefined): MemoryFigures {
  const peak = server.rssSamples.reduce((a, b) => Math.max(a, b), 0);
  return {
    ...(idle && { idleKb: idle.rssKb }),
    ...(peak > 0 && { peakSampledKb: peak }),
    ...(end && { hwmKb: end.hwmKb }),
    samples: server.rssSamples.length,
  };
}

export interface DealCheck {
  dealsInserted: number;
  auditsInserted: number;
  confirmedInAck: number;
  confirmedLate: number;
  distinctRefs: number;
  warmupConfirmations: number;
  otherAnswers: Record<string, number>;
}

export interface Target {
  name: string;
  target: string;
  value: string;
  pass: boolean;
}

export interface BenchResults {
  startedAt: string;
  machine: {
    cpus: number;
    node: string;
    postgres: string;
    pgSettings: Record<string, string>;
    busyBefore: number;
    speedBefore: number;
    speedAfter: number;
  };
  settings: {
    reps: number;
    deals: number;
    teams: number;
    timezone: string;
    dealRate: number;
    dealWarmupMs: number;
    dealDurationMs: number;
    sweepDurationMs: number;
    readRequests: number;
    readConcurrency: number;
    pacerNodeArgs: readonly string[];
    /** Unix socket directory Pacer used to reach PostgreSQL instead of TCP (experiment), or ''. */
    pacerPgSocket: string;
    nonDefault: boolean;
  };
  seed: Omit<SeedResult, 'repUserIds'>;
  deal: {
    pacer: OpenLoopFigures;
    pacerWarmup: OpenLoopFigures;
    bare: OpenLoopFigures;
    sweep: { rate: number; figures: OpenLoopFigures }[];
    checkpointsDuring: number;
    pacerCpu: CpuFigures;
    pacerWaits: WaitFigures;
    bareCpu: CpuFigures;
    check: DealCheck;
    verified: boolean;
  };
  leaderboard: { pacer: ClosedFigures; monthP95: number; quarterP95: number; bare: ClosedFigures };
  goal: { pacer: ClosedFigures; bare: ClosedFigures };
  plans: { leaderboardMonth: Explained[]; leaderboardQuarter: Explained[]; goal: Explained[] };
  profiles: CommandProfile[];
  memory: { pacer: MemoryFigures; pacerPhases: { phase: string; rssKb?: number; hwmKb?: number }[]; bare: MemoryFigures };
  samples: Record<string, string>;
  targets: Target[];
  durationMs: number;
}

export interface Explained {
  query: { sql: string; parameters: readonly unknown[] };
  plan: Plan;
}

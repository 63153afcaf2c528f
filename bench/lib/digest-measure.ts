import { availableParallelism } from 'node:os';
import { composeTeamDigest } from '../../src/domain/digest/digest.compose.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { teamDigest, type TeamDigest } from '../../src/domain/digest/digest.ts';
import type { Db } from '../../src/db/database.ts';
import { timeQueries, quantile, shapeOf, unionMs, type QueryTimer, type TimedQuery } from './digest-timing.ts';
import { cpuWindow } from './observe.ts';
import { summarizeSql } from './query-capture.ts';

/**
 * One pass of the weekly digest over every team: `composeTeamDigest` (what the digest.weekly job
 * calls per team) at a fixed `now`, `concurrency` digests in flight (1 = as the job runs them, one
 * after the other), every query timed and attributed to its digest (./digest-timing.ts).
 */

export interface Team {
  id: number;
  name: string;
}

export interface ShapeFigures {
  /** Shortened SQL; `sql` is the full text. */
  summary: string;
  sql: string;
  count: number;
  perDigest: number;
  totalMs: number;
  meanMs: number;
  p95Ms: number;
  /** Share of the pass's summed query time. */
  share: number;
}

export interface PassFigures {
  concurrency: number;
  digests: number;
  wallMs: number;
  /** Per digest, composeTeamDigest from call to posts. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  queries: number;
  queriesPerDigest: { min: number; mean: number; max: number };
  /** Σ of every query's time (with several in flight, more than the wall time can be). */
  sqlSumMs: number;
  /** Wall time during which at least one query was in flight (union of their intervals). */
  sqlBusyMs: number;
  /** Mean over digests of: time with one of its queries in flight ÷ its own wall time. */
  sqlShareOfDigest: number;
  /** CPU over the pass: this process (Pacer's code, the pg driver) and every PostgreSQL process. */
  cpu: { nodeMs: number; postgresMs: number; machineBusy: number; otherMs: number };
  /** Head posts + thread pages produced (a check that the digests were real). */
  posts: number;
  shapes: ShapeFigures[];
}

export interface Pass {
  figures: PassFigures;
  queries: TimedQuery[];
}

export async function runDigestPass(timer: QueryTimer, workspace: Workspace, teams: readonly Team[], now: Date, concurrency: number): Promise<Pass> {
  timer.take();
  const perDigest: { tag: number; start: number; end: number }[] = [];
  let posts = 0;
  let next = 0;
  const cpu = cpuWindow(process.pid);
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < teams.length; i = next++) {
      const team = teams[i];
      if (team === undefined) break;
      const start = performance.now();
      const result = await timer.tagged(team.id, () => composeTeamDigest(timer.db, workspace, team, now));
      perDigest.push({ tag: team.id, start, end: performance.now() });
      if (result.head.blocks.length > 0) posts += 1 + result.pages.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const wallMs = performance.now() - started;
  const used = cpu.end();
  const queries = timer.take();

  const byTag = new Map<number, TimedQuery[]>();
  for (const query of queries) {
    if (query.tag === undefined) continue;
    const list = byTag.get(query.tag);
    if (list) list.push(query);
    else byTag.set(query.tag, [query]);
  }
  const durations = perDigest.map((d) => d.end - d.start);
  const counts = perDigest.map((d) => byTag.get(d.tag)?.length ?? 0);
  const shares = perDigest.map((d) => unionMs(byTag.get(d.tag) ?? []) / Math.max(1e-6, d.end - d.start));
  const sqlSumMs = queries.reduce((sum, q) => sum + q.durationMs, 0);
  return {
    figures: {
      concurrency,
      digests: perDigest.length,
      wallMs,
      p50Ms: quantile(durations, 0.5),
      p95Ms: quantile(durations, 0.95),
      maxMs: Math.max(...durations),
      meanMs: durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length),
      queries: queries.length,
      queriesPerDigest: { min: Math.min(...counts), mean: queries.length / Math.max(1, perDigest.length), max: Math.max(...counts) },
      sqlSumMs,
      sqlBusyMs: unionMs(queries),
      sqlShareOfDigest: shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length),
      // cpuWindow's server and client are both this process here: the rest of the machine is its busy time minus this process and PostgreSQL.
      cpu: { nodeMs: used.serverMs, postgresMs: used.postgresMs, machineBusy: used.machineBusy, otherMs: Math.max(0, used.machineBusy * used.wallMs * availableParallelism() - used.serverMs - used.postgresMs) },
      posts,
      shapes: shapesOf(queries, perDigest.length, sqlSumMs),
    },
    queries,
  };
}

/** Queries grouped by SQL text, the costliest first. */
export function shapesOf(queries: readonly TimedQuery[], digests: number, sqlSumMs: number): ShapeFigures[] {
  const groups = new Map<string, TimedQuery[]>();
  for (const query of queries) {
    const shape = shapeOf(query.sql);
    const list = groups.get(shape);
    if (list) list.push(query);
    else groups.set(shape, [query]);
  }
  return [...groups.entries()]
    .map(([sql, list]) => {
      const times = list.map((q) => q.durationMs);
      const totalMs = times.reduce((a, b) => a + b, 0);
      return {
        summary: summarizeSql(sql, 100),
        sql,
        count: list.length,
        perDigest: list.length / Math.max(1, digests),
        totalMs,
        meanMs: totalMs / Math.max(1, list.length),
        p95Ms: quantile(times, 0.95),
        share: totalMs / Math.max(1e-6, sqlSumMs),
      };
    })
    .sort((a, b) => b.totalMs - a.totalMs);
}

/** A timer on Pacer's connection, for the passes. */
export const createTimer = (db: Db): QueryTimer => timeQueries(db);

/** The numbers the baseline query also computes, as Pacer's teamDigest has them (for the cross-check). */
export interface CoreNumbers {
  /** member id → [won, lost] in the week; reps with neither are left out. */
  reps: Map<number, [number, number]>;
  /** reason → [now, before]. */
  losses: Map<string, [number, number]>;
  medianDays: number | null;
  usualMedianDays: number | null;
  stale: number;
}

export function coreNumbersOf(d: TeamDigest): CoreNumbers {
  return {
    reps: new Map(d.reps.filter((r) => r.won + r.lost > 0).map((r) => [r.member.id, [r.won, r.lost]])),
    losses: new Map(d.losses.map((l) => [l.reason, [l.now, l.before]])),
    medianDays: d.delivery.medianDays,
    usualMedianDays: d.delivery.usualMedianDays,
    stale: d.delivery.stale,
  };
}

/** Pacer's own numbers for some teams (untimed): the baseline's answers are checked against them. */
export async function pacerCoreNumbers(db: Db, workspace: Workspace, teams: readonly Team[], now: Date): Promise<Map<number, CoreNumbers>> {
  const result = new Map<number, CoreNumbers>();
  for (const team of teams) result.set(team.id, coreNumbersOf(await teamDigest(db, workspace, team, now)));
  return result;
}

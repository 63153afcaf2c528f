import pg from 'pg';
import { USUAL_WEEKS } from '../../src/domain/digest/digest.ts';
import { addDays } from '../../src/time/calendar.ts';
import { localDay, zonedDayStart } from '../../src/time/periods.ts';
import type { CoreNumbers } from './digest-measure.ts';
import { quantile } from './digest-timing.ts';

/**
 * The baseline: one hand-written aggregate query that computes the core numbers of every team's
 * digest at once (won and lost per rep in the week, loss reasons of the week beside the eight weeks
 * before, median days from won to delivered in the week and usually, won deals waiting for delivery
 * for more than 14 days), over the same data, with the same windows as src/domain/digest/digest.ts
 * (recomputed here from the same time helpers; nothing of Pacer's queries is reused). It runs on a
 * pg.Client of its own, so nothing of Pacer's pool or kysely is in its time.
 */

export interface DigestWindows {
  week: { start: string; end: string };
  from: Date;
  to: Date;
  usualFrom: Date;
  staleBefore: Date;
}

/** The digest's windows for `now`, by the rules of teamDigest (the last full Monday–Sunday week before today). */
export function digestWindows(now: Date, zone: string, staleDays = 14): DigestWindows {
  const today = localDay(now, zone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
  const start = addDays(today, 1 - weekday - 7);
  const end = addDays(start, 6);
  const to = zonedDayStart(addDays(end, 1), zone);
  return { week: { start, end }, from: zonedDayStart(start, zone), to, usualFrom: zonedDayStart(addDays(start, -7 * USUAL_WEEKS), zone), staleBefore: new Date(to.getTime() - staleDays * 86_400_000) };
}

/** $1 workspace, $2 week from, $3 week to, $4 usual from, $5 stale before. One row per team. */
export const BASELINE_SQL = `
with counts as (
  select team_id, json_agg(json_build_array(member_id, won, lost) order by member_id) as reps
  from (select team_id, member_id, count(*) filter (where stage <> 'lost')::int as won, count(*) filter (where stage = 'lost')::int as lost
        from deals where workspace_id = $1 and occurred_at >= $2 and occurred_at < $3
        group by team_id, member_id) c
  group by team_id
), losses as (
  select team_id, json_agg(json_build_array(reason, now, before)) as reasons
  from (select team_id, coalesce(loss_reason, 'other') as reason,
               count(*) filter (where occurred_at >= $2)::int as now, count(*) filter (where occurred_at < $2)::int as before
        from deals where workspace_id = $1 and stage = 'lost' and occurred_at >= $4 and occurred_at < $3
        group by team_id, coalesce(loss_reason, 'other')) l
  group by team_id
), lag as (
  select team_id,
         percentile_cont(0.5) within group (order by extract(epoch from (delivered_at - won_at)) / 86400) filter (where delivered_at >= $2) as median,
         percentile_cont(0.5) within group (order by extract(epoch from (delivered_at - won_at)) / 86400) filter (where delivered_at < $2) as usual
  from deals where workspace_id = $1 and won_at is not null and delivered_at >= $4 and delivered_at < $3
  group by team_id
), stale as (
  select team_id, count(*)::int as n from deals where workspace_id = $1 and stage = 'won' and won_at < $5 group by team_id
)
select t.id as team_id, coalesce(counts.reps, '[]') as reps, coalesce(losses.reasons, '[]') as losses,
       lag.median, lag.usual, coalesce(stale.n, 0) as stale
from teams t
left join counts on counts.team_id = t.id
left join losses on losses.team_id = t.id
left join lag on lag.team_id = t.id
left join stale on stale.team_id = t.id
where t.workspace_id = $1
order by t.id`;

interface BaselineRow {
  team_id: number;
  reps: [number, number, number][];
  losses: [string, number, number][];
  median: number | null;
  usual: number | null;
  stale: number;
}

export interface BaselineFigures {
  teams: number;
  /** Each run's time, first (colder) to last. */
  runsMs: number[];
  medianMs: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of it, top lines. */
  planTop: string;
  planExecutionMs?: number;
  /** Teams whose numbers were compared with Pacer's, and those that differed (with the first difference). */
  checked: number;
  mismatches: string[];
}

const round1 = (value: number | null): number | null => (value === null ? null : Math.round(Number(value) * 10) / 10);

function numbersOf(row: BaselineRow): CoreNumbers {
  return {
    reps: new Map(row.reps.map(([member, won, lost]) => [member, [won, lost]])),
    losses: new Map(row.losses.map(([reason, now, before]) => [reason, [now, before]])),
    medianDays: round1(row.median),
    usualMedianDays: round1(row.usual),
    stale: row.stale,
  };
}

/** The first difference between two teams' numbers, or undefined. */
function differs(pacer: CoreNumbers, base: CoreNumbers): string | undefined {
  const mapText = (m: Map<unknown, [number, number]>): string => JSON.stringify([...m.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  if (mapText(pacer.reps) !== mapText(base.reps)) return `won/lost per rep: Pacer ${mapText(pacer.reps).slice(0, 80)} vs ${mapText(base.reps).slice(0, 80)}`;
  if (mapText(pacer.losses) !== mapText(base.losses)) return `loss reasons: Pacer ${mapText(pacer.losses)} vs ${mapText(base.losses)}`;
  if (pacer.medianDays !== base.medianDays || pacer.usualMedianDays !== base.usualMedianDays) return `median lag: Pacer ${pacer.medianDays}/${pacer.usualMedianDays} vs ${base.medianDays}/${base.usualMedianDays}`;
  if (pacer.stale !== base.stale) return `stale: Pacer ${pacer.stale} vs ${base.stale}`;
  return undefined;
}

/** Runs the baseline `runs` times on a fresh client, explains it once, and checks its numbers against Pacer's. */
export async function measureBaseline(url: string, workspaceId: number, windows: DigestWindows, runs: number, pacer: Map<number, CoreNumbers>): Promise<BaselineFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const values = [workspaceId, windows.from, windows.to, windows.usualFrom, windows.staleBefore];
    const runsMs: number[] = [];
    let rows: BaselineRow[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      rows = (await client.query<BaselineRow>(BASELINE_SQL, values)).rows;
      runsMs.push(performance.now() - started);
    }
    const plan = (await client.query<Record<string, string>>(`explain (analyze, buffers) ${BASELINE_SQL}`, values)).rows.map((r) => String(Object.values(r)[0]));
    const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)?.[1]).find((v) => v !== undefined);
    const mismatches: string[] = [];
    const byTeam = new Map(rows.map((row) => [row.team_id, row]));
    for (const [teamId, numbers] of pacer) {
      const row = byTeam.get(teamId);
      const difference = row === undefined ? 'missing from the baseline' : differs(numbers, numbersOf(row));
      if (difference !== undefined) mismatches.push(`team ${teamId}: ${difference}`);
    }
    return {
      teams: rows.length,
      runsMs,
      medianMs: quantile(runsMs, 0.5),
      planTop: (plan[0] ?? '').trim(),
      ...(execution !== undefined && { planExecutionMs: Number(execution) }),
      checked: pacer.size,
      mismatches,
    };
  } finally {
    await client.end();
  }
}

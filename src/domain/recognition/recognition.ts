import type { Incentive } from '../incentives/incentive.table.ts';
import type { RepResult } from './recognition.repository.ts';

/** Places on the podium: the top three by share of goal. */
export const PODIUM = 3;
/** Shares of goal in millionths: integers, so equal shares are equal and ties are ties. */
export const PPM = 1_000_000n;

/** A rep's result for a period as the announcement shows it. */
export interface Performer {
  memberId: number;
  name: string;
  teamId: number | null;
  metric: RepResult['metric'];
  target: bigint;
  progress: bigint;
  ppm: bigint;
  /** 1-based among the team's reps with a goal; equal shares share a rank (1, 2, 2, 4). */
  rank: number;
  /** Periods in a row the goal was met, this one included; 0 when it was not met. */
  streak: number;
  /** The incentives this result earned. */
  earned: Incentive[];
}

/** One team's period (the reps without a team are one group too, `teamId` null). */
export interface TeamWinners {
  teamId: number | null;
  /** Every rep with a goal for the period, best share first. */
  performers: Performer[];
  /** Everyone who met or beat their goal, best share first. */
  met: Performer[];
  /** The podium: ranks 1 to 3 with something won (ties can put four on it). */
  top: Performer[];
}

export const ppmOf = (r: Pick<RepResult, 'target' | 'progress'>): bigint => (r.target > 0n ? (r.progress * PPM) / r.target : 0n);
const met = (ppm: bigint): boolean => ppm >= PPM;

/**
 * The goal that counts for a rep in a period: a goal set for the period itself before one summed from
 * its months, and a revenue goal (what the leaderboard ranks) before a deal-count goal. One result per
 * rep and period.
 */
export function countingResults(results: readonly RepResult[]): Map<string, RepResult> {
  const weight = (r: RepResult): number => (r.fromMonths ? 0 : 2) + (r.metric === 'revenue' ? 1 : 0);
  const chosen = new Map<string, RepResult>();
  for (const r of results) {
    const key = `${r.memberId}:${r.periodStart}`;
    const before = chosen.get(key);
    if (!before || weight(r) > weight(before)) chosen.set(key, r);
  }
  return chosen;
}

function earnedBy(ppm: bigint, rank: number, incentives: readonly Incentive[]): Incentive[] {
  return incentives.filter((i) => (i.rule === 'attainment' ? ppm * 100n >= BigInt(i.threshold) * PPM : ppm > 0n && rank <= i.threshold));
}

function streakOf(memberId: number, previousStarts: readonly string[], history: Map<string, RepResult>): number {
  let streak = 1;
  for (const start of previousStarts) {
    const before = history.get(`${memberId}:${start}`);
    if (!before || !met(ppmOf(before))) break;
    streak += 1;
  }
  return streak;
}

export interface WinnersInput {
  /** The period's rep goals and progress. */
  current: readonly RepResult[];
  /** Earlier periods' results of the same reps, for streaks. */
  history: readonly RepResult[];
  /** The earlier periods' starts, newest first. */
  previousStarts: readonly string[];
  /** The incentives that applied to the period. */
  incentives: readonly Incentive[];
}

/**
 * A period's top performers per team, ranked by share of goal (not raw revenue, so a smaller
 * territory can win): everyone who met their goal, the podium, streaks, and the incentives earned.
 * A `top` incentive goes to the places within each team, ties included. Pure and deterministic.
 */
export function periodWinners(input: WinnersInput): TeamWinners[] {
  const history = countingResults(input.history);
  const byTeam = new Map<number | null, RepResult[]>();
  for (const r of countingResults(input.current).values()) byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r]);
  const teams: TeamWinners[] = [];
  for (const [teamId, results] of byTeam) {
    const scored = results.map((r) => ({ r, ppm: ppmOf(r) }))
      .sort((a, b) => (a.ppm === b.ppm ? a.r.name.localeCompare(b.r.name) : a.ppm > b.ppm ? -1 : 1));
    const performers = scored.map(({ r, ppm }): Performer => {
      // Sorted best first: a rep shares the rank of the first rep with the same share.
      const rank = 1 + scored.findIndex((other) => other.ppm === ppm);
      return {
        memberId: r.memberId, name: r.name, teamId, metric: r.metric, target: r.target, progress: r.progress, ppm, rank,
        streak: met(ppm) ? streakOf(r.memberId, input.previousStarts, history) : 0,
        earned: earnedBy(ppm, rank, input.incentives),
      };
    });
    teams.push({
      teamId,
      performers,
      met: performers.filter((p) => met(p.ppm)),
      top: performers.filter((p) => p.rank <= PODIUM && p.ppm > 0n),
    });
  }
  return teams;
}

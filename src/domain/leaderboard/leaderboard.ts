/** One rep's standing in a period. */
export interface Standing {
  memberId: number;
  name: string;
  won: bigint;
  deals: number;
  /** The rep's revenue goal for the period, if any. */
  target: bigint | null;
}

export interface Ranked extends Standing {
  /** 1-based; equal attainment (or equal amount among reps without a goal) shares a rank: 1, 2, 2, 4. */
  rank: number;
  /** won / target, or null without a goal. */
  attainment: number | null;
}

/** Attainment as a number for display and ordering; exact enough (parts per million) for ranking. */
const attainmentOf = (s: Standing): number | null =>
  s.target === null || s.target <= 0n ? null : Number((s.won * 1_000_000n) / s.target) / 1_000_000;

/**
 * Ranks by goal attainment, not raw revenue, so a smaller territory can top the board. Reps without
 * a goal follow everyone with one, ordered by amount. Ties share a rank; names break display order.
 */
export function rankStandings(standings: readonly Standing[]): Ranked[] {
  const withAttainment = standings.map((s) => ({ ...s, attainment: attainmentOf(s) }));
  const key = (s: { attainment: number | null; won: bigint }): [number, number, bigint] =>
    s.attainment === null ? [1, 0, s.won] : [0, s.attainment, s.won];
  withAttainment.sort((a, b) => {
    const [ga, aa, wa] = key(a);
    const [gb, ab, wb] = key(b);
    if (ga !== gb) return ga - gb;
    if (ga === 0 && aa !== ab) return ab - aa;
    if (wa !== wb) return wb > wa ? 1 : -1;
    return a.name.localeCompare(b.name);
  });
  const ranked: Ranked[] = [];
  withAttainment.forEach((s, i) => {
    const previous = ranked[i - 1];
    const tied = previous && (previous.attainment ?? -1) === (s.attainment ?? -1) && (s.attainment !== null || previous.won === s.won);
    ranked.push({ ...s, rank: tied && previous ? previous.rank : i + 1 });
  });
  return ranked;
}

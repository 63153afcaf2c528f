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
 * (Sort keys are computed once per rep, not per comparison: a board has a thousand reps.)
 */
export function rankStandings(standings: readonly Standing[]): Ranked[] {
  const sorted = standings
    .map((s) => ({ ...s, attainment: attainmentOf(s) }))
    .sort((a, b) => {
      if ((a.attainment === null) !== (b.attainment === null)) return a.attainment === null ? 1 : -1;
      if (a.attainment !== null && b.attainment !== null && a.attainment !== b.attainment) return b.attainment - a.attainment;
      if (a.won !== b.won) return b.won > a.won ? 1 : -1;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
  const ranked: Ranked[] = [];
  sorted.forEach((s, i) => {
    const previous = ranked[i - 1];
    const tied = previous !== undefined && previous.attainment === s.attainment && (s.attainment !== null || previous.won === s.won);
    ranked.push({ ...s, rank: tied ? previous.rank : i + 1 });
  });
  return ranked;
}

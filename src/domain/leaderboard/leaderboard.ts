/** One rep's place on the board of a period. */
export interface Ranked {
  memberId: number;
  name: string;
  /** Won in the period, minor units. */
  won: bigint;
  /** The rep's revenue goal for the period, if any. */
  target: bigint | null;
  /** won / target, to the millionth, or null without a goal. */
  attainment: number | null;
  /** 1-based; equal attainment (or equal amount among reps without a goal) shares a rank: 1, 2, 2, 4. */
  rank: number;
  /** 1-based display position: ties ordered by amount, then name. */
  position: number;
}

/** The rows a board shows (the top places and the caller's own) and how many reps it ranks. */
export interface Board {
  rows: Ranked[];
  total: number;
}

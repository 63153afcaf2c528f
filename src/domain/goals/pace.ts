/** Where a goal stands against the time that has passed. */
export type PaceStatus = 'ahead' | 'on_track' | 'behind' | 'not_started' | 'done';

export interface PaceInput {
  /** Minor units (or a count of deals). */
  target: bigint;
  progress: bigint;
  workingDaysTotal: number;
  workingDaysElapsed: number;
}

export interface Pace {
  status: PaceStatus;
  /** progress / target, for display only (`0.634` → `63%`). */
  attainment: number;
  /** What a steady pace would have reached by now: floor(target × elapsed / total). */
  expected: bigint;
  /** Where the current pace ends the period (linear); the progress itself while nothing has elapsed. */
  projected: bigint;
  /** What each remaining working day must bring, rounded up; 0 once the target is met. */
  neededPerDay: bigint;
  workingDaysLeft: number;
  /**
   * The projected finish: the working day of the period (1-based) on which the current pace reaches
   * the target, when it does so within the period and has not yet; undefined otherwise.
   */
  reachesTargetOnDay?: number;
}

/** Ahead means at least 110% of the expected progress; on track at least 95%. */
const AHEAD_PERCENT = 110n;
const ON_TRACK_PERCENT = 95n;

/**
 * Pace of a goal, in exact integer arithmetic.
 *
 * Status: `done` when progress ≥ target; `not_started` when no working day has elapsed and there is no
 * progress; otherwise ratio = progress / expected gives `ahead` (≥ 1.10), `on_track` (≥ 0.95) or
 * `behind`. The ratio is compared as progress × total × 100 against target × elapsed × percent, so the
 * floor in `expected` never tips a borderline case; progress before the first working day is `ahead`.
 *
 * When no working day is left but the target is not met, `neededPerDay` is the whole remainder: it is
 * needed now, and dividing by zero days would say nothing.
 *
 *   computePace({ target: 100n, progress: 60n, workingDaysTotal: 20, workingDaysElapsed: 10 })
 *     → { status: 'ahead', attainment: 0.6, expected: 50n, projected: 120n, neededPerDay: 4n, workingDaysLeft: 10, reachesTargetOnDay: 17 }
 */
export function computePace(input: PaceInput): Pace {
  const { target, progress } = input;
  const total = Math.max(0, Math.floor(input.workingDaysTotal));
  const elapsed = Math.min(total, Math.max(0, Math.floor(input.workingDaysElapsed)));
  const workingDaysLeft = total - elapsed;
  const totalN = BigInt(total);
  const elapsedN = BigInt(elapsed);

  // A period without working days is due at once.
  const expected = total === 0 ? target : (target * elapsedN) / totalN;
  const projected = elapsed === 0 ? progress : floorDiv(progress * totalN, elapsedN);
  const remaining = target - progress;
  const neededPerDay = remaining <= 0n ? 0n : ceilDiv(remaining, BigInt(Math.max(workingDaysLeft, 1)));
  const attainment = target > 0n ? Number(progress) / Number(target) : 1;

  const status = statusOf(target, progress, total, elapsed);
  // At `progress / elapsed` a day, the target falls on day ceil(target × elapsed / progress).
  const finish = status !== 'done' && progress > 0n && elapsed > 0 ? Number(ceilDiv(target * elapsedN, progress)) : undefined;
  const reaches = finish !== undefined && finish <= total ? { reachesTargetOnDay: finish } : {};
  return { status, attainment, expected, projected, neededPerDay, workingDaysLeft, ...reaches };
}

function statusOf(target: bigint, progress: bigint, total: number, elapsed: number): PaceStatus {
  if (progress >= target) return 'done';
  if (elapsed === 0) return progress === 0n ? 'not_started' : 'ahead';
  // progress / (target × elapsed / total) ≥ percent / 100, without dividing.
  const actual = progress * BigInt(total) * 100n;
  const steady = target * BigInt(elapsed);
  if (actual >= steady * AHEAD_PERCENT) return 'ahead';
  if (actual >= steady * ON_TRACK_PERCENT) return 'on_track';
  return 'behind';
}

/** BigInt division truncates towards zero; progress can be negative after a correction, so floor it. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Only called with positive operands. */
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

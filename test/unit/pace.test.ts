import { describe, expect, it } from 'vitest';
import { computePace } from '../../src/domain/goals/pace.ts';

const pace = (target: bigint, progress: bigint, workingDaysElapsed: number, workingDaysTotal = 20) =>
  computePace({ target, progress, workingDaysTotal, workingDaysElapsed });

describe('computePace status', () => {
  it('is done once progress reaches the target, whenever that is', () => {
    expect(pace(100n, 100n, 5).status).toBe('done');
    expect(pace(100n, 150n, 0).status).toBe('done');
    expect(pace(100n, 99n, 20).status).toBe('on_track');
    expect(pace(100n, 94n, 20).status).toBe('behind');
  });

  it('is not_started while nothing has elapsed and nothing is logged', () => {
    expect(pace(100n, 0n, 0).status).toBe('not_started');
    expect(pace(100n, 1n, 0).status).toBe('ahead');
  });

  it('compares progress with the steady pace: ahead ≥ 110%, on track ≥ 95%', () => {
    // Half the period elapsed: 50 expected.
    expect(pace(100n, 55n, 10).status).toBe('ahead');
    expect(pace(100n, 54n, 10).status).toBe('on_track');
    expect(pace(100n, 48n, 10).status).toBe('on_track');
    expect(pace(100n, 47n, 10).status).toBe('behind');
    expect(pace(100n, 0n, 1).status).toBe('behind');
  });

  it('uses the exact expectation, not the floored one, at the borders', () => {
    // Expected is 100/3 = 33.33…, floored to 33; 95% of the exact value is 31.67, so 31 is behind and 32 on track.
    expect(pace(100n, 31n, 1, 3).status).toBe('behind');
    expect(pace(100n, 32n, 1, 3).status).toBe('on_track');
    // 110% of 33.33… is 36.67: 36 is on track, not ahead.
    expect(pace(100n, 36n, 1, 3).status).toBe('on_track');
    expect(pace(100n, 37n, 1, 3).status).toBe('ahead');
  });
});

describe('computePace figures', () => {
  it('reports expectation, projection, need and attainment', () => {
    expect(pace(100n, 60n, 10)).toEqual({
      status: 'ahead',
      attainment: 0.6,
      expected: 50n,
      projected: 120n,
      neededPerDay: 4n,
      workingDaysLeft: 10,
      reachesTargetOnDay: 17,
    });
  });

  it('floors the expectation and the projection, and rounds the need up', () => {
    const p = pace(1_000_000n, 333_333n, 7, 22);
    expect(p.expected).toBe(318_181n); // 7 000 000 / 22 = 318 181.8
    expect(p.projected).toBe(1_047_618n); // 333 333 × 22 / 7 = 1 047 618 exactly
    expect(pace(1_000_000n, 333_334n, 7, 22).projected).toBe(1_047_621n); // 1 047 621.1
    expect(p.neededPerDay).toBe(44_445n); // 666 667 / 15 = 44 444.47
    expect(p.workingDaysLeft).toBe(15);
  });

  it('projects the progress itself while nothing has elapsed', () => {
    expect(pace(100n, 30n, 0).projected).toBe(30n);
    expect(pace(100n, 0n, 0).projected).toBe(0n);
    expect(pace(100n, 0n, 0).neededPerDay).toBe(5n);
  });

  it('needs nothing more once met, and everything at once when no day is left', () => {
    expect(pace(100n, 120n, 10).neededPerDay).toBe(0n);
    expect(pace(100n, 100n, 10).neededPerDay).toBe(0n);
    expect(pace(100n, 70n, 20)).toMatchObject({ neededPerDay: 30n, workingDaysLeft: 0, status: 'behind' });
  });

  it('keeps exact amounts beyond float precision', () => {
    const target = 100_000_000_000_000n; // a trillion euros in cents
    const p = pace(target, 1n, 1, 3);
    expect(p.expected).toBe(33_333_333_333_333n);
    expect(p.projected).toBe(3n);
    expect(p.neededPerDay).toBe(49_999_999_999_999n + 1n);
  });

  it('clamps elapsed days into the period', () => {
    expect(pace(100n, 50n, 25)).toMatchObject({ expected: 100n, workingDaysLeft: 0, projected: 50n });
    expect(pace(100n, 50n, -3)).toMatchObject({ expected: 0n, workingDaysLeft: 20, projected: 50n });
  });
});

describe('projected finish', () => {
  it('names the working day the current pace reaches the target on, within the period only', () => {
    // 60 in 10 days is 6 a day: 100 falls on day ceil(100 × 10 / 60) = 17 of 20.
    expect(computePace({ target: 100n, progress: 60n, workingDaysTotal: 20, workingDaysElapsed: 10 }).reachesTargetOnDay).toBe(17);
    // 30 in 10 days reaches 100 on day 34: after the period, so no date.
    expect(computePace({ target: 100n, progress: 30n, workingDaysTotal: 20, workingDaysElapsed: 10 }).reachesTargetOnDay).toBeUndefined();
    expect(computePace({ target: 100n, progress: 100n, workingDaysTotal: 20, workingDaysElapsed: 10 }).reachesTargetOnDay).toBeUndefined();
    expect(computePace({ target: 100n, progress: 0n, workingDaysTotal: 20, workingDaysElapsed: 10 }).reachesTargetOnDay).toBeUndefined();
  });
});

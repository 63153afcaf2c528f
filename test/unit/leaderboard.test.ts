import { describe, expect, it } from 'vitest';
import { rankStandings, type Standing } from '../../src/domain/leaderboard/leaderboard.ts';

const rep = (name: string, won: bigint, target: bigint | null, memberId = name.charCodeAt(0)): Standing => ({ memberId, name, won, deals: 1, target });

describe('rankStandings', () => {
  it('ranks by share of goal, not by amount, and puts reps without a goal after, by amount', () => {
    const ranked = rankStandings([
      rep('Big', 90_000n, 100_000n), // 90%
      rep('Small', 12_000n, 10_000n), // 120%
      rep('Nogoal', 500_000n, null),
      rep('Nogoal2', 700_000n, null),
      rep('Half', 5_000n, 10_000n), // 50%
    ]);
    expect(ranked.map((r) => [r.rank, r.name, r.attainment])).toEqual([
      [1, 'Small', 1.2],
      [2, 'Big', 0.9],
      [3, 'Half', 0.5],
      [4, 'Nogoal2', null],
      [5, 'Nogoal', null],
    ]);
  });

  it('shares a rank between equal attainments (1, 2, 2, 4) and orders the tied by amount, then name', () => {
    const ranked = rankStandings([
      rep('Dora', 50n, 100n),
      rep('Ana', 100n, 100n),
      rep('Cene', 20n, 40n),
      rep('Bor', 40n, 80n),
      rep('Eva', 10n, 100n),
    ]);
    expect(ranked.map((r) => [r.rank, r.name])).toEqual([
      [1, 'Ana'],
      [2, 'Dora'],
      [2, 'Bor'],
      [2, 'Cene'],
      [5, 'Eva'],
    ]);
  });

  it('ties reps without a goal only when they won the same, and counts a zero target as no goal', () => {
    const ranked = rankStandings([rep('X', 10n, null), rep('Y', 10n, null), rep('Z', 5n, 0n)]);
    expect(ranked.map((r) => [r.rank, r.name, r.attainment])).toEqual([
      [1, 'X', null],
      [1, 'Y', null],
      [3, 'Z', null],
    ]);
  });

  it('ranks nobody when there is nobody', () => {
    expect(rankStandings([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Incentive } from '../../src/domain/incentives/incentive.table.ts';
import { seasonsAnnouncedOn } from '../../src/domain/recognition/announcement.ts';
import type { RepResult } from '../../src/domain/recognition/recognition.repository.ts';
import { countingResults, periodWinners, PPM, ppmOf, type Performer, type TeamWinners, type WinnersInput } from '../../src/domain/recognition/recognition.ts';
import { addDays, workCalendar } from '../../src/time/calendar.ts';
import { seasonCode } from '../../src/time/seasons.ts';
import { shareOfGoal } from '../../src/domain/recognition/recognition.views.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';

/*
 * The rules of a period's top performers, on constructed results: ranks and ties, the podium, which
 * goal counts, streaks, which incentives a result earns, and the grouping by the rep's team today.
 * Then the days the winners are announced on.
 */

const NOV = '2026-11-01';
/** The months before November, newest first (what the announcement passes as `previousStarts`). */
const BEFORE_NOV = ['2026-10-01', '2026-09-01', '2026-08-01', '2026-07-01', '2026-06-01'];

let nextId = 1;
const ids = new Map<string, number>();
const idOf = (name: string): number => {
  let id = ids.get(name);
  if (id === undefined) {
    id = nextId++;
    ids.set(name, id);
  }
  return id;
};

/** A revenue result: `won` of `target` (both in minor units) in the month starting `start`. */
const result = (name: string, won: bigint, target: bigint, extra: Partial<RepResult> = {}): RepResult => ({
  memberId: idOf(name),
  name,
  teamId: 1,
  periodStart: NOV,
  metric: 'revenue',
  target,
  progress: won,
  ...extra,
});

const incentive = (id: number, rule: Incentive['rule'], threshold: number, extra: Partial<Incentive> = {}): Incentive => ({
  id,
  workspace_id: 1,
  name: `Incentive ${id}`,
  kind: 'other',
  amount_minor: null,
  currency: null,
  rule,
  threshold,
  period: 'month',
  created_by: null,
  created_at: new Date('2026-10-01T00:00:00Z'),
  ended_at: null,
  ...extra,
});

const winners = (input: Partial<WinnersInput>): TeamWinners[] =>
  periodWinners({ current: [], history: [], previousStarts: BEFORE_NOV, incentives: [], ...input });

function onlyTeam(input: Partial<WinnersInput>): TeamWinners {
  const teams = winners(input);
  expect(teams).toHaveLength(1);
  const [team] = teams;
  if (!team) throw new Error('no team');
  return team;
}

const ranks = (list: readonly Performer[]): [string, number][] => list.map((p) => [p.name, p.rank]);
const names = (list: readonly Performer[]): string[] => list.map((p) => p.name);
const earned = (team: TeamWinners): Record<string, number[]> => Object.fromEntries(team.performers.map((p) => [p.name, p.earned.map((i) => i.id)]));

describe('ppmOf', () => {
  it('is the share of goal in millionths, rounded down, and 0 without a target', () => {
    expect(ppmOf({ target: 10_000n, progress: 10_000n })).toBe(PPM);
    expect(ppmOf({ target: 10_000n, progress: 13_200n })).toBe(1_320_000n);
    expect(ppmOf({ target: 3n, progress: 1n })).toBe(333_333n);
    expect(ppmOf({ target: 10_000n, progress: 9_999n })).toBe(999_900n);
    expect(ppmOf({ target: 0n, progress: 5n })).toBe(0n);
  });
});

describe('ranks and the podium', () => {
  it('ranks by share of goal, not by amount: a small territory beats a big one', () => {
    const team = onlyTeam({ current: [result('Big', 90_000n, 100_000n), result('Small', 12_000n, 10_000n), result('Half', 5_000n, 10_000n)] });
    expect(ranks(team.performers)).toEqual([['Small', 1], ['Big', 2], ['Half', 3]]);
    expect(team.performers.map((p) => p.ppm)).toEqual([1_200_000n, 900_000n, 500_000n]);
    expect(names(team.met)).toEqual(['Small']);
    expect(names(team.top)).toEqual(['Small', 'Big', 'Half']);
  });

  it('gives equal shares the same rank, and the next rank skips (1, 2, 2, 4)', () => {
    const team = onlyTeam({ current: [result('Ana', 100n, 100n), result('Cene', 50n, 100n), result('Bor', 1_000n, 2_000n), result('Dora', 10n, 100n)] });
    expect(ranks(team.performers)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 2], ['Dora', 4]]);
    expect(ranks(team.top)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 2]]);
  });

  it('orders reps tied on a share by name, and a tie of three pushes the next to fifth', () => {
    const team = onlyTeam({
      current: [result('Dora', 50n, 100n), result('Ana', 100n, 100n), result('Cene', 20n, 40n), result('Eva', 10n, 100n), result('Bor', 40n, 80n)],
    });
    expect(ranks(team.performers)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 2], ['Dora', 2], ['Eva', 5]]);
    expect(ranks(team.top)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 2], ['Dora', 2]]);
  });

  it('puts four on the podium when two tie for third', () => {
    const team = onlyTeam({
      current: [result('Ana', 150n, 100n), result('Bor', 120n, 100n), result('Cene', 90n, 100n), result('Dora', 900n, 1000n), result('Eva', 50n, 100n)],
    });
    expect(ranks(team.performers)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 3], ['Dora', 3], ['Eva', 5]]);
    expect(ranks(team.top)).toEqual([['Ana', 1], ['Bor', 2], ['Cene', 3], ['Dora', 3]]);
    expect(names(team.met)).toEqual(['Ana', 'Bor']);
  });

  it('keeps a rep who won nothing off the podium, even with a podium place to spare', () => {
    const team = onlyTeam({ current: [result('Ana', 500n, 1000n), result('Zero', 0n, 1000n), result('Nil', 0n, 50n)] });
    expect(ranks(team.performers)).toEqual([['Ana', 1], ['Nil', 2], ['Zero', 2]]);
    expect(names(team.top)).toEqual(['Ana']);
    expect(team.met).toEqual([]);
  });

  it('counts the revenue goal over the deal-count goal, whichever comes first; a deal-count goal alone counts', () => {
    const revenue = result('Ana', 5_000n, 10_000n);
    const deals = result('Ana', 12n, 10n, { metric: 'deals' });
    const onlyDeals = result('Bor', 9n, 8n, { metric: 'deals' });
    for (const current of [[deals, revenue, onlyDeals], [revenue, deals, onlyDeals]]) {
      const chosen = countingResults(current);
      expect([...chosen.values()]).toHaveLength(2);
      expect(chosen.get(`${revenue.memberId}:${NOV}`)).toBe(revenue);
      expect(chosen.get(`${onlyDeals.memberId}:${NOV}`)).toBe(onlyDeals);
      const team = onlyTeam({ current });
      expect(team.performers.map((p) => [p.name, p.metric, p.ppm])).toEqual([['Bor', 'deals', 1_125_000n], ['Ana', 'revenue', 500_000n]]);
      // Ana beat her deal-count goal but not her revenue goal: she did not meet her goal.
      expect(names(team.met)).toEqual(['Bor']);
    }
  });
});

describe('streaks', () => {
  /** Ana's November result with her earlier months: `true` met, `false` missed, `null` no goal. */
  function streakOf(now: bigint, earlier: (boolean | null)[]): number {
    const history = earlier.flatMap((met, i) => (met === null ? [] : [result('Ana', met ? 1_000n : 999n, 1_000n, { periodStart: BEFORE_NOV[i] ?? '' })]));
    const team = onlyTeam({ current: [result('Ana', now, 1_000n)], history });
    return team.performers[0]?.streak ?? -1;
  }

  it('counts this period and the unbroken run of met goals before it', () => {
    expect(streakOf(1_000n, [])).toBe(1);
    expect(streakOf(1_000n, [true])).toBe(2);
    expect(streakOf(1_500n, [true, true])).toBe(3);
    expect(streakOf(1_000n, [true, true, true, true, true])).toBe(6);
  });

  it('stops at a missed goal or a month without a goal, however many were met before', () => {
    expect(streakOf(1_000n, [true, true, false, true, true])).toBe(3);
    expect(streakOf(1_000n, [false, true, true])).toBe(1);
    expect(streakOf(1_000n, [true, null, true, true])).toBe(2);
    expect(streakOf(1_000n, [null, true, true])).toBe(1);
  });

  it('is 0 when this period’s goal was not met, whatever came before', () => {
    expect(streakOf(999n, [true, true, true])).toBe(0);
    expect(streakOf(0n, [true])).toBe(0);
  });

  it('judges an earlier month by the goal that counted then (revenue over deals)', () => {
    const history = [
      result('Ana', 500n, 1_000n, { periodStart: '2026-10-01' }),
      result('Ana', 20n, 10n, { periodStart: '2026-10-01', metric: 'deals' }),
    ];
    expect(onlyTeam({ current: [result('Ana', 1_000n, 1_000n)], history }).performers[0]?.streak).toBe(1);
  });
});

describe('incentives earned', () => {
  it('earns an attainment incentive at exactly its threshold, not a hair below', () => {
    const team = onlyTeam({
      current: [result('Exact', 10_000n, 10_000n), result('Almost', 9_999n, 10_000n), result('Over', 12_000n, 10_000n), result('Exact120', 12_000n, 10_000n, { metric: 'deals', target: 10n, progress: 12n })],
      incentives: [incentive(1, 'attainment', 100), incentive(2, 'attainment', 120), incentive(3, 'attainment', 50)],
    });
    expect(earned(team)).toEqual({ Exact120: [1, 2, 3], Over: [1, 2, 3], Exact: [1, 3], Almost: [3] });
    expect(team.performers.find((p) => p.name === 'Almost')?.ppm).toBe(999_900n);
  });

  it('gives a top-N incentive to every rep tied within the top N, and never to a rep who won nothing', () => {
    const team = onlyTeam({
      current: [result('Ana', 150n, 100n), result('Bor', 150n, 100n), result('Cene', 90n, 100n), result('Zero', 0n, 100n)],
      incentives: [incentive(1, 'top', 1), incentive(2, 'top', 3), incentive(3, 'top', 10)],
    });
    expect(ranks(team.performers)).toEqual([['Ana', 1], ['Bor', 1], ['Cene', 3], ['Zero', 4]]);
    expect(earned(team)).toEqual({ Ana: [1, 2, 3], Bor: [1, 2, 3], Cene: [2, 3], Zero: [] });
  });

  it('ranks a top-N incentive within each team', () => {
    const teams = winners({
      current: [result('Ana', 200n, 100n, { teamId: 1 }), result('Bor', 110n, 100n, { teamId: 1 }), result('Cene', 50n, 100n, { teamId: 2 })],
      incentives: [incentive(1, 'top', 1)],
    });
    expect(teams.map((t) => [t.teamId, earned(t)])).toEqual([[1, { Ana: [1], Bor: [] }], [2, { Cene: [1] }]]);
  });

  it('earns nothing when no incentive applies', () => {
    const team = onlyTeam({ current: [result('Ana', 200n, 100n)] });
    expect(team.performers[0]?.earned).toEqual([]);
  });
});

describe('teams', () => {
  it('groups reps by their team, the reps without a team as one group, each ranked on its own', () => {
    const teams = winners({
      current: [
        result('Ana', 120n, 100n, { teamId: 7 }),
        result('Bor', 80n, 100n, { teamId: null }),
        result('Cene', 90n, 100n, { teamId: 7 }),
        result('Dora', 150n, 100n, { teamId: null }),
        result('Eva', 100n, 100n, { teamId: 9 }),
      ],
    });
    expect(teams.map((t) => [t.teamId, ranks(t.performers)])).toEqual([
      [7, [['Ana', 1], ['Cene', 2]]],
      [null, [['Dora', 1], ['Bor', 2]]],
      [9, [['Eva', 1]]],
    ]);
    for (const team of teams) expect(team.performers.every((p) => p.teamId === team.teamId)).toBe(true);
  });

  it('has no teams without rep results', () => {
    expect(winners({})).toEqual([]);
  });
});

describe('seasonsAnnouncedOn', () => {
  const slovenia = workCalendar({ holidayCountry: 'SI' });
  const codes = (today: string): string[] => seasonsAnnouncedOn(today, slovenia).map(seasonCode);

  it.each([
    ['2026-12-01', 'Tuesday 1 December: November', ['2026-11']],
    ['2027-01-04', 'Monday 4 January, after New Year’s two holidays and a weekend: December, Q4 and the year', ['2026-12', '2026-Q4', '2026']],
    ['2027-01-01', 'New Year’s Day, a holiday', []],
    ['2026-08-03', 'Monday 3 August, after a weekend on the 1st and 2nd: July', ['2026-07']],
    ['2026-08-01', 'Saturday 1 August', []],
    ['2026-10-01', 'Thursday 1 October: September and Q3', ['2026-09', '2026-Q3']],
    ['2024-04-01', 'Easter Monday on the 1st', []],
    ['2024-04-02', 'the Tuesday after Easter Monday: March and Q1', ['2024-03', '2024-Q1']],
    ['2024-04-08', 'the Monday a week later', []],
    ['2027-11-01', 'Remembrance Day, a Monday', []],
    ['2027-11-02', 'the Tuesday after it: October', ['2027-10']],
    ['2026-12-02', 'the day after the first working day', []],
  ])('%s (%s)', (today, _what, expected) => {
    expect(codes(today)).toEqual(expected);
  });

  it('gives the whole closed seasons', () => {
    expect(seasonsAnnouncedOn('2027-01-04', slovenia)).toEqual([
      { kind: 'month', start: '2026-12-01', end: '2027-01-01' },
      { kind: 'quarter', start: '2026-10-01', end: '2027-01-01' },
      { kind: 'year', start: '2026-01-01', end: '2027-01-01' },
    ]);
  });

  it('announces on the first of the month when only weekends count', () => {
    expect(seasonsAnnouncedOn('2027-01-01', workCalendar()).map(seasonCode)).toEqual(['2026-12', '2026-Q4', '2026']);
  });

  it('announces on exactly twelve days a year, one per month, each the month before', () => {
    const announcing: [string, string[]][] = [];
    for (let day = '2027-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const seasons = seasonsAnnouncedOn(day, slovenia).map(seasonCode);
      if (seasons.length > 0) announcing.push([day, seasons]);
    }
    expect(announcing).toEqual([
      ['2027-01-04', ['2026-12', '2026-Q4', '2026']],
      ['2027-02-01', ['2027-01']],
      ['2027-03-01', ['2027-02']],
      ['2027-04-01', ['2027-03', '2027-Q1']],
      ['2027-05-03', ['2027-04']],
      ['2027-06-01', ['2027-05']],
      ['2027-07-01', ['2027-06', '2027-Q2']],
      ['2027-08-02', ['2027-07']],
      ['2027-09-01', ['2027-08']],
      ['2027-10-01', ['2027-09', '2027-Q3']],
      ['2027-11-02', ['2027-10']],
      ['2027-12-01', ['2027-11']],
    ]);
    // Every announcing day is within the first seven, where the scheduler runs ('0 9 1-7 * *').
    expect(announcing.every(([day]) => Number(day.slice(8)) <= 7)).toBe(true);
  });
});

describe('shareOfGoal', () => {
  it('rounds down to a whole percent, so a rep just short of the goal never reads 100%', () => {
    const [t, fmt] = [translator('en'), createFormats('en')];
    expect(shareOfGoal({ ppm: 999_999n, metric: 'revenue', target: 500_000n }, 'EUR', t, fmt)).toBe('99% of €5,000');
    expect(shareOfGoal({ ppm: 1_000_000n, metric: 'revenue', target: 500_000n }, 'EUR', t, fmt)).toBe('100% of €5,000');
    expect(shareOfGoal({ ppm: 1_256_000n, metric: 'deals', target: 8n }, 'EUR', t, fmt)).toBe('125% of 8 deals');
  });
});

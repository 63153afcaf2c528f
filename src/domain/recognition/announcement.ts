import type { Db } from '../../db/database.ts';
import { zonedDayStart } from '../../time/periods.ts';
import { nextWorkingDay, type WorkCalendar } from '../../time/calendar.ts';
import { previousSeason, seasonOf, type Season } from '../../time/seasons.ts';
import { incentivesFor, recordAwards } from '../incentives/incentive.repository.ts';
import type { IncentivePeriod } from '../incentives/incentive.table.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { repResults } from './recognition.repository.ts';
import { countingResults, periodWinners, PPM, ppmOf, type TeamWinners } from './recognition.ts';

/** How far back a streak is counted: two years of months, eight years of quarters. */
export const STREAK_LOOKBACK = 24;

/** One team's top performers of a season, with the team's name (none: the reps without a team). */
export interface Announcement {
  season: Season;
  teamName: string | null;
  winners: TeamWinners;
}

const isIncentivePeriod = (kind: Season['kind']): kind is IncentivePeriod => kind !== 'week';

/**
 * The season's top performers in every team with a rep goal for it, teams by name and the reps
 * without a team last. With `record`, the incentives earned are recorded (once per incentive, rep and
 * period: announcing again records nothing new); a preview leaves them unrecorded.
 */
export async function seasonAnnouncements(db: Db, workspace: Workspace, season: Season, opts: { record: boolean }): Promise<Announcement[]> {
  const base = { workspaceId: workspace.id, zone: workspace.timezone, period: season.kind };
  const current = await repResults(db, { ...base, fromStart: season.start, toStart: season.start });
  const previousStarts: string[] = [];
  for (let s = previousSeason(season); previousStarts.length < STREAK_LOOKBACK; s = previousSeason(s)) previousStarts.push(s.start);
  const metIds = [...countingResults(current).values()].filter((r) => ppmOf(r) >= PPM).map((r) => r.memberId);
  const history = await repResults(db, { ...base, fromStart: previousStarts.at(-1) ?? season.start, toStart: previousStarts[0] ?? season.start, memberIds: metIds });
  const incentives = isIncentivePeriod(season.kind) ? await incentivesFor(db, workspace.id, season.kind, zonedDayStart(season.end, workspace.timezone)) : [];
  const teams = periodWinners({ current, history, previousStarts, incentives });
  if (opts.record && isIncentivePeriod(season.kind)) {
    const period = season.kind;
    await recordAwards(db, teams.flatMap((team) => team.performers.flatMap((p) => p.earned.map((incentive) => ({
      workspaceId: workspace.id, incentiveId: incentive.id, memberId: p.memberId, period, periodStart: season.start, attainmentPpm: p.ppm, rank: p.rank,
    })))));
  }
  const names = new Map((await db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).execute()).map((t) => [t.id, t.name]));
  return teams
    .map((winners) => ({ season, teamName: winners.teamId === null ? null : (names.get(winners.teamId) ?? null), winners }))
    .sort((a, b) => (a.teamName === null ? 1 : b.teamName === null ? -1 : a.teamName.localeCompare(b.teamName)));
}

/**
 * The seasons whose top performers are announced on a day: on a month's first working day (weekends,
 * the workspace's holidays skipped), the month just closed, and the quarter and year when they closed
 * with it; on any other day none.
 *
 *   seasonsAnnouncedOn('2027-01-04', calendar)  // 2026-12, 2026-Q4, 2026 (1 January is a holiday, then a weekend)
 */
export function seasonsAnnouncedOn(today: string, calendar: WorkCalendar): Season[] {
  const month = seasonOf('month', today);
  if (nextWorkingDay(calendar, month.start) !== today) return [];
  const closed = [previousSeason(month)];
  if (seasonOf('quarter', today).start === month.start) closed.push(previousSeason(seasonOf('quarter', today)));
  if (seasonOf('year', today).start === month.start) closed.push(previousSeason(seasonOf('year', today)));
  return closed;
}

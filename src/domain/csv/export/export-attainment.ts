import type { Db } from '../../../db/database.ts';
import { minorToDecimalString } from '../../../money/amount.ts';
import type { Season } from '../../../time/seasons.ts';
import { goalsWithProgress } from '../../goals/goal.repository.ts';
import { toStatus } from '../../goals/goal.service.ts';
import type { GoalStatus } from '../../goals/goal.ts';
import type { Goal } from '../../goals/goal.table.ts';
import type { Workspace } from '../../workspaces/workspace.table.ts';
import { columnNames } from '../csv-formats.ts';
import { exportColumns, writeCsv, type ExportColumn } from './csv-cell.ts';

/**
 * The attainment file: one row per goal of a season (rep, team and company goals).
 *
 *   scope,subject,target,metric,period,start,subject_name,won,attainment,pace
 *
 * The first six are the `goals` columns of CSV_COLUMNS, named and ordered the same, so this file (or
 * its first six columns) imports as goals.csv: last quarter's file seeds this quarter's goals once
 * `start` is changed. The rest say how the season went:
 *   subject_name  the rep's display name, the team's name, the workspace's name for the company
 *   won           won revenue (a plain decimal, like target) or the number of won deals
 *   attainment    won / target as a percentage with one decimal, rounded down (`132.5`, no `%`),
 *                 so a spreadsheet computes with it and 99.96% never reads as 100.0
 *   pace          ahead, on_track, behind, not_started or done: as `/goal` judges it at the moment of
 *                 the export, with the workspace's public holidays not counted as working days
 */
export const ATTAINMENT_COLUMNS: readonly string[] = [...columnNames('goals'), 'subject_name', 'won', 'attainment', 'pace'];

/** A target or progress as the goals file writes it: a plain decimal for revenue, a count for deals. */
const goalAmount = (goal: Goal, value: bigint): string =>
  goal.metric === 'deals' ? value.toString() : minorToDecimalString(value, goal.currency);

/** Tenths of a percent, rounded down: 1.3254 → `132.5`. Targets are positive (a table check). */
export function attainmentPercent(progress: bigint, target: bigint): string {
  const tenths = (progress * 1000n) / target;
  return `${tenths / 10n}.${tenths % 10n}`;
}

interface AttainmentRow {
  status: GoalStatus;
  /** Who the goal is for, as the goals file names them. */
  subject: string | null;
}

const columns: ExportColumn<AttainmentRow>[] = exportColumns<AttainmentRow>(ATTAINMENT_COLUMNS, {
  scope: { kind: 'data', cell: (r) => r.status.goal.scope },
  // A rep by platform user id (as the deals file's `rep`), a team by name, the company by nothing.
  subject: { kind: 'text', cell: (r) => r.subject },
  target: { kind: 'data', cell: (r) => goalAmount(r.status.goal, r.status.goal.target) },
  metric: { kind: 'data', cell: (r) => r.status.goal.metric },
  period: { kind: 'data', cell: (r) => r.status.goal.period },
  start: { kind: 'data', cell: (r) => r.status.goal.period_start },
  subject_name: { kind: 'text', cell: (r) => r.status.subjectName },
  won: { kind: 'data', cell: (r) => goalAmount(r.status.goal, r.status.progress) },
  attainment: { kind: 'data', cell: (r) => attainmentPercent(r.status.progress, r.status.goal.target) },
  pace: { kind: 'data', cell: (r) => r.status.pace.status },
});

const SCOPE_ORDER = { company: 0, team: 1, rep: 2 } as const;

/** The season's goals with progress, pace and names: company first, then teams, then reps, by name. */
async function seasonGoals(db: Db, workspace: Workspace, season: Season, now: Date): Promise<AttainmentRow[]> {
  // Goals current on the season's first day include longer ones (the year's, around a month): keep
  // only the season's own period.
  const goals = (await goalsWithProgress(db, workspace.id, workspace.timezone, { day: season.start }))
    .filter(({ goal }) => goal.period === season.kind && goal.period_start === season.start);
  if (goals.length === 0) return [];
  const members = await db.selectFrom('members').select(['id', 'external_id', 'display_name']).where('workspace_id', '=', workspace.id).execute();
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspace.id).execute();
  const memberById = new Map(members.map((m) => [m.id, m]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const rows = goals.map((row): AttainmentRow => {
    const { goal } = row;
    if (goal.scope === 'rep') {
      const member = goal.member_id === null ? undefined : memberById.get(goal.member_id);
      return { status: toStatus(row, member?.display_name ?? '', now, workspace), subject: member?.external_id ?? null };
    }
    if (goal.scope === 'team') {
      const name = goal.team_id === null ? undefined : teamName.get(goal.team_id);
      return { status: toStatus(row, name ?? '', now, workspace), subject: name ?? null };
    }
    return { status: toStatus(row, workspace.name, now, workspace), subject: null };
  });
  return rows.sort((a, b) =>
    SCOPE_ORDER[a.status.goal.scope] - SCOPE_ORDER[b.status.goal.scope] ||
    a.status.subjectName.localeCompare(b.status.subjectName) ||
    a.status.goal.metric.localeCompare(b.status.goal.metric));
}

/**
 * Writes every goal of a season with how far it got to `out`, and ends `out`. Progress is counted
 * now from the deals of the season, as `/goal` and the leaderboard count it, so a past season's file
 * reflects later corrections to its deals. A season has a few goals per rep: no paging needed.
 */
export async function exportAttainment(db: Db, workspace: Workspace, season: Season, now: Date, out: NodeJS.WritableStream): Promise<{ rows: number }> {
  return writeCsv(out, columns, await seasonGoals(db, workspace, season, now));
}

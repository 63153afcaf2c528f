import type { Db } from '../../db/database.ts';
import { addDays } from '../../time/calendar.ts';
import { localDay } from '../../time/periods.ts';
import type { Member } from '../members/member.table.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { completedCycles } from './training.repository.ts';
import { cycleStatus } from './training.status.ts';
import { repCalendar, repZone, scheduleOf } from './training.ts';

/** Where a rep's training stands: what is assigned, done this cycle, and overdue. */
export interface TrainingStanding {
  live: number;
  done: number;
  overdue: number;
}

/** How far back completions are read: enough for the previous cycle of any cadence (every 52 weeks at most). */
const LOOKBACK_DAYS = 400;

/**
 * Each rep's training standing at `now`, by the same rules `/training` shows (two queries for the
 * whole team): what the weekly digest and the diagnosis of people problems read.
 */
export async function trainingStandings(db: Db, workspace: Workspace, members: readonly Member[], now: Date): Promise<Map<number, TrainingStanding>> {
  const standings = new Map<number, TrainingStanding>(members.map((m) => [m.id, { live: 0, done: 0, overdue: 0 }]));
  if (members.length === 0) return standings;
  const assignments = await db.selectFrom('training_assignments').selectAll()
    .where('member_id', 'in', members.map((m) => m.id)).where('ended_at', 'is', null).execute();
  const since = addDays(localDay(now, workspace.timezone), -LOOKBACK_DAYS);
  const done = await completedCycles(db, assignments.map((a) => a.id), since);
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const assignment of assignments) {
    const member = byId.get(assignment.member_id);
    const standing = standings.get(assignment.member_id);
    if (!member || !standing) continue;
    const today = localDay(now, repZone(workspace, member));
    const status = cycleStatus(scheduleOf(assignment), today, repCalendar(workspace, member), (cycle) => done.has(`${assignment.id}:${cycle}`));
    standing.live += 1;
    if (status.kind === 'done') standing.done += 1;
    if (status.kind === 'overdue') standing.overdue += 1;
  }
  return standings;
}

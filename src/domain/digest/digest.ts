import type { Db } from '../../db/database.ts';
import { addDays, mondayOf } from '../../time/calendar.ts';
import { localDay, zonedDayStart } from '../../time/periods.ts';
import { goalsWithProgress } from '../goals/goal.repository.ts';
import { toStatus } from '../goals/goal.service.ts';
import type { GoalStatus } from '../goals/goal.ts';
import type { Member } from '../members/member.table.ts';
import { trainingStandings, type TrainingStanding } from '../training/training.summary.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import { dealCountsByRep, deliveryLag, lossReasons, type DeliveryLag, type LossReasonCount } from './digest.repository.ts';

/** How many weeks before the digest's week make "the usual". */
export const USUAL_WEEKS = 8;

export interface RepLine {
  member: Member;
  /** The rep's current goals (the shortest period first), if any. */
  goal?: GoalStatus;
  won: number;
  lost: number;
  training: TrainingStanding;
}

/** A team's week, as its managers read it on Monday morning. */
export interface TeamDigest {
  workspace: Workspace;
  team: { id: number; name: string };
  /** The week it covers: Monday to Sunday, local days. */
  week: { start: string; end: string };
  /** The same week as instants: [from, to). */
  window: { from: Date; to: Date };
  teamGoals: GoalStatus[];
  reps: RepLine[];
  losses: LossReasonCount[];
  delivery: DeliveryLag;
}

const PERIOD_ORDER = { week: 0, month: 1, quarter: 2, year: 3 } as const;

/**
 * The digest of one team for the last full week before `now` (in the workspace's zone: teams have no
 * zone of their own): its goals and pace now, each rep's goal, won and lost deals of the week and
 * training, loss reasons of the week beside the usual (the eight weeks before), and delivery lag.
 */
export async function teamDigest(db: Db, workspace: Workspace, team: { id: number; name: string }, now: Date): Promise<TeamDigest> {
  const zone = workspace.timezone;
  const today = localDay(now, zone);
  const start = addDays(mondayOf(today), -7);
  const end = addDays(start, 6);
  const window = { from: zonedDayStart(start, zone), to: zonedDayStart(addDays(end, 1), zone) };
  const usualFrom = zonedDayStart(addDays(start, -7 * USUAL_WEEKS), zone);

  const members = await db.selectFrom('members').selectAll().where('workspace_id', '=', workspace.id).where('team_id', '=', team.id).orderBy('display_name').execute();
  const subjectKeys = [`team:${team.id}`, ...members.map((m) => `rep:${m.id}`)];
  const goals = (await goalsWithProgress(db, workspace.id, zone, { subjectKeys, day: today }))
    .sort((a, b) => PERIOD_ORDER[a.goal.period] - PERIOD_ORDER[b.goal.period]);
  const [counts, losses, delivery, training] = await Promise.all([
    dealCountsByRep(db, workspace.id, team.id, window),
    lossReasons(db, workspace.id, team.id, window, usualFrom),
    deliveryLag(db, workspace.id, team.id, window, usualFrom),
    trainingStandings(db, workspace, members, now),
  ]);
  const teamGoals = goals.filter((g) => g.goal.scope === 'team').map((g) => toStatus(g, team.name, now, workspace));
  const reps = members.map((member): RepLine => {
    const own = goals.find((g) => g.goal.member_id === member.id);
    return {
      member,
      ...(own && { goal: toStatus(own, member.display_name, now, workspace) }),
      won: counts.get(member.id)?.won ?? 0,
      lost: counts.get(member.id)?.lost ?? 0,
      training: training.get(member.id) ?? { live: 0, done: 0, overdue: 0 },
    };
  });
  return { workspace, team, week: { start, end }, window, teamGoals, reps, losses, delivery };
}

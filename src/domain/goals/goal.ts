import type { Member } from '../members/member.table.ts';
import type { Team } from '../teams/team.table.ts';
import type { Pace } from './pace.ts';
import type { Goal, GoalScope } from './goal.table.ts';

/** Who a goal is for. */
export type GoalSubject = { scope: 'rep'; member: Member } | { scope: 'team'; team: Team } | { scope: 'company' };

/** `rep:12`, `team:3` or `company`: one goal per subject, metric and period. */
export function subjectKey(subject: GoalSubject): string {
  if (subject.scope === 'rep') return `rep:${subject.member.id}`;
  if (subject.scope === 'team') return `team:${subject.team.id}`;
  return 'company';
}

export const scopeOf = (subject: GoalSubject): GoalScope => subject.scope;

/** A goal with where it stands now. */
export interface GoalStatus {
  goal: Goal;
  /** Who the goal is for, as shown: a rep's or team's name; empty for the company. */
  subjectName: string;
  progress: bigint;
  pace: Pace;
  /** The day the target is reached at this pace, if within the period (working days, holidays skipped). */
  reachesOn?: string;
}

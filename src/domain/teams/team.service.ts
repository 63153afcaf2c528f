import type { CommandContext, UserRef } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { setMemberTeam } from '../members/member.repository.ts';
import type { Member } from '../members/member.table.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { TEAM_EXAMPLES } from './team.grammar.ts';
import { createTeam, findTeamById, findTeamByName, listTeams } from './team.repository.ts';
import type { Team } from './team.table.ts';

const memberSubject = (member: Member): string => `member:${member.external_id}`;

const exists = (name: string): Problem => problem('conflict', 'pacer.team.error.exists', { team: name }, `/pacer team add @alice ${name}`);

/** Creates a team; a name already taken (ignoring case) is refused, naming the team that has it. */
export async function createNamedTeam(ctx: CommandContext, name: string): Promise<Result<Team, Problem>> {
  const taken = await findTeamByName(ctx.db, ctx.workspace.id, name);
  if (taken) return err(exists(taken.name));
  const team = await createTeam(ctx.db, ctx.workspace.id, name);
  // Another admin may have created it between the look-up and the insert: the unique index decides.
  if (!team) return err(exists((await findTeamByName(ctx.db, ctx.workspace.id, name))?.name ?? name));
  await ctx.audit('team.create', `team:${team.name}`, { team: team.name, id: team.id });
  return ok(team);
}

export interface Membership {
  member: Member;
  /** The team before the change (null: none). */
  before: Team | null;
  /** The team after the change (null: none). */
  after: Team | null;
  changed: boolean;
}

const teamOf = async (ctx: CommandContext, member: Member): Promise<Team | null> =>
  member.team_id === null ? null : ((await findTeamById(ctx.db, ctx.workspace.id, member.team_id)) ?? null);

/** Puts a rep in a team, moving them out of the one they were in (a rep belongs to one team). */
export async function addToTeam(ctx: CommandContext, ref: UserRef, teamName: string): Promise<Result<Membership, Problem>> {
  const team = await findTeamByName(ctx.db, ctx.workspace.id, teamName);
  if (!team) return err(problem('not_found', 'pacer.team.error.unknown', { team: teamName }, `/pacer team create ${teamName}`));
  const found = await resolveMember(ctx, ref, TEAM_EXAMPLES.add);
  if (!found.ok) return found;
  const member = found.value;
  const before = await teamOf(ctx, member);
  if (before?.id === team.id) return ok({ member, before, after: team, changed: false });
  await setMemberTeam(ctx.db, member.id, team.id);
  await ctx.audit('team.add', memberSubject(member), { member: member.display_name, before: before?.name ?? null, after: team.name });
  return ok({ member: { ...member, team_id: team.id }, before, after: team, changed: true });
}

/** Takes a rep out of their team. Naming the team is optional; if named, it must be theirs. */
export async function removeFromTeam(ctx: CommandContext, ref: UserRef, teamName?: string): Promise<Result<Membership, Problem>> {
  const found = await resolveMember(ctx, ref, TEAM_EXAMPLES.remove);
  if (!found.ok) return found;
  const member = found.value;
  const before = await teamOf(ctx, member);
  if (!before) return err(problem('conflict', 'pacer.team.error.not_in_any', { name: member.display_name }, TEAM_EXAMPLES.add));
  if (teamName !== undefined && before.name.toLowerCase() !== teamName.toLowerCase()) {
    return err(problem('conflict', 'pacer.team.error.not_in_team', { name: member.display_name, team: teamName, actual: before.name }, TEAM_EXAMPLES.remove));
  }
  await setMemberTeam(ctx.db, member.id, null);
  await ctx.audit('team.remove', memberSubject(member), { member: member.display_name, before: before.name, after: null });
  return ok({ member: { ...member, team_id: null }, before, after: null, changed: true });
}

export type TeamSummary = Team & { members: number };

/** Every team of the workspace with how many people are in it, by name. */
export async function teamsWithCounts(ctx: CommandContext): Promise<TeamSummary[]> {
  return listTeams(ctx.db, ctx.workspace.id);
}

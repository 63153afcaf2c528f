import { defineCommand, type CommandContext, type Role } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { effectiveRole } from '../../bot/roles.ts';
import { resolveMember } from '../workspaces/workspace.service.ts';
import { roleChangedMessage } from '../workspaces/workspace.views.ts';
import { parseRoleArgs, ROLE_EXAMPLE, type RoleArgs } from './member.grammar.ts';
import { setMemberRole } from './member.repository.ts';
import type { Member } from './member.table.ts';

export interface RoleChange {
  member: Member;
  before: Role;
  after: Role;
}

/**
 * Grants a role in Pacer; audited as `member.role` with the granted and effective roles before and
 * after. An admin cannot grant themselves anything less than admin: refusing that is what keeps a
 * workspace from losing its last admin by a slip of the keyboard (another admin can still do it).
 */
export async function grantRole(ctx: CommandContext, args: RoleArgs): Promise<Result<RoleChange, Problem>> {
  const found = await resolveMember(ctx, args.user, ROLE_EXAMPLE);
  if (!found.ok) return found;
  const member = found.value;
  if (member.id === ctx.actor.id && args.role !== 'admin') {
    return err(problem('forbidden', 'pacer.role.error.self_demote', { role: ctx.t(`common.roles.${args.role}`) }));
  }
  const before = member.role;
  if (before === args.role) return ok({ member, before, after: before });
  await setMemberRole(ctx.db, member.id, args.role);
  const updated = { ...member, role: args.role };
  await ctx.audit('member.role', `member:${member.external_id}`, {
    member: member.display_name,
    before,
    after: args.role,
    effectiveBefore: effectiveRole(member),
    effectiveAfter: effectiveRole(updated),
  });
  return ok({ member: updated, before, after: args.role });
}

/** `/pacer role @bob manager`: admins make people reps, managers or admins. */
export const roleCommand = defineCommand<RoleArgs>({
  path: 'pacer role',
  summary: 'pacer.help.role',
  usage: '/pacer role <@person> <rep|manager|admin>',
  examples: [ROLE_EXAMPLE, '/pacer role @alice admin', '/pacer role @carol rep'],
  role: 'admin',
  parse: parseRoleArgs,
  async run(ctx, args) {
    const change = await grantRole(ctx, args);
    if (!change.ok) return change;
    const { member, before, after } = change.value;
    return ok(roleChangedMessage(member, before, after, ctx.platform, ctx.t));
  },
});

import { defineCommand } from '../../bot/command.ts';
import { ok } from '../../bot/result.ts';
import { membershipMessage, teamCreatedMessage, teamListMessage } from '../workspaces/workspace.views.ts';
import { parseTeam, TEAM_EXAMPLES, type TeamArgs } from './team.grammar.ts';
import { addToTeam, createNamedTeam, removeFromTeam, teamsWithCounts } from './team.service.ts';

/**
 * `/pacer team create|add|list|remove`: one declared command, because the registry routes only the
 * first word after `/pacer`; the action word is read by the team grammar.
 */
export const teamCommand = defineCommand<TeamArgs>({
  path: 'pacer team',
  summary: 'pacer.help.team',
  usage: '/pacer team <create <name> | add <@person> <team> | list | remove <@person>>',
  examples: Object.values(TEAM_EXAMPLES),
  role: 'admin',
  parse: parseTeam,
  async run(ctx, args) {
    switch (args.kind) {
      case 'list':
        return ok(teamListMessage(await teamsWithCounts(ctx), ctx.t));
      case 'create': {
        const team = await createNamedTeam(ctx, args.name);
        return team.ok ? ok(teamCreatedMessage(team.value, ctx.t)) : team;
      }
      case 'add': {
        const change = await addToTeam(ctx, args.user, args.team);
        return change.ok ? ok(membershipMessage(change.value, ctx.t)) : change;
      }
      case 'remove': {
        const change = await removeFromTeam(ctx, args.user, args.team);
        return change.ok ? ok(membershipMessage(change.value, ctx.t)) : change;
      }
    }
  },
});

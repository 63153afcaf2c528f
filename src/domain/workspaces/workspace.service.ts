import type { CommandContext, UserRef } from '../../bot/command.ts';
import { problem, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import type { Db } from '../../db/database.ts';
import { shownRef } from '../members/member.grammar.ts';
import type { Member } from '../members/member.table.ts';
import type { ConfigArgs, Setting } from './workspace.grammar.ts';
import { holidayColumns, holidaySetting } from './workspace.holidays.ts';
import { updateWorkspace } from './workspace.repository.ts';
import type { Workspace, WorkspaceUpdate } from './workspace.table.ts';

type WorkspacePatch = Omit<WorkspaceUpdate, 'id' | 'updated_at'>;

/** What a settings command did: `changed` false when the value was already set (nothing written). */
export interface SettingChange {
  setting: Setting;
  before: string;
  after: string;
  changed: boolean;
  workspace: Workspace;
}

/** The workspace row, locked until the command commits, so two admins' changes cannot interleave. */
export async function lockWorkspace(db: Db, id: number): Promise<Workspace> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** Deals, and revenue goals, recorded in any currency other than `currency`. */
async function amountsInOtherCurrencies(db: Db, workspaceId: number, currency: string): Promise<{ deals: number; goals: number }> {
  const deals = await db
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('currency', '<>', currency)
    .executeTakeFirstOrThrow();
  // Goals counted in deals hold a count, not an amount: their currency column means nothing.
  const goals = await db
    .selectFrom('goals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('metric', '=', 'revenue')
    .where('currency', '<>', currency)
    .executeTakeFirstOrThrow();
  return { deals: Number(deals.n), goals: Number(goals.n) };
}

/** A setting's value as typed and audited; each is the workspace column of the same name, but holidays. */
function valueOf(workspace: Workspace, setting: Setting): string {
  return setting === 'holidays' ? holidaySetting(workspace) : workspace[setting];
}

function patchOf(setting: Setting, value: string): WorkspacePatch {
  switch (setting) {
    case 'currency':
      return { currency: value };
    case 'locale':
      return { locale: value };
    case 'timezone':
      return { timezone: value };
    case 'holidays':
      return holidayColumns(value);
  }
}

/**
 * Changes one workspace setting; audited as `workspace.config` with the value before and after (for
 * holidays, as typed: `SI`, `US-CA`, `off`, or `default` when none was chosen).
 *
 * Decision: the currency can change only while the workspace holds no deals and no revenue goals in
 * another currency. Stored amounts are minor units of the currency they were recorded in and are never
 * converted (there is no trustworthy rate to convert at, and a silent conversion would rewrite every
 * past report); letting the workspace currency drift from them would make totals add euros to dollars.
 * So the choice is made up front, and a workspace that got it wrong after logging deals asks for help
 * rather than getting a quietly inconsistent history.
 */
export async function changeSetting(ctx: CommandContext, args: Extract<ConfigArgs, { kind: Setting }>): Promise<Result<SettingChange, Problem>> {
  const setting = args.kind;
  const current = await lockWorkspace(ctx.db, ctx.workspace.id);
  const before = valueOf(current, setting);
  const after = args.value;
  if (before === after) return ok({ setting, before, after, changed: false, workspace: current });
  if (setting === 'currency') {
    const other = await amountsInOtherCurrencies(ctx.db, current.id, after);
    if (other.deals > 0 || other.goals > 0) {
      return err(problem('conflict', 'pacer.config.error.currency_in_use', { currency: after, current: before, deals: other.deals, goals: other.goals }));
    }
  }
  const workspace = await updateWorkspace(ctx.db, current.id, patchOf(setting, after), ctx.now);
  await ctx.audit('workspace.config', `workspace:${current.external_id}`, { setting, before, after });
  // Schedules run in the workspace's zone (its Monday post, and reps who have no zone of their own).
  if (setting === 'timezone') ctx.after({ kind: 'schedules.stale', workspaceId: current.id });
  return ok({ setting, before, after, changed: true, workspace });
}

/** The settings as they are now (read inside the command's transaction). */
export async function currentSettings(ctx: CommandContext): Promise<Workspace> {
  return (await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', ctx.workspace.id).executeTakeFirst()) ?? ctx.workspace;
}

/**
 * The member an admin command names, or a not-found problem that says who and how to name them.
 * A typed `@name` must match exactly one person, so an ambiguous name is refused, never guessed.
 */
export async function resolveMember(ctx: CommandContext, ref: UserRef, example: string): Promise<Result<Member, Problem>> {
  const member = await ctx.findMember(ref);
  return member ? ok(member) : err(problem('not_found', 'pacer.error.unknown_user', { user: shownRef(ref) }, example));
}

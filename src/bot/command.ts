import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Member } from '../domain/members/member.table.ts';
import type { Workspace } from '../domain/workspaces/workspace.table.ts';
import type { Locale, Translate } from '../i18n/locale.ts';
import type { Form, Message } from '../messages/message.ts';
import type { Formats } from '../i18n/formats.ts';
import type { Effect } from './effects.ts';
import { extraWords, type Problem } from './errors.ts';
import type { ConversationRef, Platform } from './ports.ts';
import type { Result } from './result.ts';

export type Role = 'rep' | 'manager' | 'admin';

/** A person named in a command: a platform mention (`<@U123>`) or a typed name (`@alice`). */
export type UserRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** What parsing may depend on: the workspace's number format and currency. */
export interface ParseContext {
  /** The workspace locale: amounts follow it (in `sl`, `12.500,50` is 12500.50). */
  numberLocale: Locale;
  currency: string;
}

/** Who is acting, where, when and in which language. */
export interface Caller {
  workspace: Workspace;
  actor: Member;
  role: Role;
  locale: Locale;
  t: Translate;
  fmt: Formats;
  now: Date;
}

/** What a running command sees. `db` is the command's one transaction: nothing is half-written. */
export interface CommandContext extends Caller {
  db: Transaction<Database>;
  platform: Platform;
  /** Finds (or, for a platform mention, first registers) the member a command names. */
  findMember(ref: UserRef): Promise<Member | undefined>;
  /** Writes an audit entry in the command's transaction. */
  audit(action: string, subject: string, details?: Record<string, unknown>): Promise<void>;
  /** Asks for work to happen once the transaction has committed (dropped if it rolls back). */
  after(effect: Effect): void;
  /** Where the command was typed, when the platform says (`/pacer config channel goals here`). */
  conversation?: ConversationRef;
}

/** What help shows and the dispatcher checks, whatever the command's arguments. */
export interface CommandMeta {
  /** `deal`, or a subcommand path such as `deal lost`, `goal set`, `pacer config`. */
  path: string;
  /** i18n key of a one-line summary for help. */
  summary: string;
  /** Never translated: commands are typed the same in every language. */
  usage: string;
  examples: string[];
  /** The least role that may run it. */
  role: Role;
  /**
   * True for a command that only reads (`/goal`, `/leaderboard`): running it twice is harmless, so
   * its delivery is not recorded and its transaction commits without a write to flush.
   */
  readOnly?: boolean;
  /** A form to open when the command is given no text (a command that records something). */
  form?(ctx: FormContext): Form;
}

/** A declared command: parse is pure and never throws; run returns a message or a typed problem. */
export interface CommandSpec<Args> extends CommandMeta {
  parse(text: string, pctx: ParseContext): Result<Args, Problem>;
  run(ctx: CommandContext, args: Args): Promise<Result<Message, Problem>>;
  /** Reads a submitted form into the same Args that parse gives; errors are per field id. */
  fromForm?(values: Record<string, string | undefined>, pctx: ParseContext): Result<Args, Record<string, Problem>>;
}

export interface FormContext {
  t: Translate;
  locale: Locale;
  workspace: Workspace;
  /** Opaque state to carry through the form (where to answer). */
  state?: string;
}

export type Prepared = (ctx: CommandContext) => Promise<Result<Message, Problem>>;

/** A command with its argument type erased, as the registry keeps it. */
export interface Command extends CommandMeta {
  prepare(text: string, pctx: ParseContext): Result<Prepared, Problem>;
  prepareForm?(values: Record<string, string | undefined>, pctx: ParseContext): Result<Prepared, Record<string, Problem>>;
}

/** Declares a command. The result keeps the spec's types inside and exposes the erased shape. */
export function defineCommand<Args>(spec: CommandSpec<Args>): Command {
  const { parse, run, fromForm, ...meta } = spec;
  const bind = (args: Args): Prepared => (ctx) => run(ctx, args);
  return {
    ...meta,
    prepare(text, pctx) {
      const parsed = parse(text, pctx);
      return parsed.ok ? { ok: true, value: bind(parsed.value) } : parsed;
    },
    ...(fromForm && {
      prepareForm(values, pctx) {
        const parsed = fromForm(values, pctx);
        return parsed.ok ? { ok: true, value: bind(parsed.value) } : parsed;
      },
    }),
  };
}

/** The parse of a command that takes nothing: whatever text follows is refused as extra words. */
export const noArguments = (example: string) => (text: string): Result<null, Problem> =>
  text.trim() ? { ok: false, error: extraWords(text.trim(), example) } : { ok: true, value: null };

/** A button's handler, routed by action id. */
export interface ActionSpec {
  actionId: string;
  role: Role;
  run(ctx: CommandContext, value: string | undefined): Promise<Result<Message, Problem>>;
}

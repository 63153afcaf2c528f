import { sql } from 'kysely';
import type { Role } from '../../../bot/command.ts';
import { ROLES } from '../../../bot/roles.ts';
import { toLocale } from '../../../i18n/locale.ts';
import { isValidZone } from '../../../time/periods.ts';
import { parseRole } from '../../members/member.grammar.ts';
import { MAX_TEAM_NAME } from '../../teams/team.grammar.ts';
import { collect, oneOf, text, type Cell, type CellIssue } from './cells.ts';
import type { ImportContext, KindImporter, Written } from './importer.ts';

const MAX_NAME = 80;
/** Slack ids are 11 characters, Teams ids about 90: anything longer is not an id. */
const MAX_REP = 200;
/** RFC 5321's limit on a whole address. */
const MAX_EMAIL = 254;
/** Plausible, not RFC-complete: catches a name or a phone number in the wrong column, never a real address. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** `sl`, `sl-SI`, `en_US`: what platforms give; the stored value is read with `toLocale`. */
const LOCALE = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;

/** A checked members.csv row. Null means "leave what is stored" for an existing member (see memberImporter). */
export interface MemberRow {
  line: number;
  rep: string;
  name: string;
  email: string | null;
  /** Whitespace collapsed, as /pacer team create stores names; created if the workspace has no such team. */
  team: string | null;
  /** Never null: the cell's role, else the member's current one, else `rep`. */
  role: Role;
  timezone: string | null;
  locale: string | null;
}

interface Stored {
  role: Role;
  is_platform_admin: boolean;
}

const issue = (column: string, key: string, params?: Record<string, string | number>): CellIssue => ({ column, key, ...(params && { params }) });
const good = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (column: string, key: string, params?: Record<string, string | number>): Cell<never> => ({ ok: false, issue: issue(column, key, params) });
const echo = (raw: string): string => (raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

function email(raw: string): Cell<string | null> {
  if (!raw) return good(null);
  return raw.length <= MAX_EMAIL && EMAIL.test(raw) ? good(raw) : fail('email', 'imports.cell.email', { value: echo(raw) });
}

/** A team name as /pacer team create would accept it (checkTeamName's rules, worded for a cell). */
function teamName(raw: string): Cell<string | null> {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) return good(null);
  if ([...name].length > MAX_TEAM_NAME) return fail('team', 'imports.cell.too_long', { max: MAX_TEAM_NAME });
  return /^[@<#]/.test(name) || name.includes('<@') ? fail('team', 'imports.cell.team_name', { value: echo(name) }) : good(name);
}

/** Stored in its canonical spelling (`europe/ljubljana` → `Europe/Ljubljana`), as platforms give zones. */
function timezone(raw: string): Cell<string | null> {
  if (!raw) return good(null);
  if (!isValidZone(raw)) return fail('timezone', 'imports.cell.timezone', { value: echo(raw) });
  return good(new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone);
}

function locale(raw: string): Cell<string | null> {
  if (!raw) return good(null);
  return LOCALE.test(raw) && toLocale(raw) ? good(raw) : fail('locale', 'imports.cell.not_one_of', { value: echo(raw), allowed: 'en, sl' });
}

/**
 * Admin rights are never taken away by a file: an import has no actor to audit and cannot apply
 * /pacer role's "not yourself" rule, and a spreadsheet column is too easy to get wrong. So a row that
 * would turn a granted admin into less is refused (use /pacer role), and so is one that changes a
 * platform admin's granted role to anything but admin (they stay Pacer admins whatever it says, so the
 * change would be silent until they lose platform rights). Granting admin is allowed. Hence an import
 * can never leave a workspace without an admin.
 */
function roleIssue(stored: Stored | undefined, role: Role | null): CellIssue | undefined {
  if (!stored || role === null || role === 'admin' || role === stored.role) return undefined;
  if (stored.role === 'admin') return issue('role', 'imports.cell.admin_demote', { value: role });
  if (stored.is_platform_admin) return issue('role', 'imports.cell.platform_admin', { value: role });
  return undefined;
}

/**
 * members.csv: `rep, name, email, team, role, timezone, locale`, upserted by the platform user id.
 * New members get what the row says (role `rep` when empty). For a member Pacer knows, the name is
 * always set, and an empty optional cell keeps what is stored: a CRM export without zones must not
 * wipe the zones Pacer read from the platform, nor an empty role demote a manager. A team the
 * workspace does not have is created (the first spelling in the file names it), as the deals
 * importer's "unknown team" message promises. A rep, or an e-mail address, may appear once per file,
 * and an address may not belong to another member (a deal's rep may be named by it, so it must
 * name one person).
 */
export async function memberImporter(ctx: ImportContext): Promise<KindImporter<MemberRow>> {
  const { trx, workspace } = ctx;
  const repLines = new Map<string, number>();
  const emailOwners = new Map<string, string>();

  const stored = (rep: string): Promise<Stored | undefined> =>
    trx.selectFrom('members').select(['role', 'is_platform_admin']).where('workspace_id', '=', workspace.id).where('external_id', '=', rep).executeTakeFirst();

  /** Another member holding the address, in the database or earlier in this file. */
  async function emailOwner(address: string, rep: string): Promise<string | undefined> {
    const lowered = address.toLowerCase();
    const inFile = emailOwners.get(lowered);
    if (inFile !== undefined) return inFile === rep ? undefined : inFile;
    emailOwners.set(lowered, rep);
    const other = await trx.selectFrom('members').select('external_id').where('workspace_id', '=', workspace.id)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', lowered)).where('external_id', '<>', rep).executeTakeFirst();
    return other?.external_id;
  }

  /** A rep once per file, an address of one member only, and no admin rights taken away. */
  async function acrossRows(rep: string, line: number, address: string | null, role: Role | null): Promise<{ issues: CellIssue[]; stored?: Stored }> {
    const issues: CellIssue[] = [];
    const first = repLines.get(rep);
    if (first !== undefined) issues.push(issue('rep', 'imports.cell.duplicate_rep', { value: echo(rep), first }));
    else repLines.set(rep, line);
    const owner = address === null ? undefined : await emailOwner(address, rep);
    if (owner !== undefined) issues.push(issue('email', 'imports.cell.email_taken', { value: echo(address ?? ''), rep: echo(owner) }));
    const before = await stored(rep);
    const demotion = roleIssue(before, role);
    if (demotion) issues.push(demotion);
    return before ? { issues, stored: before } : { issues };
  }

  return {
    async read(cells, line) {
      const rep = text('rep', cells.rep ?? '', { required: true, max: MAX_REP });
      const mail = email(cells.email ?? '');
      const role = cells.role ? oneOf('role', cells.role, ROLES, parseRole) : good(null);
      const read = collect({
        rep,
        name: text('name', cells.name ?? '', { required: true, max: MAX_NAME }),
        email: mail,
        team: teamName(cells.team ?? ''),
        role,
        timezone: timezone(cells.timezone ?? ''),
        locale: locale(cells.locale ?? ''),
      });
      // The rules across rows and the database, checked even when another cell is wrong: one run reports all.
      const across = rep.ok && rep.value !== null ? await acrossRows(rep.value, line, mail.ok ? mail.value : null, role.ok ? role.value : null) : { issues: [] };
      if (!read.ok) return { ok: false, issues: [...read.issues, ...across.issues] };
      if (across.issues.length > 0) return { ok: false, issues: across.issues };
      const v = read.value;
      return {
        ok: true,
        value: { line, rep: v.rep ?? '', name: v.name ?? '', email: v.email, team: v.team, role: v.role ?? across.stored?.role ?? 'rep', timezone: v.timezone, locale: v.locale },
      };
    },

    async write(rows) {
      await createTeams(ctx, rows.map((r) => r.team));
      return upsertMembers(ctx, rows);
    },
  };
}

/** Creates the teams a batch names that the workspace lacks, in one statement; the first spelling wins. */
async function createTeams(ctx: ImportContext, names: (string | null)[]): Promise<void> {
  if (!names.some((n) => n !== null)) return;
  const ws = ctx.workspace.id;
  // `not exists` first: ON CONFLICT alone would still draw a team id for every name already there.
  await sql`
    insert into teams (workspace_id, name)
    select distinct on (lower(n.name)) ${ws}::integer, n.name
    from unnest(${names}::text[]) with ordinality as n(name, i)
    where n.name is not null and not exists (select 1 from teams t where t.workspace_id = ${ws} and lower(t.name) = lower(n.name))
    order by lower(n.name), n.i
    on conflict do nothing`.execute(ctx.trx);
}

/**
 * Upserts a batch in one statement. A member whose stored values already are what the row says is
 * not touched, and counts as unchanged rather than updated (so importing a file twice says so).
 */
async function upsertMembers(ctx: ImportContext, rows: MemberRow[]): Promise<Written> {
  const ws = ctx.workspace.id;
  const result = await sql<{ inserted: boolean }>`
    insert into members as m (workspace_id, external_id, display_name, email, team_id, role, timezone, locale)
    select ${ws}::integer, b.rep, b.name, b.email, t.id, b.role, b.timezone, b.locale
    from unnest(
      ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.rep)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.email)}::text[],
      ${rows.map((r) => r.team)}::text[], ${rows.map((r) => r.role)}::text[], ${rows.map((r) => r.timezone)}::text[], ${rows.map((r) => r.locale)}::text[]
    ) as b(line, rep, name, email, team, role, timezone, locale)
    left join teams t on t.workspace_id = ${ws} and lower(t.name) = lower(b.team)
    order by b.line
    on conflict (workspace_id, external_id) do update set
      display_name = excluded.display_name,
      email = coalesce(excluded.email, m.email),
      team_id = coalesce(excluded.team_id, m.team_id),
      role = excluded.role,
      timezone = coalesce(excluded.timezone, m.timezone),
      locale = coalesce(excluded.locale, m.locale)
    where (m.display_name, m.email, m.team_id, m.role, m.timezone, m.locale)
      is distinct from (excluded.display_name, coalesce(excluded.email, m.email), coalesce(excluded.team_id, m.team_id), excluded.role,
                        coalesce(excluded.timezone, m.timezone), coalesce(excluded.locale, m.locale))
    returning (xmax = 0) as inserted`.execute(ctx.trx);
  const created = result.rows.filter((r) => r.inserted).length;
  const updated = result.rows.length - created;
  return { created, updated, unchanged: rows.length - created - updated, problems: [] };
}

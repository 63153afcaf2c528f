import { sql } from 'kysely';
import { currencyDigits } from '../../../money/amount.ts';
import { parsePeriod } from '../../../time/periods.ts';
import { FIRST_YEAR, LAST_YEAR, seasonOf } from '../../../time/seasons.ts';
import type { GoalMetric, GoalScope, PeriodKind } from '../../goals/goal.table.ts';
import { amount, collect, count, day, oneOf, positiveAtMost, type Cell, type CellIssue } from './cells.ts';
import type { ImportContext, KindImporter, Written } from './importer.ts';
import { repReader, teamReader } from './reps.ts';

const SCOPES: readonly GoalScope[] = ['rep', 'team', 'company'];
const METRICS: readonly GoalMetric[] = ['revenue', 'deals'];
const PERIODS: readonly PeriodKind[] = ['week', 'month', 'quarter', 'year'];
/** The same ceilings as /goal set: a trillion in major units (parseAmount's), a million deals. */
const MAX_REVENUE_MAJOR = 1_000_000_000_000n;
const MAX_DEALS = 1_000_000n;

/** Slovenian words, as the commands take them (`/goal set ekipa East …`, `… 12 posli`). */
const SCOPE_WORDS: Record<string, GoalScope> = { prodajnik: 'rep', prodajalec: 'rep', ekipa: 'team', podjetje: 'company' };
const METRIC_WORDS: Record<string, GoalMetric> = { deal: 'deals', posli: 'deals', poslov: 'deals', posel: 'deals', prihodek: 'revenue', promet: 'revenue' };

/** A checked goals.csv row, ready to write. */
export interface GoalRow {
  line: number;
  scope: GoalScope;
  memberId: number | null;
  teamId: number | null;
  /** `rep:<id>`, `team:<id>` or `company`, as goal.ts `subjectKey` derives it (and a check constraint insists). */
  subjectKey: string;
  metric: GoalMetric;
  period: PeriodKind;
  start: string;
  end: string;
  /** Minor units of the workspace currency for revenue; a count for deals. */
  target: bigint;
}

type Subject = { scope: GoalScope; memberId: number | null; teamId: number | null; key: string };

const issue = (column: string, key: string, params?: Record<string, string | number>): CellIssue => ({ column, key, ...(params && { params }) });
const good = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (column: string, key: string, params?: Record<string, string | number>): Cell<never> => ({ ok: false, issue: issue(column, key, params) });

/**
 * A period's first day: `2026-11-01` for a month, a Monday for a week. Anything else is refused with
 * the day that period starts on, rather than moved there: a goal for "November" typed as 2026-11-15
 * may as well have meant the week or the quarter.
 */
function periodStart(raw: string, period: PeriodKind | null): Cell<{ start: string; end: string } | null> {
  const cell = day('start', raw);
  if (!cell.ok) return cell;
  const year = Number(cell.value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return fail('start', 'imports.cell.year', { value: cell.value, first: FIRST_YEAR, last: LAST_YEAR });
  if (period === null) return good(null);
  const season = seasonOf(period, cell.value);
  return season.start === cell.value ? good({ start: season.start, end: season.end }) : fail('start', 'imports.cell.period_start', { value: cell.value, period, start: season.start });
}

/**
 * goals.csv: `scope, subject, target, metric, period, start`, upserted on the goals' unique key
 * (subject, metric, period, start), as /goal set does. A rep is named by platform id or e-mail, a team
 * by name (never created here: a goal for a misspelt team is a mistake), the company by nothing.
 * Revenue targets are plain decimals in the workspace currency; deal targets whole counts. The same
 * goal twice in one file is refused, since one of the two targets would silently win. An import has
 * no author, so `created_by` is empty on new goals and kept on changed ones; nothing is audited or
 * announced (ImportContext carries no actor).
 */
export async function goalImporter(ctx: ImportContext): Promise<KindImporter<GoalRow>> {
  const { trx, workspace } = ctx;
  const rep = repReader(trx, workspace.id, ctx.lookupEmail);
  const team = teamReader(trx, workspace.id);
  const firstLine = new Map<string, number>();

  async function subject(scope: GoalScope | null, raw: string): Promise<Cell<Subject | null>> {
    if (scope === 'company') return raw ? fail('subject', 'imports.cell.company_subject', { value: raw.slice(0, 40) }) : good({ scope, memberId: null, teamId: null, key: 'company' });
    if (scope === 'rep') {
      const found = await rep('subject', raw);
      return found.ok ? good({ scope, memberId: found.value.id, teamId: null, key: `rep:${found.value.id}` }) : found;
    }
    if (scope === 'team') {
      if (!raw) return fail('subject', 'imports.cell.missing');
      const found = await team('subject', raw);
      return found.ok ? good({ scope, memberId: null, teamId: found.value, key: `team:${found.value}` }) : found;
    }
    // An unreadable scope is reported on its own column; the subject cannot be judged without it.
    return good(null);
  }

  function target(metric: GoalMetric | null, raw: string): Cell<bigint | null> {
    if (metric === 'deals') return positiveAtMost(count('target', raw), 'target', MAX_DEALS, MAX_DEALS);
    if (metric === 'revenue') return positiveAtMost(amount('target', raw, workspace.currency), 'target', MAX_REVENUE_MAJOR * 10n ** BigInt(currencyDigits(workspace.currency)), MAX_REVENUE_MAJOR);
    return good(null);
  }

  return {
    async read(cells, line) {
      const scope = oneOf('scope', cells.scope ?? '', SCOPES, (w) => SCOPE_WORDS[w]);
      const metric = cells.metric ? oneOf('metric', cells.metric, METRICS, (w) => METRIC_WORDS[w]) : good<GoalMetric>('revenue');
      const period = oneOf('period', cells.period ?? '', PERIODS, parsePeriod);
      const read = collect({
        scope,
        subject: await subject(scope.ok ? scope.value : null, cells.subject ?? ''),
        target: target(metric.ok ? metric.value : null, cells.target ?? ''),
        metric,
        period,
        start: periodStart(cells.start ?? '', period.ok ? period.value : null),
      });
      if (!read.ok) return read;
      const { subject: who, target: value, start } = read.value;
      // Null only when scope, metric or period was unreadable, and then `collect` has reported it.
      if (!who || value === null || !start) throw new Error('goals.csv: a row read without its scope, metric or period');
      const key = [who.key, read.value.metric, read.value.period, start.start].join('|');
      const first = firstLine.get(key);
      if (first !== undefined) return { ok: false, issues: [issue('', 'imports.cell.duplicate_goal', { first })] };
      firstLine.set(key, line);
      return {
        ok: true,
        value: { line, scope: who.scope, memberId: who.memberId, teamId: who.teamId, subjectKey: who.key, metric: read.value.metric, period: read.value.period, start: start.start, end: start.end, target: value },
      };
    },

    write: (rows) => upsertGoals(ctx, rows),
  };
}

/**
 * Upserts a batch in one statement, like upsertGoal: the target and currency change, the author stays.
 * A goal already so is left alone and counted unchanged (importing a file twice says so).
 */
async function upsertGoals(ctx: ImportContext, rows: GoalRow[]): Promise<Written> {
  const { trx, workspace } = ctx;
  const result = await sql<{ inserted: boolean }>`
    insert into goals as g (workspace_id, scope, member_id, team_id, subject_key, metric, period, period_start, period_end, target, currency)
    select ${workspace.id}::integer, b.scope, b.member_id, b.team_id, b.subject_key, b.metric, b.period, b.period_start, b.period_end, b.target, ${workspace.currency}::text
    from unnest(
      ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.scope)}::text[], ${rows.map((r) => r.memberId)}::int[], ${rows.map((r) => r.teamId)}::int[],
      ${rows.map((r) => r.subjectKey)}::text[], ${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.period)}::text[], ${rows.map((r) => r.start)}::date[],
      ${rows.map((r) => r.end)}::date[], ${rows.map((r) => r.target.toString())}::bigint[]
    ) as b(line, scope, member_id, team_id, subject_key, metric, period, period_start, period_end, target)
    order by b.line
    on conflict (workspace_id, subject_key, metric, period, period_start) do update set
      target = excluded.target, currency = excluded.currency, updated_at = ${ctx.now}
    where (g.target, g.currency) is distinct from (excluded.target, excluded.currency)
    returning (xmax = 0) as inserted`.execute(trx);
  const created = result.rows.filter((r) => r.inserted).length;
  const updated = result.rows.length - created;
  return { created, updated, unchanged: rows.length - created - updated, problems: [] };
}

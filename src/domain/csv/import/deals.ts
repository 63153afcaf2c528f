import { sql, type RawBuilder } from 'kysely';
import { parseDealRef, parseLossReason } from '../../deals/deal.ts';
import { LOSS_REASONS, type DealStage, type LossReason } from '../../deals/deal.table.ts';
import { currencyDigits } from '../../../money/amount.ts';
import { amount, collect, dateReader, oneOf, positiveAtMost, text, type CellIssue } from './cells.ts';
import type { ImportContext, KindImporter, Written } from './importer.ts';
import { repReader, teamReader } from './reps.ts';

const STAGES: readonly DealStage[] = ['won', 'delivered', 'serviced', 'lost'];
const MAX_TEXT = 200;
const MAX_REF = 100;
/** A deal above a trillion is a typo (and the most the leaderboard's sums are sized for). */
const MAX_AMOUNT_MAJOR = 1_000_000_000_000n;

/** A checked deals.csv row, ready to write. */
export interface DealRow {
  line: number;
  /** `D-42` updates Pacer's own deal 42; another ref is the deal's id in the system it came from. */
  ref: { kind: 'number'; number: number } | { kind: 'external'; ref: string } | null;
  memberId: number;
  teamId: number | null;
  customer: string;
  product: string | null;
  amountMinor: bigint | null;
  stage: DealStage;
  lossReason: LossReason | null;
  occurredAt: Date;
  deliveredAt: Date | null;
  servicedAt: Date | null;
}

const issue = (column: string, key: string, params?: Record<string, string | number>): CellIssue => ({ column, key, ...(params && { params }) });

/** The rules across cells: a lost deal has a reason and no delivery; dates follow the stage and each other. */
function stageIssues(r: { stage: DealStage; lossReason: string; amountMinor: bigint | null; occurredAt: Date; deliveredAt: Date | null; servicedAt: Date | null }): CellIssue[] {
  const issues: CellIssue[] = [];
  if (r.stage === 'lost' && !r.lossReason) issues.push(issue('loss_reason', 'imports.cell.reason_required'));
  if (r.stage !== 'lost' && r.lossReason) issues.push(issue('loss_reason', 'imports.cell.reason_not_lost'));
  if (r.stage !== 'lost' && r.amountMinor === null) issues.push(issue('amount', 'imports.cell.missing'));
  if ((r.stage === 'won' || r.stage === 'lost') && r.deliveredAt) issues.push(issue('delivered_at', 'imports.cell.not_delivered', { stage: r.stage }));
  if (r.stage !== 'serviced' && r.servicedAt) issues.push(issue('serviced_at', 'imports.cell.not_serviced', { stage: r.stage }));
  if (r.deliveredAt && r.deliveredAt < r.occurredAt) issues.push(issue('delivered_at', 'imports.cell.before_date'));
  if (r.servicedAt && r.servicedAt < (r.deliveredAt ?? r.occurredAt)) issues.push(issue('serviced_at', 'imports.cell.before_delivered'));
  return issues;
}

/**
 * deals.csv: `date, rep, customer, amount, currency, product, stage, loss_reason, delivered_at,
 * serviced_at, team, ref`. A deal whose `ref` was imported before is updated, not added again; `D-42`
 * is Pacer's own deal 42 (what an export writes for deals logged here). A delivered deal without
 * `delivered_at` was delivered on its date; likewise serviced. The team is the rep's unless named.
 * Refs must be unique within a file (checked in the database, so a million refs cost no memory).
 * Nothing reaches `deals` until the whole file is read and clean.
 */
export async function dealImporter(ctx: ImportContext): Promise<KindImporter<DealRow>> {
  const { trx, workspace } = ctx;
  const zone = workspace.timezone;
  const rep = repReader(trx, workspace.id, ctx.lookupEmail);
  const team = teamReader(trx, workspace.id);
  const maxMinor = MAX_AMOUNT_MAJOR * 10n ** BigInt(currencyDigits(workspace.currency));
  const date = dateReader(zone, ctx.now);
  // Rows are staged as the file streams and written to `deals` only once the whole file is clean, so
  // a refused or dry-run import takes no deal numbers. A ref used twice in the file meets the unique key.
  // The key costs PostgreSQL about 3.5 s a million rows, but while Node reads the next batch (measured:
  // staging is hidden behind reading), where finding repeats with one GROUP BY at the end would add
  // 1.4 s to the import's own time.
  await sql`create temp table csv_deals (
      line integer not null, ref_key text unique, ref text, number integer, member_id integer not null, team_id integer,
      customer text not null, product text, amount_minor bigint, stage text not null, loss_reason text,
      occurred_at timestamptz not null, delivered_at timestamptz, serviced_at timestamptz
    ) on commit drop`.execute(trx);

  return {
    async read(cells, line) {
      const stage = oneOf('stage', cells.stage ?? '', STAGES);
      const lost = stage.ok && stage.value === 'lost';
      const cellsRead = collect({
        occurredAt: date('date', cells.date ?? ''),
        rep: await rep('rep', cells.rep ?? ''),
        customer: text('customer', cells.customer ?? '', { required: true, max: MAX_TEXT }),
        // A lost deal may have no value, or 0; a won one has one above 0.
        amountMinor: lost ? (cells.amount ? amount('amount', cells.amount, workspace.currency) : { ok: true as const, value: null })
          : positiveAtMost(amount('amount', cells.amount ?? '', workspace.currency), 'amount', maxMinor, MAX_AMOUNT_MAJOR),
        currency: !cells.currency || cells.currency.toUpperCase() === workspace.currency
          ? { ok: true as const, value: null }
          : { ok: false as const, issue: issue('currency', 'imports.cell.currency', { value: cells.currency.slice(0, 10), currency: workspace.currency }) },
        product: text('product', cells.product ?? '', { required: false, max: MAX_TEXT }),
        stage,
        lossReason: cells.loss_reason ? oneOf('loss_reason', cells.loss_reason, LOSS_REASONS, parseLossReason) : { ok: true as const, value: null },
        deliveredAt: cells.delivered_at ? date('delivered_at', cells.delivered_at) : { ok: true as const, value: null },
        servicedAt: cells.serviced_at ? date('serviced_at', cells.serviced_at) : { ok: true as const, value: null },
        teamId: await team('team', cells.team ?? ''),
        ref: text('ref', cells.ref ?? '', { required: false, max: MAX_REF }),
      });
      if (!cellsRead.ok) return cellsRead;
      const v = cellsRead.value;
      const stageProblems = stageIssues({ ...v, lossReason: cells.loss_reason ?? '' });
      if (stageProblems.length > 0) return { ok: false, issues: stageProblems };
      const number = v.ref !== null && /^d-\d+$/i.test(v.ref) ? parseDealRef(v.ref) : undefined;
      return {
        ok: true,
        value: {
          line,
          ref: v.ref === null ? null : number !== undefined ? { kind: 'number', number } : { kind: 'external', ref: v.ref },
          memberId: v.rep.id,
          teamId: v.teamId ?? v.rep.teamId,
          customer: v.customer ?? '',
          product: v.product,
          amountMinor: v.amountMinor,
          stage: v.stage,
          lossReason: v.lossReason,
          occurredAt: v.occurredAt,
          deliveredAt: v.deliveredAt ?? (v.stage === 'delivered' || v.stage === 'serviced' ? v.occurredAt : null),
          servicedAt: v.servicedAt ?? (v.stage === 'serviced' ? (v.deliveredAt ?? v.occurredAt) : null),
        },
      };
    },
    write: (rows) => stage(trx, rows),
    // read() looks up members and teams, never csv_deals: the next batch is read while this one is staged.
    overlapWrites: true,
    finish: () => writeStaged(ctx),
  };
}

const refKey = (r: DealRow): string | null => (r.ref === null ? null : r.ref.kind === 'number' ? `D-${r.ref.number}` : r.ref.ref);

/**
 * An instant sent as milliseconds since 1970 (what a Date holds), back to timestamptz. PostgreSQL
 * multiplies an interval in float8: whole seconds and milliseconds apart, both products are exact for
 * every year from 0000 to 9999 (all the milliseconds at once lose microseconds after the year 4253).
 */
const instant = (ms: RawBuilder<unknown>): RawBuilder<unknown> => sql`timestamptz 'epoch' + (${ms} / 1000) * interval '1 second' + (${ms} % 1000) * interval '1 millisecond'`;

/** Stages a batch; a ref already staged (earlier in the file) is a problem at its second line. */
async function stage(trx: ImportContext['trx'], rows: DealRow[]): Promise<Written> {
  const c = columns(rows);
  // The ref's key (`D-42`, or the ref) is made here rather than sent: one string array less to escape.
  const staged = await sql<{ line: number }>`
    insert into csv_deals (line, ref_key, ref, number, member_id, team_id, customer, product, amount_minor, stage, loss_reason, occurred_at, delivered_at, serviced_at)
    select b.line, coalesce(b.ref, 'D-' || b.number), b.ref, b.number, b.member_id, b.team_id, b.customer, b.product, b.amount_minor, b.stage, b.loss_reason,
           ${instant(sql.ref('b.occurred'))}, ${instant(sql.ref('b.delivered'))}, ${instant(sql.ref('b.serviced'))}
    from unnest(
      ${c.lines}::int[], ${c.refs}::text[], ${c.numbers}::int[], ${c.members}::int[], ${c.teams}::int[], ${c.customers}::text[], ${c.products}::text[],
      ${c.amounts}::bigint[], ${c.stages}::text[], ${c.reasons}::text[], ${c.occurred}::bigint[], ${c.delivered}::bigint[], ${c.serviced}::bigint[]
    ) as b(line, ref, number, member_id, team_id, customer, product, amount_minor, stage, loss_reason, occurred, delivered, serviced)
    on conflict (ref_key) do nothing
    returning line`.execute(trx);
  if (staged.rows.length === rows.length) return { created: 0, updated: 0, unchanged: 0, problems: [] };
  const kept = new Set(staged.rows.map((r) => r.line));
  const again = rows.filter((r) => !kept.has(r.line));
  const firsts = await sql<{ ref_key: string; line: number }>`select ref_key, line from csv_deals where ref_key = any(${again.map(refKey)}::text[])`.execute(trx);
  const first = new Map(firsts.rows.map((r) => [r.ref_key, r.line]));
  return { created: 0, updated: 0, unchanged: 0, problems: again.map((r) => ({ line: r.line, issues: [issue('ref', 'imports.cell.duplicate_ref', { value: refKey(r) ?? '', first: first.get(refKey(r) ?? '') ?? 0 })] })) };
}

/**
 * Columns of a batch as arrays, for `unnest`: one statement per batch, whatever its size. Instants go
 * as milliseconds: formatting them as ISO text was most of the cost of building a batch in Node.
 */
function columns(rows: DealRow[]) {
  return {
    refs: rows.map((r) => (r.ref?.kind === 'external' ? r.ref.ref : null)),
    numbers: rows.map((r) => (r.ref?.kind === 'number' ? r.ref.number : null)),
    members: rows.map((r) => r.memberId),
    teams: rows.map((r) => r.teamId),
    customers: rows.map((r) => r.customer),
    products: rows.map((r) => r.product),
    amounts: rows.map((r) => (r.amountMinor === null ? null : r.amountMinor.toString())),
    stages: rows.map((r) => r.stage),
    reasons: rows.map((r) => r.lossReason),
    occurred: rows.map((r) => r.occurredAt.getTime()),
    delivered: rows.map((r) => r.deliveredAt?.getTime() ?? null),
    serviced: rows.map((r) => r.servicedAt?.getTime() ?? null),
    lines: rows.map((r) => r.line),
  };
}

/** A staged row names an existing deal: Pacer's own by number, or one imported before by its ref. */
const NAMES_A_DEAL = sql`(s.number is not null or exists (select 1 from deals d where d.workspace_id = ${sql.ref('w.id')} and d.ref = s.ref))`;

/**
 * Writes what was staged, once every row was read and none was bad: rows naming a deal update it, the
 * rest are inserted in file order with the workspace's next numbers, and the month totals are counted
 * once (their triggers stand aside meanwhile). A `D-` number that names no deal is a problem. A dry
 * run only counts.
 */
async function writeStaged(ctx: ImportContext): Promise<Written> {
  const { trx, workspace } = ctx;
  const missing = await sql<{ line: number; number: number }>`
    select s.line, s.number from csv_deals s
    where s.number is not null and not exists (select 1 from deals d where d.workspace_id = ${workspace.id} and d.number = s.number)
    order by s.line`.execute(trx);
  if (missing.rows.length > 0) {
    return { created: 0, updated: 0, unchanged: 0, problems: missing.rows.map((r) => ({ line: r.line, issues: [issue('ref', 'imports.cell.no_such_deal', { value: `D-${r.number}` })] })) };
  }
  const counts = await sql<{ total: string; naming: string }>`
    select count(*) as total, count(*) filter (where ${NAMES_A_DEAL}) as naming from csv_deals s, (select ${workspace.id}::integer as id) w`.execute(trx);
  const total = Number(counts.rows[0]?.total ?? 0);
  const updated = Number(counts.rows[0]?.naming ?? 0);
  if (updated > 0) {
    // One deal named twice (`D-5` on one line, the ref it was imported with on another): which line
    // would win is not the file's order, so the later line is a problem, like a ref used twice.
    const twice = await sql<{ line: number; number: number; first: number }>`
      select line, number, first from (
        select s.line, d.number, min(s.line) over (partition by d.id) as first
        from csv_deals s join deals d on d.workspace_id = ${workspace.id} and (d.number = s.number or d.ref = s.ref)
      ) named where line > first order by line`.execute(trx);
    if (twice.rows.length > 0) {
      return { created: 0, updated: 0, unchanged: 0, problems: twice.rows.map((r) => ({ line: r.line, issues: [issue('ref', 'imports.cell.same_deal', { value: `D-${r.number}`, first: r.first })] })) };
    }
  }
  if (ctx.dryRun) return { created: total - updated, updated, unchanged: 0, problems: [] };
  await sql`select set_config('pacer.bulk_deals', 'on', true)`.execute(trx);
  // The insert sorts the staged rows by line: with the default 4 MB a million rows spill to disk.
  await sql`set local work_mem = '256MB'`.execute(trx);
  // A file of new deals only (the usual first import) needs neither the update nor the per-row
  // look for a deal by ref in the insert: a million index probes, to find nothing.
  if (updated > 0) {
    await sql`
      update deals d set member_id = s.member_id, team_id = s.team_id, customer = s.customer, product = s.product, amount_minor = s.amount_minor,
        stage = s.stage, loss_reason = s.loss_reason, occurred_at = s.occurred_at,
        won_at = case when s.stage = 'lost' then null else s.occurred_at end, lost_at = case when s.stage = 'lost' then s.occurred_at end,
        delivered_at = s.delivered_at, serviced_at = s.serviced_at
      from csv_deals s
      where d.workspace_id = ${workspace.id} and (d.number = s.number or d.ref = s.ref)`.execute(trx);
  }
  await sql`
    insert into deals (workspace_id, number, member_id, team_id, customer, product, amount_minor, currency, stage, loss_reason,
                       occurred_at, won_at, delivered_at, serviced_at, lost_at, ref)
    select ${workspace.id}, next_deal_number(${workspace.id}::integer), s.member_id, s.team_id, s.customer, s.product, s.amount_minor, ${workspace.currency},
           s.stage, s.loss_reason, s.occurred_at, case when s.stage = 'lost' then null else s.occurred_at end, s.delivered_at, s.serviced_at,
           case when s.stage = 'lost' then s.occurred_at end, s.ref
    from csv_deals s, (select ${workspace.id}::integer as id) w
    where ${updated > 0 ? sql`not ${NAMES_A_DEAL}` : sql`true`}
    order by s.line`.execute(trx);
  await sql`select pacer_fill_deal_months(${workspace.id}::integer)`.execute(trx);
  await sql`select set_config('pacer.bulk_deals', 'off', true)`.execute(trx);
  return { created: total - updated, updated, unchanged: 0, problems: [] };
}

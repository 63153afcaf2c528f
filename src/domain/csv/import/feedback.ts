import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { parseDealRef } from '../../deals/deal.ts';
import { MAX_TEXT_LENGTH, MIN_TEXT_LENGTH, parseKind } from '../../feedback/feedback.ts';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../feedback/feedback.table.ts';
import { collect, oneOf, text, when, type Cell, type CellIssue } from './cells.ts';
import type { ImportContext, KindImporter, Written } from './importer.ts';
import { repReader } from './reps.ts';

/** As deals.csv's `ref`. */
const MAX_REF = 100;
/** Pacer's own numbers as an export writes them (`D-42`) or people type them (`d42`, `#42`). */
const NUMBER_REF = /^(?:d-?|#)\d{1,9}$/i;

/** A checked feedback.csv row, ready to write. */
export interface FeedbackRow {
  line: number;
  memberId: number;
  teamId: number | null;
  kind: FeedbackKind;
  text: string;
  dealId: bigint | null;
  createdAt: Date;
  /** The stored feedback this row is the same as, if any, was written in [sameFrom, sameTo). */
  sameFrom: Date;
  sameTo: Date;
}

const issue = (column: string, key: string, params?: Record<string, string | number>): CellIssue => ({ column, key, ...(params && { params }) });
const good = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (column: string, key: string, params?: Record<string, string | number>): Cell<never> => ({ ok: false, issue: issue(column, key, params) });

function feedbackText(raw: string): Cell<string | null> {
  const cell = text('text', raw, { required: true, max: MAX_TEXT_LENGTH });
  return cell.ok && [...raw].length < MIN_TEXT_LENGTH ? fail('text', 'imports.cell.too_short', { min: MIN_TEXT_LENGTH }) : cell;
}

/**
 * When feedback counts as already there. A date-time names an instant: the same millisecond (stored
 * times carry microseconds). A plain day, which is all the feedback export writes, names the whole
 * local day: exporting a workspace's feedback and importing the file back must add nothing.
 */
function sameWindow(raw: string, at: Date, zone: string): { sameFrom: Date; sameTo: Date } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { sameFrom: at, sameTo: DateTime.fromJSDate(at, { zone }).plus({ days: 1 }).toJSDate() };
  return { sameFrom: at, sameTo: new Date(at.getTime() + 1) };
}

/**
 * feedback.csv: `date, rep, kind, text, deal_ref`. The team is the rep's current one (feedback keeps
 * the team it was written in, and the file does not say). `deal_ref` names a deal of this workspace
 * by number (`D-42`) or by the ref it was imported with, as the feedback export writes it. Importing
 * is idempotent: a row matching stored feedback (same rep, kind, text and time, see sameWindow) is
 * counted unchanged and not added again, and so is a row repeating an earlier one of the file.
 */
export async function feedbackImporter(ctx: ImportContext): Promise<KindImporter<FeedbackRow>> {
  const { trx, workspace } = ctx;
  const zone = workspace.timezone;
  const rep = repReader(trx, workspace.id, ctx.lookupEmail);
  const deals = new Map<string, bigint | null>();

  /** Looked up while reading, so every unknown ref is reported (a write-time problem stops later batches). */
  async function deal(raw: string): Promise<Cell<bigint | null>> {
    if (!raw) return good(null);
    if (raw.length > MAX_REF) return fail('deal_ref', 'imports.cell.too_long', { max: MAX_REF });
    let id = deals.get(raw);
    if (id === undefined) {
      const number = NUMBER_REF.test(raw) ? parseDealRef(raw) : undefined;
      const query = trx.selectFrom('deals').select('id').where('workspace_id', '=', workspace.id);
      const found = await (number === undefined ? query.where('ref', '=', raw) : query.where('number', '=', number)).executeTakeFirst();
      id = found?.id ?? null;
      deals.set(raw, id);
    }
    return id === null ? fail('deal_ref', 'imports.cell.unknown_deal', { value: raw.slice(0, 40) }) : good(id);
  }

  return {
    async read(cells, line) {
      const read = collect({
        createdAt: when('date', cells.date ?? '', zone, ctx.now),
        rep: await rep('rep', cells.rep ?? ''),
        kind: oneOf('kind', cells.kind ?? '', FEEDBACK_KINDS, parseKind),
        text: feedbackText(cells.text ?? ''),
        dealId: await deal(cells.deal_ref ?? ''),
      });
      if (!read.ok) return read;
      const v = read.value;
      return {
        ok: true,
        value: { line, memberId: v.rep.id, teamId: v.rep.teamId, kind: v.kind, text: v.text ?? '', dealId: v.dealId, createdAt: v.createdAt, ...sameWindow(cells.date ?? '', v.createdAt, zone) },
      };
    },

    write: (rows) => insertFeedback(ctx, rows),
  };
}

/**
 * Inserts a batch in one statement, skipping rows already stored and repeats within the batch
 * (earlier batches are stored by then, so repeats across batches are caught by `not exists`).
 */
async function insertFeedback(ctx: ImportContext, rows: FeedbackRow[]): Promise<Written> {
  const { trx, workspace } = ctx;
  const result = await sql<{ id: number }>`
    with b as (
      select distinct on (b.member_id, b.kind, b.text, b.same_from) b.*
      from unnest(
        ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.memberId)}::int[], ${rows.map((r) => r.teamId)}::int[], ${rows.map((r) => r.kind)}::text[],
        ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.dealId?.toString() ?? null)}::bigint[], ${rows.map((r) => r.createdAt.toISOString())}::timestamptz[],
        ${rows.map((r) => r.sameFrom.toISOString())}::timestamptz[], ${rows.map((r) => r.sameTo.toISOString())}::timestamptz[]
      ) as b(line, member_id, team_id, kind, text, deal_id, created_at, same_from, same_to)
      order by b.member_id, b.kind, b.text, b.same_from, b.line
    )
    insert into feedback (workspace_id, member_id, team_id, kind, text, deal_id, created_at)
    select ${workspace.id}::integer, b.member_id, b.team_id, b.kind, b.text, b.deal_id, b.created_at
    from b
    where not exists (
      select 1 from feedback f
      where f.workspace_id = ${workspace.id} and f.member_id = b.member_id and f.kind = b.kind and f.text = b.text
        and f.created_at >= b.same_from and f.created_at < b.same_to)
    order by b.line
    returning id`.execute(trx);
  const created = result.rows.length;
  return { created, updated: 0, unchanged: rows.length - created, problems: [] };
}

import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { minorToDecimalString } from '../../../money/amount.ts';
import { localDay } from '../../../time/periods.ts';
import { dealRef } from '../../deals/deal.ts';
import type { DealStage, LossReason } from '../../deals/deal.table.ts';
import type { Workspace } from '../../workspaces/workspace.table.ts';
import { columnNames } from '../csv-formats.ts';
import { exportColumns, writeCsv, type ExportColumn } from './csv-cell.ts';
import { exactInstant, keysetRows } from './keyset.ts';

/** A span of instants, `from` inclusive and `to` exclusive (local midnights: see `rangeInstants`). */
export interface InstantRange {
  from: Date;
  to: Date;
}

export interface ExportOptions {
  /** Rows per query; the default suits production, tests use small pages to cross page boundaries. */
  pageSize?: number;
}

interface DealRow {
  number: number;
  occurred_at: Date;
  /** occurred_at to the microsecond: the keyset. */
  occurred_key: string;
  rep: string;
  customer: string;
  amount_minor: bigint | null;
  currency: string;
  product: string | null;
  stage: DealStage;
  loss_reason: LossReason | null;
  delivered_at: Date | null;
  serviced_at: Date | null;
  team: string | null;
  ref: string | null;
}

/** The `deals` columns of CSV_COLUMNS, so an exported file imports again unchanged. */
function dealColumns(zone: string): ExportColumn<DealRow>[] {
  const day = (at: Date | null): string | null => (at === null ? null : localDay(at, zone));
  return exportColumns<DealRow>(columnNames('deals'), {
    // The local day in the workspace zone: the day the deal counts toward, as goals and boards see it.
    date: { kind: 'data', cell: (d) => localDay(d.occurred_at, zone) },
    // The platform's user id: stable, unlike a display name, and what the importer matches.
    rep: { kind: 'text', cell: (d) => d.rep },
    customer: { kind: 'text', cell: (d) => d.customer },
    // A plain decimal with `.` in the deal's own currency, never grouped or localised, so every
    // spreadsheet reads it as a number. A lost deal logged without a value has none.
    amount: { kind: 'data', cell: (d) => (d.amount_minor === null ? null : minorToDecimalString(d.amount_minor, d.currency)) },
    currency: { kind: 'data', cell: (d) => d.currency },
    product: { kind: 'text', cell: (d) => d.product },
    stage: { kind: 'data', cell: (d) => d.stage },
    loss_reason: { kind: 'data', cell: (d) => d.loss_reason },
    delivered_at: { kind: 'data', cell: (d) => day(d.delivered_at) },
    serviced_at: { kind: 'data', cell: (d) => day(d.serviced_at) },
    // The team the deal was logged in, not the rep's team today: history stays as it was.
    team: { kind: 'text', cell: (d) => d.team },
    // An imported deal keeps the reference it came with; one logged here is `D-42`, which the
    // importer reads as "the existing deal 42", so importing the file again updates, not duplicates.
    // Text: an imported reference is whatever the other system (or a person) wrote.
    ref: { kind: 'text', cell: (d) => d.ref ?? dealRef(d.number) },
  });
}

/** One page of a workspace's deals in a range, after a key, in (occurred_at, number) order. */
function dealPage(db: Db, workspaceId: number, range: InstantRange) {
  return (after: { at: string; number: number } | undefined, limit: number): Promise<DealRow[]> => {
    let query = db
      .selectFrom('deals as d')
      .innerJoin('members as m', 'm.id', 'd.member_id')
      .leftJoin('teams as t', 't.id', 'd.team_id')
      .select([
        'd.number', 'd.occurred_at', exactInstant('d.occurred_at').as('occurred_key'), 'm.external_id as rep', 'd.customer',
        'd.amount_minor', 'd.currency', 'd.product', 'd.stage', 'd.loss_reason', 'd.delivered_at', 'd.serviced_at',
        't.name as team', 'd.ref',
      ])
      .where('d.workspace_id', '=', workspaceId)
      .where('d.occurred_at', '>=', range.from)
      .where('d.occurred_at', '<', range.to);
    // Number is unique per workspace, so (occurred_at, number) orders every deal exactly once.
    if (after) query = query.where(sql<boolean>`(d.occurred_at, d.number) > (${after.at}::timestamptz, ${after.number})`);
    return query.orderBy('d.occurred_at').orderBy('d.number').limit(limit).execute();
  };
}

/**
 * Writes a workspace's deals that occurred in [from, to) to `out` as a deals CSV, oldest first (then
 * by number), and ends `out`. Read a page at a time, so a million deals take the memory of one page.
 * Pages are separate queries, not one snapshot: a deal logged while the file is being written is in
 * it when it sorts after the rows already written.
 */
export async function exportDeals(
  db: Db,
  workspace: Workspace,
  range: InstantRange,
  out: NodeJS.WritableStream,
  options: ExportOptions = {},
): Promise<{ rows: number }> {
  const rows = keysetRows(dealPage(db, workspace.id, range), (d) => ({ at: d.occurred_key, number: d.number }), options.pageSize);
  return writeCsv(out, dealColumns(workspace.timezone), rows);
}

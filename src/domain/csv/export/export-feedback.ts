import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { localDay } from '../../../time/periods.ts';
import { dealRef } from '../../deals/deal.ts';
import type { FeedbackKind } from '../../feedback/feedback.table.ts';
import type { Workspace } from '../../workspaces/workspace.table.ts';
import { columnNames } from '../csv-formats.ts';
import { exportColumns, writeCsv, type ExportColumn } from './csv-cell.ts';
import type { ExportOptions, InstantRange } from './export-deals.ts';
import { exactInstant, keysetRows } from './keyset.ts';

interface FeedbackRow {
  id: number;
  created_at: Date;
  created_key: string;
  rep: string;
  kind: FeedbackKind;
  text: string;
  deal_number: number | null;
  deal_ref: string | null;
}

/** The `feedback` columns of CSV_COLUMNS. */
function feedbackColumns(zone: string): ExportColumn<FeedbackRow>[] {
  return exportColumns<FeedbackRow>(columnNames('feedback'), {
    date: { kind: 'data', cell: (f) => localDay(f.created_at, zone) },
    rep: { kind: 'text', cell: (f) => f.rep },
    kind: { kind: 'data', cell: (f) => f.kind },
    text: { kind: 'text', cell: (f) => f.text },
    // The same reference the deals file gives that deal (its imported ref, else `D-42`), so the two
    // files of one export still point at each other once imported elsewhere.
    deal_ref: { kind: 'text', cell: (f) => f.deal_ref ?? (f.deal_number === null ? null : dealRef(f.deal_number)) },
  });
}

function feedbackPage(db: Db, workspaceId: number, range: InstantRange) {
  return (after: { at: string; id: number } | undefined, limit: number): Promise<FeedbackRow[]> => {
    let query = db
      .selectFrom('feedback as f')
      .innerJoin('members as m', 'm.id', 'f.member_id')
      .leftJoin('deals as d', 'd.id', 'f.deal_id')
      .select(['f.id', 'f.created_at', exactInstant('f.created_at').as('created_key'), 'm.external_id as rep', 'f.kind', 'f.text', 'd.number as deal_number', 'd.ref as deal_ref'])
      .where('f.workspace_id', '=', workspaceId)
      .where('f.created_at', '>=', range.from)
      .where('f.created_at', '<', range.to);
    if (after) query = query.where(sql<boolean>`(f.created_at, f.id) > (${after.at}::timestamptz, ${after.id})`);
    return query.orderBy('f.created_at').orderBy('f.id').limit(limit).execute();
  };
}

/**
 * Writes a workspace's feedback written in [from, to) to `out` as a feedback CSV, oldest first, and
 * ends `out`; paged like the deals export.
 */
export async function exportFeedback(
  db: Db,
  workspace: Workspace,
  range: InstantRange,
  out: NodeJS.WritableStream,
  options: ExportOptions = {},
): Promise<{ rows: number }> {
  const rows = keysetRows(feedbackPage(db, workspace.id, range), (f) => ({ at: f.created_key, id: f.id }), options.pageSize);
  return writeCsv(out, feedbackColumns(workspace.timezone), rows);
}

import { usage, type Problem } from '../../../bot/errors.ts';
import { err, type Result } from '../../../bot/result.ts';
import type { Db } from '../../../db/database.ts';
import { localDay } from '../../../time/periods.ts';
import { seasonOf } from '../../../time/seasons.ts';
import { seasonProblem } from '../../leaderboard/leaderboard.commands.ts';
import type { Workspace } from '../../workspaces/workspace.table.ts';
import { exportAttainment } from './export-attainment.ts';
import { exportDeals } from './export-deals.ts';
import { exportFeedback } from './export-feedback.ts';
import { parseExportRange, rangeInstants, type ExportRange, type ExportRangeMistake } from './export-range.ts';

/** What can be exported: the deals and feedback of a range, and the attainment of every goal of a season. */
export type ExportKind = 'deals' | 'attainment' | 'feedback';
export const EXPORT_KINDS: readonly ExportKind[] = ['deals', 'attainment', 'feedback'];
export const isExportKind = (word: string): word is ExportKind => (EXPORT_KINDS as readonly string[]).includes(word);

function rangeProblem(wrong: ExportRangeMistake, input: string, kind: ExportKind): Problem {
  const command = `/pacer export ${kind}`;
  switch (wrong.mistake) {
    case 'day':
      return usage('exports.error.day', { input: wrong.input.slice(0, 20) }, `${command} 2026-10-01..2026-12-31`);
    case 'order':
      return usage('exports.error.order', { start: wrong.start, last: wrong.last }, `${command} ${wrong.last}..${wrong.start}`);
    case 'future':
      return usage('exports.error.future', { start: wrong.start }, `${command} last month`);
    default:
      return seasonProblem(wrong, input.slice(0, 40), command);
  }
}

/** A range to export, or what is wrong with its text; attainment needs a whole season (`2026-Q3`), not dates. */
export function readExportRange(kind: ExportKind, text: string, workspace: Workspace, now: Date): Result<ExportRange, Problem> {
  const range = parseExportRange(text, localDay(now, workspace.timezone));
  if (!range.ok) return err(rangeProblem(range.error, text.trim(), kind));
  if (kind === 'attainment' && !range.value.season) return err(usage('exports.error.attainment_range', {}, '/pacer export attainment quarter'));
  return range;
}

/** `deals-2026-Q3.csv`: what the file is called wherever it goes. */
export const exportFileName = (kind: ExportKind, range: ExportRange): string => `${kind}-${range.label.replace(/\.\./, '_')}.csv`;

/** Writes one export to `out` (and ends it): the same file on the command line and in a DM. */
export async function writeExport(db: Db, workspace: Workspace, kind: ExportKind, range: ExportRange, now: Date, out: NodeJS.WritableStream): Promise<{ rows: number }> {
  switch (kind) {
    case 'deals':
      return exportDeals(db, workspace, rangeInstants(range, workspace.timezone), out);
    case 'feedback':
      return exportFeedback(db, workspace, rangeInstants(range, workspace.timezone), out);
    case 'attainment':
      return exportAttainment(db, workspace, range.season ?? seasonOf('month', range.start), now, out);
  }
}



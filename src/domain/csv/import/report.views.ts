import type { Formats } from '../../../i18n/formats.ts';
import type { Translate } from '../../../i18n/locale.ts';
import { columnNames, megabytes, type CsvKind } from '../csv-formats.ts';
import type { FileProblem } from '../csv-read.ts';
import type { ImportReport } from './importer.ts';

/** Bad rows a report shows in full; the rest are counted (the CLI prints them all). */
export const ROWS_SHOWN = 20;

function fileLines(problem: FileProblem, kind: CsvKind, t: Translate): string[] {
  switch (problem.kind) {
    case 'empty':
      return [t('imports.file.empty')];
    case 'not_csv':
      return [t(`imports.file.${problem.reason}`)];
    case 'too_big':
      return [t('imports.file.too_big', { max: megabytes(problem.maxBytes) })];
    case 'malformed':
      return [t('imports.file.malformed', { line: problem.line, message: problem.message })];
    case 'header':
      return [
        t('imports.file.header', { kind: `${kind}.csv`, columns: columnNames(kind).join(', ') }),
        ...(problem.missing.length > 0 ? [t('imports.file.header_missing', { columns: problem.missing.join(', ') })] : []),
        ...(problem.unknown.length > 0 ? [t('imports.file.header_unknown', { columns: problem.unknown.join(', ') })] : []),
        ...(problem.duplicate.length > 0 ? [t('imports.file.header_duplicate', { columns: problem.duplicate.join(', ') })] : []),
      ];
  }
}

/**
 * An import's report as lines: what was (or would be) created and updated, or why nothing was
 * written, with each bad row's line and every mistake in it, named by column.
 */
export function reportLines(report: ImportReport, t: Translate, fmt: Formats, opts: { shown?: number } = {}): string[] {
  const kind = `${report.kind}.csv`;
  if (report.file) return fileLines(report.file, report.kind, t);
  const counts = { kind, rows: fmt.number(report.rows), created: fmt.number(report.created), updated: fmt.number(report.updated), unchanged: fmt.number(report.unchanged) };
  if (report.problemRows === 0) return [t(report.dryRun ? 'imports.dry_run' : 'imports.done', counts)];
  const shown = report.problems.slice(0, opts.shown ?? ROWS_SHOWN);
  const rowLine = (p: ImportReport['problems'][number]): string =>
    t('imports.line', { line: p.line, issues: p.issues.map((i) => (i.column ? t('imports.column', { column: i.column, text: t(i.key, i.params) }) : t(i.key, i.params))).join('; ') });
  return [
    t('imports.refused', { kind, count: report.problemRows, rows: fmt.number(report.rows) }),
    ...shown.map(rowLine),
    ...(report.problemRows > shown.length ? [t('imports.more', { count: report.problemRows - shown.length })] : []),
  ];
}

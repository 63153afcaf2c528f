import type { Language } from '../../../../i18n/language.ts';
import { context, message, text } from '../../../../messages/build.ts';
import type { Message } from '../../../../messages/message.ts';
import type { ImportReport } from '../importer.ts';
import { reportLines } from '../report.views.ts';

/**
 * An import's report in chat: the same lines the command line prints (counts, or each bad row with its
 * line and mistakes, the first 20), one block each so no platform's block limit cuts a line, and how to
 * go on: a refused file or a dry run is sent again after `/pacer import <kind>`.
 */
export function importReportMessage(report: ImportReport, fileName: string, { t, fmt }: Pick<Language, 't' | 'fmt'>): Message {
  const again = `/pacer import ${report.kind}`;
  const clean = !report.file && report.problemRows === 0;
  const next = !clean ? t('imports.chat.again', { command: again }) : report.dryRun ? t('imports.chat.after_check', { command: again }) : undefined;
  return message([
    ...reportLines(report, t, fmt).map((line) => text(line)),
    ...(next ? [context(next)] : []),
  ], { title: t('imports.chat.title', { name: fileName.slice(0, 100) }), visibility: 'private' });
}

/** The file could no longer be fetched (deleted, or its link expired before the job ran). */
export const fileGoneMessage = (fileName: string, kind: ImportReport['kind'], { t }: Pick<Language, 't'>): Message =>
  message([text(t('imports.chat.gone', { name: fileName.slice(0, 100), command: `/pacer import ${kind}` }))], { visibility: 'private' });

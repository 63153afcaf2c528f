import type { Language } from '../../../i18n/language.ts';
import { message, text } from '../../../messages/build.ts';
import type { Message } from '../../../messages/message.ts';
import type { ExportKind } from './export.ts';
import type { ExportRange } from './export-range.ts';
import { EXPORT_FILE_TTL_MS } from './export-files.ts';

/** What a file is called where a platform shows a title beside it: `Deals · 2026-Q3`. */
export const exportTitle = (kind: ExportKind, range: ExportRange, { t }: Pick<Language, 't'>): string =>
  t('exports.file.title', { kind: t(`exports.kinds.${kind}`), label: range.label });

/** The message a sent export comes with (Slack: the file's comment; Teams: the card above the Download button). */
export function exportFileMessage(kind: ExportKind, range: ExportRange, file: { name: string; rows: number }, language: Pick<Language, 't' | 'fmt'>): Message {
  const { t, fmt } = language;
  return message([text(t('exports.file.ready', { name: file.name, rows: fmt.number(file.rows), count: file.rows }))], {
    title: exportTitle(kind, range, language),
    visibility: 'public',
  });
}

/** The words of a download link (Teams): the button, and how long it works. */
export const exportLinkWords = ({ t }: Pick<Language, 't'>): { label: string; note: string } => ({
  label: t('exports.file.download'),
  note: t('exports.file.link_note', { count: Math.round(EXPORT_FILE_TTL_MS / 3_600_000) }),
});

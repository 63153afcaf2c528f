import { usage, type Problem } from '../../../bot/errors.ts';
import { err, ok, type Result } from '../../../bot/result.ts';
import { MAX_ADMIN_TEXT } from '../../members/member.grammar.ts';
import { EXPORT_KINDS, type ExportKind } from './export.ts';

/** `/pacer export deals quarter`: the kind, and the range's text as typed (read in `run`, which knows today). */
export interface ExportArgs {
  kind: ExportKind;
  range: string;
}

export const EXPORT_EXAMPLE = '/pacer export deals quarter';

/** The words that name each kind: English, like the file names and the CLI (`deal` forgiven). */
const KIND_WORDS: Record<ExportKind, readonly string[]> = {
  deals: ['deals', 'deal'],
  attainment: ['attainment'],
  feedback: ['feedback'],
};

/**
 * Reads `/pacer export <kind> [range]`. The range is only kept here: whether it is one (and which
 * days `last month` means) depends on the workspace's zone and the time, which `run` knows.
 */
export function parseExport(text: string): Result<ExportArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, EXPORT_EXAMPLE));
  const [word = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const kind = EXPORT_KINDS.find((k) => KIND_WORDS[k].includes(word.toLowerCase()));
  if (!kind) return err(usage('exports.error.kind', {}, EXPORT_EXAMPLE));
  return ok({ kind, range: rest.join(' ') });
}

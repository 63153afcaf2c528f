import { extraWords, usage, type Problem } from '../../../../bot/errors.ts';
import { err, ok, type Result } from '../../../../bot/result.ts';
import { CSV_KINDS, type CsvKind } from '../../csv-formats.ts';

/** `/pacer import deals check`: which file comes next, and whether it is only checked. */
export interface ImportArgs {
  kind: CsvKind;
  dryRun: boolean;
}

export const IMPORT_EXAMPLE = '/pacer import deals';

/** The words that name each kind: English like the file names and the CLI (the singular forgiven). */
const KIND_WORDS: Record<CsvKind, readonly string[]> = {
  deals: ['deals', 'deal'],
  members: ['members', 'member'],
  goals: ['goals', 'goal'],
  feedback: ['feedback'],
};

/** A dry run in chat: the CLI's flag, or a word (Slovenian `preveri`). */
const DRY_RUN_WORDS = ['check', 'dry-run', '--dry-run', 'dry', 'preveri'];

const kindOf = (word: string): CsvKind | undefined => CSV_KINDS.find((k) => KIND_WORDS[k].includes(word.toLowerCase()));

/** Reads `/pacer import <deals|members|goals|feedback> [check]`. */
export function parseImport(text: string): Result<ImportArgs, Problem> {
  const [word = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const kind = kindOf(word);
  if (!kind) return err(usage('imports.chat.error.kind', { kinds: CSV_KINDS.join(', ') }, IMPORT_EXAMPLE));
  const dryRun = rest.length === 1 && DRY_RUN_WORDS.includes(rest[0]?.toLowerCase() ?? '');
  if (rest.length > (dryRun ? 1 : 0)) return err(extraWords(rest.join(' '), `/pacer import ${kind} check`));
  return ok({ kind, dryRun });
}

/** The kind a file's name suggests (`deals.csv`, `Deals 2025.csv`), for the example when no import was asked for. */
export function kindNamedBy(fileName: string): CsvKind | undefined {
  const first = fileName.toLowerCase().match(/[a-z]+/)?.[0] ?? '';
  return kindOf(first);
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { CSV_KINDS, MAX_CLI_CSV_BYTES, type CsvKind } from '../src/domain/csv/csv-formats.ts';
import { EXPORT_KINDS, isExportKind, readExportRange, writeExport } from '../src/domain/csv/export/export.ts';
import { importCsv } from '../src/domain/csv/import/importer.ts';
import { IMPORTERS } from '../src/domain/csv/import/importers.ts';
import type { EmailLookup } from '../src/domain/csv/import/reps.ts';
import { reportLines } from '../src/domain/csv/import/report.views.ts';
import { findWorkspace, parseWorkspaceRef } from '../src/domain/workspaces/workspace.repository.ts';
import type { Workspace } from '../src/domain/workspaces/workspace.table.ts';
import { createFormats } from '../src/i18n/formats-impl.ts';
import { translator } from '../src/i18n/i18n.ts';

export const CSV_USAGE = [
  'pacer import <deals|members|goals|feedback> <file.csv> --workspace slack:T0123 [--dry-run]',
  '                                                   check a file (--dry-run writes nothing) or import it in one transaction',
  'pacer export <deals|attainment|feedback> [month|quarter|year|last month|2026-10|2026-Q3|2026-10-01..2026-12-31] --workspace …',
  '                                                   write the CSV to stdout',
].join('\n');

/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class CsvCliError extends Error {}

export interface CsvCliContext {
  db: Kysely<Database>;
  out: (line: string) => void;
  now: () => Date;
  /** How the workspace's platform finds a rep named by e-mail (Slack `users.lookupByEmail`), where it can. */
  lookupEmail?: (workspace: Workspace) => EmailLookup | undefined;
}

async function workspaceOf(db: Kysely<Database>, ref: string | undefined): Promise<Workspace> {
  if (ref === undefined) throw new CsvCliError('--workspace is required: slack:<team id>, teams:<tenant id> or local');
  const parsed = parseWorkspaceRef(ref);
  if (!parsed) throw new CsvCliError(`--workspace ${ref}: use slack:<team id>, teams:<tenant id> or local`);
  const found = await findWorkspace(db, parsed.platform, parsed.externalId);
  if (!found) throw new CsvCliError(`no workspace ${ref} is known to Pacer`);
  return found;
}

const isKind = (word: string): word is CsvKind => (CSV_KINDS as readonly string[]).includes(word);

/**
 * `pacer import deals deals.csv --workspace slack:T0123 [--dry-run]`: streams the file through the
 * importer and prints its report, every bad row with its line (in English: the operator's language).
 * Returns the exit code: 0 when written (or a clean dry run), 1 when refused.
 */
export async function importCli(args: string[], ctx: CsvCliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { workspace: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const [kind = '', file] = positionals;
  if (!isKind(kind)) throw new CsvCliError(`import what? ${CSV_KINDS.join(', ')}`);
  if (!file) throw new CsvCliError(`import ${kind} needs a file: pacer import ${kind} ${kind}.csv --workspace …`);
  const factory = IMPORTERS[kind];
  if (!factory) throw new CsvCliError(`importing ${kind} is not available yet`);
  const workspace = await workspaceOf(ctx.db, values.workspace);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new CsvCliError(`no file ${file}`);
  const lookupEmail = ctx.lookupEmail?.(workspace);
  const report = await importCsv(ctx.db, workspace, kind, factory, createReadStream(file), {
    dryRun: values['dry-run'] ?? false, maxBytes: MAX_CLI_CSV_BYTES, now: ctx.now(), ...(lookupEmail && { lookupEmail }),
  });
  for (const line of reportLines(report, translator('en'), createFormats('en'), { shown: Number.POSITIVE_INFINITY })) ctx.out(line);
  return report.file || report.problemRows > 0 ? 1 : 0;
}

/**
 * `pacer export deals quarter --workspace slack:T0123 > deals.csv`: the same file a manager gets in
 * chat, streamed to stdout. Returns the exit code (0; a mistake in the range throws with its wording).
 */
export async function exportCli(args: string[], ctx: CsvCliContext & { stdout: NodeJS.WritableStream }): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { workspace: { type: 'string' } } });
  const [kind = '', ...words] = positionals;
  if (!isExportKind(kind)) throw new CsvCliError(`export what? ${EXPORT_KINDS.join(', ')}`);
  const workspace = await workspaceOf(ctx.db, values.workspace);
  const now = ctx.now();
  const range = readExportRange(kind, words.join(' '), workspace, now);
  if (!range.ok) {
    const t = translator('en');
    throw new CsvCliError([t(range.error.key, range.error.params), range.error.example && `Example: ${range.error.example.replace('/pacer', 'pacer')}`].filter(Boolean).join('\n'));
  }
  // The export ends the stream it writes to; stdout itself must stay open, so it gets a pipe of its own.
  const pipe = new PassThrough();
  pipe.pipe(ctx.stdout, { end: false });
  const drained = once(pipe, 'end');
  await writeExport(ctx.db, workspace, kind, range.value, now, pipe);
  await drained;
  return 0;
}

import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { Workspace } from '../../workspaces/workspace.table.ts';
import { recordBookkeeping } from '../../audit/audit.repository.ts';
import type { CsvKind } from '../csv-formats.ts';
import { CsvFileError, readCsv, type FileProblem, type ShapeProblem } from '../csv-read.ts';
import type { CellIssue } from './cells.ts';
import type { EmailLookup } from './reps.ts';

/** One bad row: its line and what is wrong with it (every mistake of the row, each naming its column). */
export interface RowProblem {
  line: number;
  issues: CellIssue[];
}

/** What an import did, or would do (a dry run), or why it wrote nothing. */
export interface ImportReport {
  kind: CsvKind;
  dryRun: boolean;
  /** Data rows read. */
  rows: number;
  /** What was (or, in a dry run, would be) created and updated; meaningful only when no row was bad. */
  created: number;
  updated: number;
  /** Rows that were already exactly so (feedback imported before). */
  unchanged: number;
  /** The first bad rows, by line (at most MAX_PROBLEMS); `problemRows` counts them all. */
  problems: RowProblem[];
  problemRows: number;
  /** Set when the file could not be read at all. */
  file?: FileProblem;
  /** True when the import's transaction committed. */
  written: boolean;
}

/** A report lists this many bad rows; the rest are counted. Enough to fix a file column by column. */
export const MAX_PROBLEMS = 200;
/** Rows written per statement: big enough to amortise the round trip, small enough to stay in memory. */
export const BATCH_ROWS = 2_000;

export interface ImportContext {
  trx: Transaction<Database>;
  workspace: Workspace;
  now: Date;
  /** A dry run's transaction is rolled back; a kind may also skip work whose only point is the writing. */
  dryRun: boolean;
  lookupEmail?: EmailLookup;
}

/** What writing did (or, in a dry run, would do), and rows found wrong only then (a ref used twice). */
export interface Written {
  created: number;
  updated: number;
  unchanged: number;
  problems: RowProblem[];
}

/**
 * One kind of file: how a row is read (and checked against the database), how a batch is written, and
 * what is done once every row was read and none was bad. A kind may write straight away, or stage its
 * rows and write them all in `finish` (deals do: their numbers are taken only when the file is clean).
 */
export interface KindImporter<Row extends { line: number }> {
  read(cells: Record<string, string>, line: number): Promise<{ ok: true; value: Row } | { ok: false; issues: CellIssue[] }>;
  write(rows: Row[]): Promise<Written>;
  finish?(): Promise<Written>;
  /**
   * True when read() never looks at what write() wrote (deals stage rows only finish() reads back):
   * then the next batch is read and checked while PostgreSQL writes the previous one. Unset for a kind
   * whose checks read its own writes (members: who holds an e-mail address now), where a lookup could
   * otherwise run between two statements of a batch's write and see the table half-written.
   */
  overlapWrites?: boolean;
}

export type ImporterFactory = (ctx: ImportContext) => Promise<KindImporter<{ line: number }>>;

/** Rolls the transaction back with the report as it stands. */
class RollBack extends Error {
  constructor() {
    super('import rolled back');
  }
}

export interface ImportOptions {
  dryRun: boolean;
  /** Who imports (chat); none on the command line, where the operator is not a member. */
  actorMemberId?: number;
  maxBytes: number;
  now: Date;
  lookupEmail?: EmailLookup;
}

/**
 * Imports a CSV file in one transaction: every row is read and checked, good rows are written in
 * batches as the file streams, and at the end the transaction commits only if no row was bad and this
 * is not a dry run. A bad row stops neither the reading nor the writing (it is all rolled back), so
 * the report lists every bad row with its line. A dry run writes too and then rolls back, so it reports exactly what would be
 * created and updated.
 */
export async function importCsv(
  db: { transaction(): { execute<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> } },
  workspace: Workspace,
  kind: CsvKind,
  factory: ImporterFactory,
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { kind, dryRun: opts.dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, problems: [], problemRows: 0, written: false };
  const problem = (p: RowProblem): void => {
    report.problemRows += 1;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(p);
  };
  try {
    await db.transaction().execute(async (trx) => {
      const importer = await factory({ trx, workspace, now: opts.now, dryRun: opts.dryRun, ...(opts.lookupEmail && { lookupEmail: opts.lookupEmail }) });
      let batch: { line: number }[] = [];
      const count = (done: Written): void => {
        report.created += done.created;
        report.updated += done.updated;
        report.unchanged += done.unchanged;
        for (const p of done.problems) problem(p);
      };
      // The batch PostgreSQL is writing while the next one is read (overlapWrites), at most one; it is
      // counted when the next batch is handed over, or at the end.
      let inFlight: Promise<Written> | undefined;
      // Row problems found while a batch is in flight wait for its own problems (a ref used twice), so
      // problems are recorded in the order writing each batch before reading on would record them: the
      // report keeps the first MAX_PROBLEMS, and which those are must not depend on the overlap.
      let held: RowProblem[] = [];
      const rowProblem = (p: RowProblem): void => void (inFlight ? held.push(p) : problem(p));
      const settled = async (): Promise<void> => {
        if (!inFlight) return;
        const done = await inFlight;
        inFlight = undefined;
        count(done);
        for (const p of held) problem(p);
        held = [];
      };
      const flush = async (): Promise<void> => {
        await settled();
        if (batch.length === 0) return;
        const rows = batch;
        batch = [];
        if (!importer.overlapWrites) return count(await importer.write(rows));
        inFlight = importer.write(rows);
        // Handled here so a failure waiting for the next flush is not an unhandled rejection; it is
        // thrown where the flight is awaited (settled), or in place of what it caused (below).
        inFlight.catch(() => undefined);
      };
      const onShape = (s: ShapeProblem): void => {
        report.rows += 1;
        rowProblem({ line: s.line, issues: [{ column: '', key: 'imports.cell.shape', params: { cells: s.cells, expected: s.expected } }] });
      };
      try {
        const rows = readCsv(input, kind, { maxBytes: opts.maxBytes, onShape });
        for await (const { line, cells } of rows) {
          report.rows += 1;
          const row = await importer.read(cells, line);
          if (!row.ok) rowProblem({ line, issues: row.issues });
          else {
            // Written even after a bad row: what only writing finds (a ref used twice) is reported too.
            batch.push(row.value);
            if (batch.length >= BATCH_ROWS) await flush();
          }
        }
        await flush();
        await settled();
      } catch (error) {
        // A failed write aborts the transaction, so what failed after it (a lookup) failed because of it:
        // its own error is the one to throw, as it would have been had the write been awaited at once.
        // Either way nothing is left running on the connection when the transaction rolls back.
        const flight = inFlight;
        inFlight = undefined;
        if (flight) await flight;
        throw error;
      }
      if (report.problemRows === 0 && importer.finish) count(await importer.finish());
      if (report.problemRows > 0 || opts.dryRun) throw new RollBack();
      // In the import's own transaction: the audit log says who brought what in, and how much.
      await recordBookkeeping(trx, undefined, [{
        workspaceId: workspace.id, actorMemberId: opts.actorMemberId ?? null, action: 'csv.import', subject: `${kind}.csv`,
        details: { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged },
      }]);
    });
    report.written = true;
  } catch (error) {
    if (error instanceof CsvFileError) report.file = error.problem;
    else if (!(error instanceof RollBack)) throw error;
  }
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}

import type { PreviewPost } from '../src/bot/effects.ts';
import type { ExportKind } from '../src/domain/csv/export/export.ts';
import type { ExportRange } from '../src/domain/csv/export/export-range.ts';
import type { CsvKind } from '../src/domain/csv/csv-formats.ts';
import type { ImportReport } from '../src/domain/csv/import/importer.ts';
import type { IncomingFile } from '../src/bot/ports.ts';

/**
 * Pacer's one queue and every job it carries, as a typed union keyed by job name. One queue keeps
 * the embedded backend to a handful of connections and lets every worker take any job; the names
 * say what a job is for, and each has its handler in ./handlers.
 */
export const QUEUE_NAME = 'pacer';

export interface JobPayloads {
  /** A training assignment's scheduler fired: remind the rep if today is one of its days. */
  'training.tick': { assignmentId: number };
  /** A reminder moved off a holiday, weekend or out-of-office day, due at the job's own time. */
  'training.remind': { assignmentId: number; nominal: string };
  /** A cycle was completed by command: its reminder messages show it done. */
  'training.completed': { assignmentId: number; cycleStart: string };
  /** Assignments changed: bring their schedulers in step. */
  'training.sync': { assignmentIds: number[] };
  /** Monday morning: every goal's progress, pace and projected finish to the goals channels. */
  'goals.weekly': { workspaceId: number };
  /** A goal was set or changed: its channel gets the update (debounced per workspace). */
  'goals.changed': { workspaceId: number; goalId: number };
  /** Monday morning: each team's weekly digest to its managers' channel. */
  'digest.weekly': { workspaceId: number };
  /** Friday afternoon: what sold, which techniques colleagues +1'd, what customers said, to the team channels. */
  'whatworks.weekly': { workspaceId: number };
  /** Kudos were given: the day's kudos thread in the recognition channel and a DM to each receiver. */
  'kudos.post': { kudosId: number };
  /** Daily in the first week of a month: on its first working day, the closed month's (and quarter's) top performers. */
  'recognition.winners': { workspaceId: number };
  /** An admin asked for a scheduled post now, in a DM. */
  preview: { post: PreviewPost; workspaceId: number; memberId: number };
  /** A manager asked for a CSV export: written to a temporary file and sent to their DM, once. */
  'export.file': { workspaceId: number; memberId: number; kind: ExportKind; range: ExportRange };
  /**
   * An admin sent the file of an import they asked for in chat: downloaded, imported (or checked) in
   * one transaction, and the report sent to their DM once. `report` is kept once the import is done,
   * so a run delayed by pacing sends it without importing again.
   */
  'import.file': { workspaceId: number; memberId: number; kind: CsvKind; dryRun: boolean; file: IncomingFile; report?: ImportReport };
  /** Schedules depend on something that changed: declare them all again (idempotent). */
  'schedules.reconcile': Record<string, never>;
  /** Nightly: reconcile schedulers with the database, prune old bookkeeping. */
  maintenance: Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** A job as the handlers see it: the name narrows the data. */
export type PacerJob = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** Data a job carries besides its payload: the send slot it already holds (see ./pacing.ts). */
export interface SlotHolder {
  slotAt?: number;
}

export const JOB_NAMES: readonly JobName[] = ['training.tick', 'training.remind', 'training.completed', 'training.sync', 'goals.weekly', 'goals.changed', 'digest.weekly', 'whatworks.weekly', 'kudos.post', 'recognition.winners', 'preview', 'export.file', 'import.file', 'schedules.reconcile', 'maintenance'];

export const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name);

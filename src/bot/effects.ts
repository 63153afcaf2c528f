import type { ExportKind } from '../domain/csv/export/export.ts';
import type { ExportRange } from '../domain/csv/export/export-range.ts';
import type { CsvKind } from '../domain/csv/csv-formats.ts';
import type { IncomingFile } from './ports.ts';

/**
 * Work a command asks for once its transaction has committed: keeping schedules in step with what
 * changed, posting to channels. `src/` only names it; the jobs layer does it (through the queue), so
 * the core never imports a queue and a command's reply never waits on one. An effect that cannot be
 * handed over is logged and the command still stands: the boot-time reconcile and the weekly posts
 * catch up on anything missed.
 */
export type Effect =
  /** Assignments created, changed or ended: their reminder schedules follow. */
  | { kind: 'training.changed'; assignmentIds: number[] }
  /** A rep finished a cycle by command: its reminder message shows it done, like a pressed button. */
  | { kind: 'training.completed'; assignmentId: number; cycleStart: string }
  /** A goal was set or changed: the goal update goes to its channel (debounced, so a burst posts once). */
  | { kind: 'goals.changed'; workspaceId: number; goalId: number }
  /** Something schedules depend on changed (the workspace's time zone): declare them again. */
  | { kind: 'schedules.stale'; workspaceId: number }
  /** Kudos were given: the recognition channel's thread and each receiver's DM hear of it. */
  | { kind: 'kudos.given'; workspaceId: number; kudosId: number }
  /** An admin asked for a scheduled post now, in a DM. */
  | { kind: 'preview'; post: PreviewPost; workspaceId: number; memberId: number }
  /** A manager asked for a CSV export: the file is written and sent to their DM (the range already read, as of the request). */
  | { kind: 'export'; workspaceId: number; memberId: number; exportKind: ExportKind; range: ExportRange }
  /** An admin sent the file of an import they asked for: it is downloaded, imported (or checked) and reported in their DM. */
  | { kind: 'import'; workspaceId: number; memberId: number; importKind: CsvKind; dryRun: boolean; file: IncomingFile };

/** The scheduled posts an admin can preview (`/pacer preview goals`, `… digest`, `… what-works`, `… winners`). */
export type PreviewPost = 'goals' | 'digest' | 'what-works' | 'winners';

/** Receives a committed command's effects. */
export type EffectSink = (effects: readonly Effect[]) => Promise<void>;

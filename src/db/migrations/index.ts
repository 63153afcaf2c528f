import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-29T000000-initial.ts';
import * as dealMonthTotals from './2026-11-30T000000-deal-month-totals.ts';
import * as conversations from './2026-12-01T000000-conversations.ts';
import * as trainingAndJobs from './2026-12-02T000000-training-and-jobs.ts';
import * as feedback from './2026-12-03T000000-feedback.ts';
import * as digestIndexes from './2026-12-04T000000-digest-indexes.ts';
import * as recognition from './2026-12-05T000000-recognition.ts';
import * as csvImport from './2026-12-06T000000-csv-import.ts';
import * as exportFiles from './2026-12-07T000000-export-files.ts';
import * as importRequests from './2026-12-09T000000-import-requests.ts';

/**
 * Every migration, by its sortable name. A static record rather than a directory scan, so migrations
 * run the same from source, from a bundle, or from a test, with no filesystem assumptions.
 * Add new ones at the end with a later timestamp.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-29T000000-initial': initial,
  '2026-11-30T000000-deal-month-totals': dealMonthTotals,
  '2026-12-01T000000-conversations': conversations,
  '2026-12-02T000000-training-and-jobs': trainingAndJobs,
  '2026-12-03T000000-feedback': feedback,
  '2026-12-04T000000-digest-indexes': digestIndexes,
  '2026-12-05T000000-recognition': recognition,
  '2026-12-06T000000-csv-import': csvImport,
  '2026-12-07T000000-export-files': exportFiles,
  '2026-12-09T000000-import-requests': importRequests,
};

import { pruneExportFiles } from '../../src/domain/csv/export/export-files.ts';
import { pruneImportRequests } from '../../src/domain/csv/import/chat/import.commands.ts';
import { pruneSlots } from '../pacing.ts';
import type { JobDeps, Outcome } from './context.ts';

/** How long handled inbound deliveries are remembered: platforms retry within minutes, not days. */
const DELIVERY_MEMORY_MS = 7 * 86_400_000;
/** How long job posts are kept: a year and a bit, so a yearly post still finds last year's key. */
const JOB_POST_MEMORY_MS = 400 * 86_400_000;

/** Nightly: schedulers back in step with the database, and old bookkeeping (expired download files, import requests never answered) pruned. */
export async function maintain(deps: JobDeps): Promise<Outcome> {
  const now = deps.clock.now();
  const schedulers = await deps.schedulers.reconcile();
  const deliveries = await deps.db.deleteFrom('inbound_deliveries').where('created_at', '<', new Date(now.getTime() - DELIVERY_MEMORY_MS)).executeTakeFirst();
  const posts = await deps.db.deleteFrom('job_posts').where('posted_at', '<', new Date(now.getTime() - JOB_POST_MEMORY_MS)).executeTakeFirst();
  const slots = await pruneSlots(deps.db, now);
  const files = await pruneExportFiles(deps.db, now);
  const requests = await pruneImportRequests(deps.db, now);
  return `schedulers ${schedulers.declared} declared, ${schedulers.changed} changed, ${schedulers.removed} removed; pruned ${deliveries.numDeletedRows} deliveries, ${posts.numDeletedRows} posts, ${slots} slots, ${files} export files, ${requests} import requests`;
}

import { Readable } from 'node:stream';
import { PacerFault } from '../../src/bot/errors.ts';
import type { WorkspaceRef } from '../../src/bot/ports.ts';
import { readerLocale } from '../../src/bot/session.ts';
import { MAX_CHAT_CSV_BYTES } from '../../src/domain/csv/csv-formats.ts';
import { fileGoneMessage, importReportMessage } from '../../src/domain/csv/import/chat/import-report.views.ts';
import { importCsv, type ImportReport } from '../../src/domain/csv/import/importer.ts';
import { IMPORTERS } from '../../src/domain/csv/import/importers.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { languageOf } from '../../src/i18n/language.ts';
import { deliverOnce, isDelivered, type PostKey } from '../deliver.ts';
import type { JobPayloads } from '../payloads.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { workspaceById } from './goals.ts';

type ImportJob = JobPayloads['import.file'];

/**
 * A file an admin sent for an import they asked for in chat: downloaded from the platform as a
 * stream and imported by the same code as `pacer import` (every row checked, one transaction, all or
 * nothing; a dry run rolls back), with the chat's 50 MB limit, then the report sent to their DM once.
 * The report is kept in the job before it is sent, so a run delayed by pacing does not import again.
 * A file the platform no longer has is reported as such; a failed download is retried by the queue.
 */
export async function importFile(deps: JobDeps, run: JobRun, data: ImportJob): Promise<Outcome> {
  const workspace = await workspaceById(deps, data.workspaceId);
  const member = workspace && (await deps.db.selectFrom('members').selectAll().where('id', '=', data.memberId).where('workspace_id', '=', data.workspaceId).executeTakeFirst());
  if (!workspace || !member) return 'gone';
  const key: PostKey = { kind: 'import.report', recipient: `member:${member.id}`, period: run.id };
  if (await isDelivered(deps.db, workspace.id, key)) return 'duplicate';
  const ref: WorkspaceRef = { platform: workspace.platform, externalId: workspace.external_id };
  const language = languageOf(readerLocale(workspace, member));

  let report = data.report;
  if (!report) {
    report = await readAndImport(deps, ref, data, { workspace, memberId: member.id });
    if (report) await run.keep?.({ report });
  }
  const message = report ? importReportMessage(report, data.file.name, language) : fileGoneMessage(data.file.name, data.kind, language);
  const delivered = await deliverOnce(deps, run, workspace, key, { kind: 'direct', userId: member.external_id }, message);
  return `${data.file.name}: ${report ? summary(report) : 'file gone'}, ${delivered}`;
}

/** The import's report, or undefined when the platform no longer has the file. */
async function readAndImport(deps: JobDeps, ref: WorkspaceRef, data: ImportJob, who: { workspace: Workspace; memberId: number }): Promise<ImportReport | undefined> {
  const { outbound } = deps;
  if (!outbound.openFile) throw new PacerFault('config', `No way to read files sent on ${ref.platform}`);
  const findUser = outbound.findUserByEmail?.bind(outbound);
  try {
    const bytes = await outbound.openFile(ref, data.file);
    return await importCsv(deps.db, who.workspace, data.kind, IMPORTERS[data.kind], Readable.from(bytes), {
      dryRun: data.dryRun,
      actorMemberId: who.memberId,
      maxBytes: MAX_CHAT_CSV_BYTES,
      now: deps.clock.now(),
      ...(findUser && { lookupEmail: (email: string) => findUser(ref, email) }),
    });
  } catch (error) {
    if (error instanceof PacerFault && error.code === 'gone') return undefined;
    throw error;
  }
}

const summary = (r: ImportReport): string =>
  r.file ? `refused (${r.file.kind})` : r.problemRows > 0 ? `${r.problemRows} bad rows of ${r.rows}` : `${r.rows} rows, ${r.created} created, ${r.updated} updated${r.dryRun ? ' (dry run)' : ''}`;

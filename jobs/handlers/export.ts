import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacerFault } from '../../src/bot/errors.ts';
import type { OutgoingFile, PreparedFile } from '../../src/bot/ports.ts';
import { readerLocale } from '../../src/bot/session.ts';
import { exportFileName, writeExport } from '../../src/domain/csv/export/export.ts';
import { exportFileMessage, exportLinkWords, exportTitle } from '../../src/domain/csv/export/export.views.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { languageOf } from '../../src/i18n/language.ts';
import { deliverOnceWith, isDelivered, type PostKey } from '../deliver.ts';
import type { JobPayloads } from '../payloads.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { workspaceById } from './goals.ts';

/**
 * A manager asked for a CSV export: the file is written by the same code as `pacer export` into a
 * temporary file of its own (streamed page by page, never whole in memory), then sent to their DM
 * through the outbound (a Slack file, a Teams download link, a file in the terminal's data
 * directory), and deleted whatever happens. Sent once per job: a retry after it went out finds the
 * key taken and writes nothing.
 */
export async function sendExport(deps: JobDeps, run: JobRun, data: JobPayloads['export.file']): Promise<Outcome> {
  const workspace = await workspaceById(deps, data.workspaceId);
  const member = workspace && (await deps.db.selectFrom('members').selectAll().where('id', '=', data.memberId).where('workspace_id', '=', data.workspaceId).executeTakeFirst());
  if (!workspace || !member) return 'gone';
  const key: PostKey = { kind: 'export.file', recipient: `member:${member.id}`, period: run.id };
  if (await isDelivered(deps.db, workspace.id, key)) return 'duplicate';
  const { outbound } = deps;
  const sendFile = outbound.sendFile?.bind(outbound);
  if (!sendFile) throw new PacerFault('config', 'The outbound cannot send files');

  const name = exportFileName(data.kind, data.range);
  const path = join(tmpdir(), `pacer-export-${randomUUID()}.csv`);
  try {
    const rows = await writeFile(deps, workspace, data, path);
    const language = languageOf(readerLocale(workspace, member));
    const file: OutgoingFile = {
      path,
      name,
      title: exportTitle(data.kind, data.range, language),
      rows,
      owner: { workspaceId: workspace.id, memberId: member.id },
      link: exportLinkWords(language),
    };
    const message = exportFileMessage(data.kind, data.range, { name, rows }, language);
    const delivered = await deliverOnceWith(deps, run, workspace, key, { kind: 'direct', userId: member.external_id }, {
      // Outside the delivery's transaction: a platform that links to a copy (Teams) keeps it in the
      // database, which must not wait on that transaction (the embedded database serves one
      // transaction at a time). A copy kept for a send that then fails is never linked, and expires.
      prepare: async (): Promise<PreparedFile> => (outbound.prepareFile ? outbound.prepareFile({ platform: workspace.platform, externalId: workspace.external_id }, file) : file),
      send: (target, ready) => sendFile(target, ready, message),
    });
    return `${name}: ${rows} rows, ${delivered}`;
  } finally {
    await rm(path, { force: true });
  }
}

/** Writes the export to `path` (readable only by this user) and waits until the file is closed; its rows. */
async function writeFile(deps: JobDeps, workspace: Workspace, data: JobPayloads['export.file'], path: string): Promise<number> {
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  try {
    const { rows } = await writeExport(deps.db, workspace, data.kind, data.range, deps.clock.now(), out);
    if (!out.closed) await once(out, 'close');
    return rows;
  } catch (error) {
    out.destroy();
    throw error;
  }
}

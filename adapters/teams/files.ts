import { Readable } from 'node:stream';
import { PacerFault } from '../../src/bot/errors.ts';
import type { IncomingFile, Outbound, WorkspaceRef } from '../../src/bot/ports.ts';

/** The attachment Teams puts on a message when a person sends a bot a file (the app's `supportsFiles`). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The file a message carries, if it carries one: its name, and its `downloadUrl`, a short-lived
 * pre-authenticated link (no token needed, none sent). Teams says no size up front.
 */
export function fileAttachmentOf(attachments: readonly unknown[] | undefined): IncomingFile | undefined {
  for (const attachment of attachments ?? []) {
    if (typeof attachment !== 'object' || attachment === null) continue;
    if (Reflect.get(attachment, 'contentType') !== FILE_DOWNLOAD_INFO) continue;
    const content: unknown = Reflect.get(attachment, 'content');
    const url: unknown = typeof content === 'object' && content !== null ? Reflect.get(content, 'downloadUrl') : undefined;
    const name: unknown = Reflect.get(attachment, 'name');
    if (typeof url === 'string' && url !== '') return { name: typeof name === 'string' && name !== '' ? name : 'file.csv', ref: url };
  }
  return undefined;
}

/**
 * Reads a file sent to the bot from its download link. Only `https` links are followed (and plain
 * `http` on loopback, where the tests' fake serves): the link came in a verified activity, but a
 * job's data is not the place to trust anything else.
 */
export function teamsFileReader(): Required<Pick<Outbound, 'openFile'>> {
  return {
    async openFile(_workspace: WorkspaceRef, file: IncomingFile) {
      const url = new URL(file.ref);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        throw new PacerFault('platform', `Teams file link is not https: ${url.protocol}//${url.host}`);
      }
      const response = await fetch(url);
      // The link lives about an hour: past that (or once the file is deleted) the file is gone.
      if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 410) {
        throw new PacerFault('gone', `Teams file ${file.name}: HTTP ${response.status}`);
      }
      if (!response.ok || response.body === null) throw new PacerFault('platform', `Teams file ${file.name} download failed: HTTP ${response.status}`);
      return Readable.fromWeb(response.body);
    },
  };
}

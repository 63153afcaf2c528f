import { readFile } from 'node:fs/promises';
import type { Express, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../src/bot/clock.ts';
import { PacerFault } from '../../src/bot/errors.ts';
import type { OutgoingFile } from '../../src/bot/ports.ts';
import type { FileLinksConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { checkFileLink, EXPORT_FILE_ROUTE, fileLinkUrl, findExportFile, storeExportFile } from '../../src/domain/csv/export/export-files.ts';
import type { FileLink } from '../teams/outbound.ts';

export interface FileDownloadsOptions {
  db: Kysely<Database>;
  secret: Buffer;
  clock: Clock;
  logger: Logger;
}

/** Short answers to a refused download: plain text, never cached, saying what to do. */
const REFUSED = {
  forged: { status: 403, text: 'This download link is not valid. Open the link from Pacer\'s message again, or ask for the export again with /pacer export.' },
  expired: { status: 410, text: 'This download link has expired. Ask for the export again with /pacer export.' },
  missing: { status: 404, text: 'This file is no longer available. Ask for the export again with /pacer export.' },
} as const;

/**
 * `GET /files/<id>?exp=<unix>&sig=<hmac>`: a stored export, only with Pacer's signature over its id
 * and expiry (403 otherwise), only until then (410), and only while it is kept (404). Served as a
 * CSV attachment that no browser or proxy caches. No log line carries the signature.
 */
export function mountFileDownloads(app: Express, options: FileDownloadsOptions): void {
  const log = options.logger.child({ component: 'files' });
  app.get(EXPORT_FILE_ROUTE, async (req, res) => {
    const id = req.params.id;
    const now = options.clock.now();
    const check = checkFileLink(options.secret, id, req.query.exp, req.query.sig, now);
    if (check !== 'ok') {
      log.info({ file: id.slice(0, 40), refused: check }, 'export download refused');
      refuse(res, check);
      return;
    }
    try {
      const file = await findExportFile(options.db, id, now);
      if (!file) {
        log.info({ file: id, refused: 'missing' }, 'export download refused');
        refuse(res, 'missing');
        return;
      }
      res.status(200).set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(file.name),
        'content-length': String(file.content.length),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(file.content);
      log.info({ file: id, bytes: file.content.length }, 'export downloaded');
    } catch (error) {
      log.error({ err: error, file: id }, 'export download failed');
      if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').set('cache-control', 'no-store').send('Something went wrong. Try the link again in a moment.');
    }
  });
}

function refuse(res: Response, why: keyof typeof REFUSED): void {
  const { status, text } = REFUSED[why];
  res.status(status).type('text/plain; charset=utf-8').set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send(text);
}

/** `attachment; filename="deals-2026-Q3.csv"`, the name cut to safe ASCII, with the exact name as RFC 5987 `filename*`. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_') || 'export.csv';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * How the Teams outbound links a file: read from disk, kept in `export_files` for the recipient, and
 * the signed URL under the public address (or, unset, the address the server listens on).
 */
export function fileLinks(options: { db: Kysely<Database>; clock: Clock; config: FileLinksConfig; listeningUrl: () => string | undefined }): (file: OutgoingFile) => Promise<FileLink> {
  return async (file) => {
    const base = options.config.publicUrl ?? options.listeningUrl();
    if (base === undefined) throw new PacerFault('config', 'PACER_PUBLIC_URL is not set and this process serves no HTTP: download links cannot be made');
    const content = await readFile(file.path);
    const stored = await storeExportFile(options.db, { workspaceId: file.owner.workspaceId, memberId: file.owner.memberId, name: file.name, content }, options.clock.now());
    return { url: fileLinkUrl(base, options.config.secret, stored.id, stored.expiresAt), expiresAt: stored.expiresAt };
  };
}

import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../../db/database.ts';

/**
 * Exports handed over as download links (Teams): the finished file is kept in `export_files` for a
 * day and served only at a URL signed with a server secret, `/files/<id>?exp=<unix>&sig=<hmac>`. The
 * id is a random UUID and the signature covers it with the expiry, so a link cannot be guessed,
 * pointed at another file, or kept alive past its hour. Whoever holds an unexpired link can download
 * the file, as with any emailed link: it only ever goes to the requester's own DM.
 */

/** How long a download link (and the stored file) lasts. */
export const EXPORT_FILE_TTL_MS = 24 * 3_600_000;

/** `/files/<id>`: where the HTTP server serves stored exports. */
export const EXPORT_FILE_ROUTE = '/files/:id';

/** What a link is signed with: 32 bytes derived from a configured secret (never the secret itself). */
export function fileLinkKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'pacer', 'pacer export download links v1', 32));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXP = /^\d{1,12}$/;

/** The signature of a link: HMAC-SHA256 over the file id and the link's expiry (Unix seconds), base64url. */
export function signFileLink(key: Uint8Array, id: string, exp: number): string {
  return createHmac('sha256', key).update(`export-file\n${id}\n${exp}`).digest('base64url');
}

/** The signed URL of a stored file under Pacer's public address; it expires at `expiresAt` (to the second, not later). */
export function fileLinkUrl(publicUrl: string, key: Uint8Array, id: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const url = new URL(`files/${encodeURIComponent(id)}`, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  url.searchParams.set('exp', String(exp));
  url.searchParams.set('sig', signFileLink(key, id, exp));
  return url.toString();
}

/**
 * Whether a request's link is one Pacer signed and still good. `forged`: not signed by us for this id
 * and expiry (a changed id, expiry or signature, or none); `expired`: signed, but its time is up.
 * The signature is compared in constant time and checked before the expiry, so an expiry moved
 * forward reads as forged.
 */
export function checkFileLink(key: Uint8Array, id: string, exp: unknown, sig: unknown, now: Date): 'ok' | 'forged' | 'expired' {
  if (!UUID.test(id) || typeof exp !== 'string' || !EXP.test(exp) || typeof sig !== 'string') return 'forged';
  const expected = Buffer.from(signFileLink(key, id, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  return Number(exp) * 1000 <= now.getTime() ? 'expired' : 'ok';
}

/** Keeps a finished export for download; its id and when it stops being served. */
export async function storeExportFile(
  db: Db,
  file: { workspaceId: number; memberId: number; name: string; content: Buffer },
  now: Date,
  ttlMs = EXPORT_FILE_TTL_MS,
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.insertInto('export_files')
    .values({ id, workspace_id: file.workspaceId, member_id: file.memberId, name: file.name, content: file.content, created_at: now, expires_at: expiresAt })
    .execute();
  return { id, expiresAt };
}

/** A stored export still being served, or nothing (unknown, or expired and not yet pruned). */
export async function findExportFile(db: Db, id: string, now: Date): Promise<{ name: string; content: Buffer } | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('export_files').select(['name', 'content']).where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
}

/** Deletes the exports whose links have expired; how many. */
export async function pruneExportFiles(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('export_files').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Import from chat between the core and the job, on real PostgreSQL: what `/pacer import` leaves,
 * which files the core takes (an admin's, asked for in the last 30 minutes, at most 50 MB) and what it
 * hands over, and the `import.file` job run directly through the terminal's outbound (the file read
 * from its path): the import, the report in the reader's language, and a report kept across a delay.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobDeps, JobRun } from '../../jobs/handlers/context.ts';
import { runJob } from '../../jobs/handlers/index.ts';
import type { JobPayloads } from '../../jobs/payloads.ts';
import { localOutbound } from '../../adapters/local/local-outbound.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect } from '../../src/bot/effects.ts';
import { PacerFault } from '../../src/bot/errors.ts';
import type { FileEvent, IncomingFile, Outbound } from '../../src/bot/ports.ts';
import { MAX_CHAT_CSV_BYTES } from '../../src/domain/csv/csv-formats.ts';
import { pruneImportRequests } from '../../src/domain/csv/import/chat/import.commands.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestCore, person, replyMessage, type TestCore } from '../helpers/core.ts';
import { mustPostNow } from '../helpers/replay.ts';
import { directJobDeps } from '../helpers/jobs.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';
import { truncateAll } from '../helpers/test-db.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');
const WORKSPACE = { platform: 'local', externalId: 'demo', name: 'Demo Co' } as const;
const PEOPLE = [person('carol', 'Carol', { isPlatformAdmin: true }), person('dana', 'Dana'), person('alice', 'Alice'), person('mojca', 'Mojca', { locale: 'sl-SI' })];
const HEADER = 'date,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref';

const t = useTestDatabase();
let tc: TestCore;
let effects: Effect[];
let dir: string;
let sequence = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pacer-import-chat-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(async () => {
  await truncateAll(t.db);
  effects = [];
  tc = createTestCore(t.db, PEOPLE, { at: WED, workspace: WORKSPACE, effects: async (handed) => { effects.push(...handed); } });
  for (const text of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@alice> East', 'role <@dana> admin', 'role <@mojca> admin']) await pacer('carol', text);
  effects.length = 0;
});

async function pacer(userId: string, text: string): Promise<string> {
  sequence += 1;
  return fallbackText(replyMessage(await tc.command(userId, 'pacer', text, `import-chat-${sequence}`)));
}

/** A file `userId` sends the bot: written under the temp dir, named by its path, as `/send` does. */
async function send(userId: string, name: string, content: string, size?: number): Promise<string | undefined> {
  sequence += 1;
  const path = join(dir, `${sequence}-${name}`);
  await writeFile(path, content);
  const file: IncomingFile = { name, ref: path, size: size ?? Buffer.byteLength(content) };
  const event: FileEvent = { workspace: WORKSPACE, userId, conversation: { platform: 'local', workspaceExternalId: 'demo', conversationId: `dm:${userId}`, kind: 'direct' }, deliveryId: `file-${sequence}`, file };
  const reply = await tc.core.handleFile(event);
  return reply && fallbackText(reply);
}

const requests = () => t.db.selectFrom('import_requests').innerJoin('members', 'members.id', 'import_requests.member_id').select(['members.external_id', 'kind', 'dry_run', 'expires_at']).execute();
const deals = () => t.db.selectFrom('deals').select(['customer', 'ref']).orderBy('number').execute();

const depsWith = (outbound: Outbound, db = t.db): JobDeps => directJobDeps(db, outbound, fixedClock(WED));

/** The one import effect handed over, as the job's payload. */
function handedJob(): JobPayloads['import.file'] {
  const imports = effects.filter((e) => e.kind === 'import');
  expect(imports).toHaveLength(1);
  const [effect] = imports;
  if (effect?.kind !== 'import') throw new Error('no import effect');
  return { workspaceId: effect.workspaceId, memberId: effect.memberId, kind: effect.importKind, dryRun: effect.dryRun, file: effect.file };
}

describe('/pacer import and the file that follows', () => {
  it('waits 30 minutes for one file per admin: a new request replaces the last', async () => {
    await pacer('carol', 'import goals');
    await pacer('carol', 'import deals preveri');
    expect(await requests()).toEqual([{ external_id: 'carol', kind: 'deals', dry_run: true, expires_at: new Date(WED.getTime() + 30 * 60_000) }]);
  });

  it('answers a wrong kind or extra words with an example, and waits for nothing', async () => {
    expect(await pacer('carol', 'import')).toBe('Import which file? One of: deals, members, goals, feedback.\nExample: /pacer import deals');
    expect(await pacer('carol', 'import deals now please')).toContain('Example: /pacer import deals check');
    expect(await requests()).toEqual([]);
  });

  it('refuses a file after the 30 minutes, and one over 50 MB (the request stays for a smaller one)', async () => {
    await pacer('carol', 'import deals');
    expect(await send('carol', 'deals.csv', `${HEADER}\n`, MAX_CHAT_CSV_BYTES + 1)).toBe(
      'The file is larger than 50 MB. Split it, or import it on the command line: pacer import …\nExample: pacer import deals deals.csv --workspace …',
    );
    expect(await requests()).toHaveLength(1);
    tc.clock.set(new Date(WED.getTime() + 30 * 60_000 + 1));
    expect(await send('carol', 'deals.csv', `${HEADER}\n`)).toBe(
      'I read files only for an import an admin asked for. To import deals.csv, type the command first, then send the file within 30 minutes.\nExample: /pacer import deals',
    );
    expect(effects).toEqual([]);
    // The request nobody answered is pruned by the nightly maintenance.
    expect(await pruneImportRequests(t.db, new Date(WED.getTime() + 30 * 60_000 - 1))).toBe(0);
    expect(await pruneImportRequests(t.db, tc.clock.now())).toBe(1);
    expect(await requests()).toEqual([]);
  });

  it('refuses the file of an admin who was made a rep since asking', async () => {
    await pacer('dana', 'import deals');
    await pacer('carol', 'role <@dana> rep');
    expect(await send('dana', 'deals.csv', `${HEADER}\n`)).toBe('Only admins can do that.');
    expect(effects).toEqual([]);
    expect(await requests()).toHaveLength(1);
  });

  it('hands over the file once, audited, and uses the request up', async () => {
    await pacer('carol', 'import deals');
    expect(await send('carol', 'crm export.csv', `${HEADER}\n`)).toBe('Got crm export.csv: importing it as deals.csv. The report follows here.');
    const job = handedJob();
    expect(job).toMatchObject({ kind: 'deals', dryRun: false, file: { name: 'crm export.csv', size: HEADER.length + 1 } });
    expect(await requests()).toEqual([]);
    const audits = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['import.request', 'import.file']).orderBy('id').execute();
    expect(audits).toEqual([
      { action: 'import.request', details: { kind: 'deals', dryRun: false } },
      { action: 'import.file', details: { kind: 'deals', dryRun: false, name: 'crm export.csv', size: HEADER.length + 1 } },
    ]);
  });
});

describe('the import.file job', () => {
  it('imports the file, reports in the reader\'s language, and keeps the report across a delay so a rerun does not import again', async () => {
    await pacer('mojca', 'import deals');
    await send('mojca', 'posli.csv', `${HEADER}\n2026-11-02,alice,Acme,100,EUR,,won,,,,,A-1\n2026-11-03,alice,Globex,200,EUR,,won,,,,,A-2\n`);
    const job = handedJob();
    const printed: string[] = [];
    const outbound = localOutbound((text) => printed.push(text));
    // The first run imports, then the platform answers the report's post with a 429: the job keeps
    // the report and is delayed.
    const kept: Record<string, unknown>[] = [];
    const delayed: JobRun = { id: 'import-1', delay: () => Promise.reject(new Error('delayed')), keep: async (patch) => { kept.push(patch); } };
    const limited: Outbound = { ...outbound, post: () => Promise.reject(new PacerFault('rate_limited', 'slow down', { retryAfterMs: 1_000 })) };
    const first = await runJob(depsWith(limited), delayed, { name: 'import.file', data: job }).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    expect(await deals()).toEqual([{ customer: 'Acme', ref: 'A-1' }, { customer: 'Globex', ref: 'A-2' }]);
    expect(kept).toHaveLength(1);
    const report = kept[0]?.report;

    // Run again with the kept report: it posts the report without importing a second time.
    const again = await runJob(depsWith(outbound), { ...mustPostNow, id: 'import-1' }, { name: 'import.file', data: { ...job, report } as JobPayloads['import.file'] });
    expect({ first, again }).toEqual({ first: 'delayed', again: 'posli.csv: 2 rows, 2 created, 0 updated, posted' });
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'csv.import').execute()).toHaveLength(1);
    expect(printed).toEqual(['\n── Pacer → direct message to mojca ──\nUvoz posli.csv\ndeals.csv: prebranih 2 vrstic — 2 dodanih, 0 posodobljenih, 0 že obstoječih.\n']);
  });

  it('says so when the file is gone by the time the job runs, and imports nothing', async () => {
    await pacer('carol', 'import deals');
    await send('carol', 'deals.csv', `${HEADER}\n2026-11-02,alice,Acme,100,EUR,,won,,,,,A-1\n`);
    const job = handedJob();
    await rm(job.file.ref);
    const printed: string[] = [];
    expect(await runJob(depsWith(localOutbound((text) => printed.push(text))), { ...mustPostNow, id: 'import-2' }, { name: 'import.file', data: job })).toBe('deals.csv: file gone, posted');
    expect(printed).toEqual(['\n── Pacer → direct message to carol ──\nI could not fetch deals.csv: it was deleted or its link expired. Type /pacer import deals and send it again.\n']);
    expect(await deals()).toEqual([]);
  });
});

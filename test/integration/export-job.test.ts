/**
 * `/pacer export` between the command and the platforms, on real PostgreSQL: what the command hands
 * over (and audits), and the `export.file` job run directly through the local terminal's outbound,
 * which saves the file under the data directory and prints its path: the file's content, the message
 * in the reader's language, the temporary file deleted whatever happens, and a file sent once per job.
 */
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobDeps, JobRun } from '../../jobs/handlers/context.ts';
import { runJob } from '../../jobs/handlers/index.ts';
import type { JobPayloads } from '../../jobs/payloads.ts';
import { fileLinks } from '../../adapters/http/files.ts';
import { localOutbound } from '../../adapters/local/local-outbound.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect } from '../../src/bot/effects.ts';
import { PacerFault } from '../../src/bot/errors.ts';
import type { OutgoingFile, Outbound } from '../../src/bot/ports.ts';
import { routeOutbound } from '../../src/bot/outbound-router.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { checkFileLink, fileLinkKey, findExportFile } from '../../src/domain/csv/export/export-files.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { createTestCore, person, replyMessage, type TestCore } from '../helpers/core.ts';
import { mustPostNow } from '../helpers/replay.ts';
import { seedDeal } from '../helpers/seed-deals.ts';
import { directJobDeps } from '../helpers/jobs.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';
import { truncateAll } from '../helpers/test-db.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');
const WORKSPACE = { platform: 'local', externalId: 'demo', name: 'Demo Co' } as const;
const PEOPLE = [person('carol', 'Carol', { isPlatformAdmin: true }), person('bob', 'Bob'), person('alice', 'Alice'), person('mojca', 'Mojca', { locale: 'sl-SI' })];

const t = useTestDatabase();
let tc: TestCore;
let effects: Effect[];
let exportDir: string;
let delivery = 0;

beforeAll(async () => {
  exportDir = await mkdtemp(join(tmpdir(), 'pacer-export-dir-'));
});
afterAll(() => rm(exportDir, { recursive: true, force: true }));

const workspace = () => t.db.selectFrom('workspaces').selectAll().where('external_id', '=', 'demo').executeTakeFirstOrThrow();
const member = (externalId: string) => t.db.selectFrom('members').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();

async function pacer(userId: string, text: string): Promise<string> {
  delivery += 1;
  return fallbackText(replyMessage(await tc.command(userId, 'pacer', text, `export-${delivery}`)));
}

beforeEach(async () => {
  await truncateAll(t.db);
  effects = [];
  tc = createTestCore(t.db, PEOPLE, { at: WED, workspace: WORKSPACE, effects: async (handed) => { effects.push(...handed); } });
  for (const text of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@alice> East', 'role <@bob> manager', 'role <@mojca> manager']) await pacer('carol', text);
  await pacer('alice', 'help');
  const ws = await workspace();
  const east = await t.db.selectFrom('teams').select('id').where('workspace_id', '=', ws.id).executeTakeFirstOrThrow();
  await seedDeal(t.db, { workspaceId: ws.id, teamId: east.id }, 'alice', 'won', '2026-10-05T09:00:00Z', { customer: 'Acme d.o.o.', amountMinor: 1_250_050n });
  await seedDeal(t.db, { workspaceId: ws.id, teamId: east.id }, 'alice', 'lost', '2026-10-20T10:00:00Z', { customer: '=HYPERLINK("http://x")' });
  await seedDeal(t.db, { workspaceId: ws.id, teamId: east.id }, 'alice', 'won', '2026-11-02T10:00:00Z', { customer: 'November' });
  effects = [];
});

/** What a job's handler may use: the database, an outbound, the clock; nothing else is expected. */
const depsWith = (outbound: Outbound, db = t.db): JobDeps => directJobDeps(db, outbound, fixedClock(WED));

/** The one export effect a command handed over, as the job's payload. */
function handedJob(): JobPayloads['export.file'] {
  expect(effects).toHaveLength(1);
  const [effect] = effects;
  if (effect?.kind !== 'export') throw new Error(`expected an export effect, got ${JSON.stringify(effects)}`);
  return { workspaceId: effect.workspaceId, memberId: effect.memberId, kind: effect.exportKind, range: effect.range };
}

const OCTOBER = '\uFEFFdate,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref\r\n'
  + '2026-10-05,alice,Acme d.o.o.,12500.50,EUR,Widgets,won,,,,East,D-1\r\n'
  + `2026-10-20,alice,"'=HYPERLINK(""http://x"")",1000.00,EUR,Widgets,lost,price,,,East,D-2\r\n`;

describe('/pacer export', () => {
  it('hands a manager\'s request to the job layer after commit, with the range as of now, audited, once per delivery', async () => {
    const reply = await tc.command('bob', 'pacer', 'export deals last month', 'same-delivery');
    expect(fallbackText(replyMessage(reply))).toBe("Preparing deals-2026-10.csv: it arrives in a direct message in a moment.\nDays are counted in the workspace's time zone; the file opens in any spreadsheet.");
    const ws = await workspace();
    const bob = await member('bob');
    expect(effects).toEqual([{ kind: 'export', workspaceId: ws.id, memberId: bob.id, exportKind: 'deals', range: { start: '2026-10-01', end: '2026-11-01', label: '2026-10', season: { kind: 'month', start: '2026-10-01', end: '2026-11-01' } } }]);
    const audit = await t.db.selectFrom('audit_log').select(['actor_member_id', 'action', 'subject', 'details']).where('action', '=', 'export.request').execute();
    expect(audit).toEqual([{ actor_member_id: bob.id, action: 'export.request', subject: 'export:deals', details: { kind: 'deals', start: '2026-10-01', end: '2026-11-01', file: 'deals-2026-10.csv' } }]);
    // The platform's retry of the same delivery is answered, not handed over again.
    expect(fallbackText(replyMessage(await tc.command('bob', 'pacer', 'export deals last month', 'same-delivery')))).toBe('Already done: that request arrived twice.');
    expect(effects).toHaveLength(1);
  });

  it('names a date range\'s file by its days, and a season\'s by its code, for admins too', async () => {
    expect(await pacer('carol', 'export feedback 2026-10-01..2026-10-31')).toContain('Preparing feedback-2026-10-01_2026-10-31.csv');
    expect(await pacer('carol', 'export attainment 2026-Q3')).toContain('Preparing attainment-2026-Q3.csv');
    expect(await pacer('bob', 'export DEAL')).toContain('Preparing deals-2026-11.csv');
    expect(effects.map((e) => e.kind === 'export' && [e.exportKind, e.range.label])).toEqual([['feedback', '2026-10-01..2026-10-31'], ['attainment', '2026-Q3'], ['deals', '2026-11']]);
  });

  it('answers in the reader\'s language', async () => {
    expect(await pacer('mojca', 'export deals 2026-10')).toBe('Pripravljam deals-2026-10.csv: čez trenutek prispe v neposrednem sporočilu.\nDnevi so šteti v časovnem pasu delovnega prostora; datoteka se odpre v vsaki preglednici.');
    expect(await pacer('mojca', 'export nekaj')).toBe('Kaj izvoziti? deals, attainment ali feedback.\nPrimer: /pacer export deals quarter');
  });

  it('is listed in /pacer help with its usage', async () => {
    const help = await pacer('alice', 'help');
    expect(help).toContain('/pacer export <deals|attainment|feedback> [month|quarter|year | last month | 2026-10 | 2026-Q3 | 2026 | 2026-10-01..2026-12-31]');
    expect(help).toContain('Get a CSV file of deals, goal attainment or feedback in a direct message (managers)');
  });
});

describe('the export.file job in the terminal (local outbound)', () => {
  it('saves the file under the export directory, prints the message and its path, deletes its temporary file, and sends once', async () => {
    await pacer('bob', 'export deals 2026-10');
    const job = handedJob();
    const printed: string[] = [];
    const local = localOutbound((text) => printed.push(text), { exportDir });
    const sent: OutgoingFile[] = [];
    const outbound: Outbound = { ...local, sendFile: async (to, file, message) => { sent.push(file); return local.sendFile?.(to, file, message); } };
    const run: JobRun = { ...mustPostNow, id: 'local-1' };

    expect(await runJob(depsWith(outbound), run, { name: 'export.file', data: job })).toBe('deals-2026-10.csv: 2 rows, posted');
    const saved = join(exportDir, 'deals-2026-10.csv');
    expect(printed).toEqual([`\n── Pacer → direct message to bob ──\nDeals · 2026-10\nYour export deals-2026-10.csv: 2 rows.\nSaved to ${saved}\n`]);
    expect(await readFile(saved, 'utf8')).toBe(OCTOBER);
    expect(sent.map((f) => [f.name, f.title, f.rows, f.link])).toEqual([['deals-2026-10.csv', 'Deals · 2026-10', 2, { label: 'Download', note: 'The link works for 24 hours. Anyone who has it can download the file: don\'t forward it.' }]]);
    expect(sent[0]?.owner).toEqual({ workspaceId: job.workspaceId, memberId: job.memberId });
    await expect(access(sent[0]?.path ?? '')).rejects.toThrow();
    const posts = await t.db.selectFrom('job_posts').select(['kind', 'recipient', 'period', 'conversation_id', 'message_id']).execute();
    expect(posts).toEqual([{ kind: 'export.file', recipient: `member:${job.memberId}`, period: 'local-1', conversation_id: 'dm:bob', message_id: '1' }]);

    // The same job again (a retry after it was sent): nothing written, nothing printed.
    expect(await runJob(depsWith(outbound), run, { name: 'export.file', data: job })).toBe('duplicate');
    expect(printed).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('writes the message in the reader\'s language, plural and all', async () => {
    await pacer('mojca', 'export feedback 2026-10');
    const printed: string[] = [];
    const outcome = await runJob(depsWith(localOutbound((text) => printed.push(text), { exportDir })), { ...mustPostNow, id: 'local-sl' }, { name: 'export.file', data: handedJob() });
    expect(outcome).toBe('feedback-2026-10.csv: 0 rows, posted');
    expect(printed.join('')).toContain('Povratne informacije · 2026-10\nVaš izvoz feedback-2026-10.csv: 0 vrstic.\nSaved to ');
    expect(await readFile(join(exportDir, 'feedback-2026-10.csv'), 'utf8')).toBe('\uFEFFdate,rep,kind,text,deal_ref\r\n');
  });

  it('deletes its temporary file and leaves the key free when the send fails, so a retry sends it', async () => {
    await pacer('bob', 'export deals 2026-10');
    const job = handedJob();
    const paths: string[] = [];
    const failing: Outbound = {
      ...localOutbound(() => undefined, { exportDir }),
      sendFile: async (_to, file) => {
        paths.push(file.path);
        // The file is complete when it is handed over.
        expect(await readFile(file.path, 'utf8')).toBe(OCTOBER);
        throw new PacerFault('platform', 'Slack files.uploadV2 failed: internal_error');
      },
    };
    await expect(runJob(depsWith(failing), { ...mustPostNow, id: 'failing-1' }, { name: 'export.file', data: job })).rejects.toThrow('files.uploadV2 failed');
    expect(paths).toHaveLength(1);
    await expect(access(paths[0] ?? '')).rejects.toThrow();
    expect(await t.db.selectFrom('job_posts').select('id').execute()).toEqual([]);

    const printed: string[] = [];
    expect(await runJob(depsWith(localOutbound((text) => printed.push(text), { exportDir })), { ...mustPostNow, id: 'failing-1' }, { name: 'export.file', data: job })).toBe('deals-2026-10.csv: 2 rows, posted');
    expect(printed).toHaveLength(1);
  });

  it('fails as a configuration fault where the platform cannot send files, writing nothing', async () => {
    await pacer('bob', 'export deals 2026-10');
    const job = handedJob();
    const faultOf = async (promise: Promise<unknown>): Promise<string | undefined> => promise.then(() => undefined, (error: unknown) => (error instanceof PacerFault ? error.code : String(error)));
    // An outbound without files: refused before anything is written.
    expect(await faultOf(runJob(depsWith(localOutbound(() => undefined)), { ...mustPostNow, id: 'nofiles-1' }, { name: 'export.file', data: job }))).toBe('config');
    // Through the router, a platform whose outbound cannot send files is refused the same way.
    const file: OutgoingFile = { path: '/nonexistent', name: 'deals-2026-10.csv', title: 'Deals', rows: 0, owner: { workspaceId: job.workspaceId, memberId: job.memberId }, link: { label: 'Download', note: '' } };
    const to = { platform: 'local', workspaceExternalId: 'demo', conversationId: 'dm:bob' } as const;
    expect(await faultOf(routeOutbound({ local: localOutbound(() => undefined) }).sendFile?.(to, file, { blocks: [] }) ?? Promise.resolve())).toBe('config');
    expect(await t.db.selectFrom('job_posts').select('id').execute()).toEqual([]);
  });

  it('does nothing for a member or workspace that is gone', async () => {
    await pacer('bob', 'export deals 2026-10');
    const job = handedJob();
    const printed: string[] = [];
    expect(await runJob(depsWith(localOutbound((text) => printed.push(text), { exportDir })), { ...mustPostNow, id: 'gone-1' }, { name: 'export.file', data: { ...job, memberId: 999_999 } })).toBe('gone');
    expect(printed).toEqual([]);
  });
});

describe('the export.file job on the embedded database (PGlite serves one transaction at a time)', () => {
  it('keeps a linked copy (as for Teams) before the delivery\'s transaction, so the job completes instead of waiting on itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-export-pglite-'));
    const database = await connectDatabase({ dataDir: join(dir, 'db') });
    try {
      await migrateToLatest(database.db);
      const { db } = database;
      const ws = await db.insertInto('workspaces').values({ platform: 'local', external_id: 'demo', name: 'Demo Co', currency: 'EUR', locale: 'en', timezone: 'Europe/Ljubljana' }).returningAll().executeTakeFirstOrThrow();
      const bob = await db.insertInto('members').values({ workspace_id: ws.id, external_id: 'bob', display_name: 'Bob', timezone: null, locale: null, team_id: null, profile_synced_at: null }).returning('id').executeTakeFirstOrThrow();
      const key = fileLinkKey('embedded-export-secret-0123456789abcdef');
      // The Teams outbound's way with files, minus the Bot Connector: a copy in export_files, a signed link on a card.
      const link = fileLinks({ db, clock: fixedClock(WED), config: { secret: key, publicUrl: 'https://pacer.example.com' }, listeningUrl: () => undefined });
      const cards: string[] = [];
      const local = localOutbound(() => undefined);
      const linking: Outbound = {
        ...local,
        prepareFile: async (_workspace, file) => ({ ...file, url: (await link(file)).url }),
        sendFile: async (to, file) => {
          cards.push(file.url ?? (await link(file)).url);
          return { conversation: to, messageId: 'card-1' };
        },
      };
      const data: JobPayloads['export.file'] = { workspaceId: ws.id, memberId: bob.id, kind: 'deals', range: { start: '2026-10-01', end: '2026-11-01', label: '2026-10' } };
      expect(await runJob(depsWith(linking, db), { ...mustPostNow, id: 'embedded-1' }, { name: 'export.file', data })).toBe('deals-2026-10.csv: 0 rows, posted');
      expect(cards).toHaveLength(1);
      const url = new URL(cards[0] ?? '');
      const id = url.pathname.slice('/files/'.length);
      expect(checkFileLink(key, id, url.searchParams.get('exp') ?? undefined, url.searchParams.get('sig') ?? undefined, WED)).toBe('ok');
      expect((await findExportFile(db, id, WED))?.content.toString('utf8')).toBe('\uFEFFdate,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref\r\n');
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

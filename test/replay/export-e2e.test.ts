/**
 * `/pacer export` end to end through the real HTTP endpoints:
 *
 * - Slack: a signed slash command to `POST /slack/events` is answered ephemerally in its ack; the
 *   committed effect goes to the real job queue (Redis), whose worker writes the CSV to a temporary
 *   file and uploads it with `files.uploadV2` to the manager's DM on a fake Slack that speaks the
 *   real wire format (form-encoded calls, the bytes as multipart/form-data to the upload_url);
 * - Teams: the same request as a message activity; the job keeps the file and posts a card whose
 *   Download button is a signed link to Pacer's own `GET /files/<id>`, fetched from the real server,
 *   and refused when forged, pointed at another file, or expired.
 *
 * Real server (`createPacerServer`), core, registry, PostgreSQL and Redis; only Slack's Web API and
 * Microsoft's key set and Bot Connector are fakes on loopback. No sleeps: every wait is on an event.
 */
import { access } from 'node:fs/promises';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../jobs/handlers/index.ts';
import type { JobPayloads } from '../../jobs/payloads.ts';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect } from '../../src/bot/effects.ts';
import type { Outbound } from '../../src/bot/ports.ts';
import { fileLinkKey, signFileLink } from '../../src/domain/csv/export/export-files.ts';
import { completion, startJobs, stopJobs } from '../helpers/jobs.ts';
import { cardOf, mustPostNow, slackProfile, startSlackReplay, startTeamsReplay, TEAMS_PEOPLE, type SlackReplay, type TeamsReplay } from '../helpers/replay.ts';
import { seedDeal } from '../helpers/seed-deals.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');
const BOM = '\uFEFF';
const HEADER = 'date,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref';
const csv = (...rows: string[]): Buffer => Buffer.from(`${BOM}${[HEADER, ...rows].map((r) => `${r}\r\n`).join('')}`, 'utf8');

const t = useTestDatabase();

const workspaceId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('workspaces').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const memberId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('members').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const teamId = async (workspace: number, name: string): Promise<number> =>
  (await t.db.selectFrom('teams').select('id').where('workspace_id', '=', workspace).where('name', '=', name).executeTakeFirstOrThrow()).id;
const exportAudits = async (externalId: string) =>
  t.db.selectFrom('audit_log').select(['action', 'subject', 'details']).where('workspace_id', '=', await workspaceId(externalId)).where('action', '=', 'export.request').execute();

/**
 * October 2026 in Ljubljana as the file shows it, for a rep in team East: a deal just after local
 * midnight on 1 October (still 30 September in UTC) comes first, one just after midnight on 1 November
 * (still 31 October in UTC) is left out, and a customer with a comma and quotes is quoted.
 */
async function seedOctober(workspace: number, team: number, rep: string): Promise<void> {
  const where = { workspaceId: workspace, teamId: team };
  await seedDeal(t.db, where, rep, 'won', '2026-10-05T09:00:00Z', { customer: 'Acme d.o.o.', amountMinor: 1_250_050n });
  await seedDeal(t.db, where, rep, 'lost', '2026-10-20T10:00:00Z', { customer: 'Globex' });
  await seedDeal(t.db, where, rep, 'won', '2026-10-31T23:30:00Z', { customer: 'Pozni kupec' });
  await seedDeal(t.db, where, rep, 'won', '2026-09-30T22:30:00Z', { customer: 'Zgodnji kupec' });
  await seedDeal(t.db, where, rep, 'delivered', '2026-10-10T10:00:00Z', { customer: 'Smith, Jones & "Partners"' });
}

/** The file's rows for those deals; `before` deals were seeded before them (seedDeal numbers across workspaces). */
const octoberRows = (rep: string, before = 0): string[] => [
  `2026-10-01,${rep},Zgodnji kupec,1000.00,EUR,Widgets,won,,,,East,D-${before + 4}`,
  `2026-10-05,${rep},Acme d.o.o.,12500.50,EUR,Widgets,won,,,,East,D-${before + 1}`,
  `2026-10-10,${rep},"Smith, Jones & ""Partners""",1000.00,EUR,Widgets,delivered,,2026-10-15,,East,D-${before + 5}`,
  `2026-10-20,${rep},Globex,1000.00,EUR,Widgets,lost,price,,,East,D-${before + 2}`,
];

/** What the export jobs recorded as sent, oldest first. */
async function exportJobs(runtime: JobRuntime): Promise<number> {
  return (await runtime.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])).filter((job) => job.name === 'export.file').length;
}

/** The server's outbound, with the temporary file of every file sent remembered (to check it is gone). */
function rememberingPaths(outbound: Outbound, paths: string[]): Outbound {
  return {
    ...outbound,
    async sendFile(to, file, message) {
      paths.push(file.path);
      if (!outbound.sendFile) throw new Error('the server outbound cannot send files');
      return outbound.sendFile(to, file, message);
    },
  };
}

const gone = async (path: string): Promise<boolean> => access(path).then(() => false, () => true);

// ==== Slack ======================================================================================

describe('Slack: /pacer export through POST /slack/events, uploaded by the job', () => {
  const SECRET = 'export-e2e-signing-secret-0123456789';
  const TEAM = 'T0001';
  const clock = fixedClock(WED);
  const handed: Effect[] = [];
  const paths: string[] = [];

  let slack: SlackReplay;
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    slack = await startSlackReplay({
      db: t.db, users: { UOLIVIA: slackProfile('UOLIVIA', 'Olivia', { is_owner: true }), UMIA: slackProfile('UMIA', 'Mia'), UALICE: slackProfile('UALICE', 'Alice') },
      signingSecret: SECRET, botToken: 'xoxb-export-e2e', team: TEAM, tag: 'export', clock,
      effects: async (effects) => {
        handed.push(...effects);
        await runtime.effects(effects);
      },
    });
    ({ runtime, worker } = await startJobs(t.db, rememberingPaths(slack.pacer.outbound, paths), clock));
    // Olivia (a workspace owner, so an admin) sets the zone, makes team East with Alice in it and Mia a manager.
    for (const text of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@UALICE|alice> East', 'role <@UMIA|mia> manager']) {
      expect((await slack.slash('UOLIVIA', 'pacer', text)).status).toBe(200);
    }
    const ws = await workspaceId(TEAM);
    await seedOctober(ws, await teamId(ws, 'East'), 'UALICE');
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await slack?.stop();
  });

  it('answers a manager at once and uploads October\'s deals to her DM, with the message as the file\'s comment', async () => {
    const done = completion(worker, (job) => job.name === 'export.file');
    const { status, ack } = await slack.slash('UMIA', 'pacer', 'export deals 2026-10');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toBe("Preparing deals-2026-10.csv: it arrives in a direct message in a moment.\nDays are counted in the workspace's time zone; the file opens in any spreadsheet.");
    const { job, result } = await done;
    expect(result).toBe('deals-2026-10.csv: 4 rows, posted');
    expect(job.data).toEqual({ workspaceId: await workspaceId(TEAM), memberId: await memberId('UMIA'), kind: 'deals', range: { start: '2026-10-01', end: '2026-11-01', label: '2026-10', season: { kind: 'month', start: '2026-10-01', end: '2026-11-01' } } });

    const expected = csv(...octoberRows('UALICE'));
    // files.uploadV2 as the WebClient makes it: an upload URL for the name and length, the bytes, then the share.
    const [asked] = slack.fake.callsTo('files.getUploadURLExternal');
    expect(asked?.body).toEqual({ filename: 'deals-2026-10.csv', length: String(expected.length) });
    const [upload] = slack.fake.callsTo('upload');
    expect(upload?.bytes?.equals(expected)).toBe(true);
    expect(upload?.bytes?.toString('utf8')).toBe(expected.toString('utf8'));
    expect(upload?.body.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.bearer).toBe('xoxb-export-e2e');
    const [complete] = slack.fake.callsTo('files.completeUploadExternal');
    expect(complete?.body).toEqual({
      channel_id: 'DMIA',
      initial_comment: 'Deals · 2026-10\nYour export deals-2026-10.csv: 4 rows.',
      files: [{ id: upload?.id, title: 'Deals · 2026-10' }],
    });
    expect(slack.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual(['UMIA']);
    // No message besides the file's own comment.
    expect(slack.fake.callsTo('chat.postMessage')).toEqual([]);

    // Sent once, recorded under the job, audited; the temporary file is gone.
    const posts = await t.db.selectFrom('job_posts').select(['kind', 'recipient', 'period', 'conversation_id', 'message_id']).where('kind', '=', 'export.file').execute();
    expect(posts).toEqual([{ kind: 'export.file', recipient: `member:${await memberId('UMIA')}`, period: job.id, conversation_id: 'DMIA', message_id: null }]);
    expect(await exportAudits(TEAM)).toEqual([{ action: 'export.request', subject: 'export:deals', details: { kind: 'deals', start: '2026-10-01', end: '2026-11-01', file: 'deals-2026-10.csv' } }]);
    expect(paths).toHaveLength(1);
    expect(await gone(paths[0] ?? '')).toBe(true);

    // A retry of the finished job (a stalled job run again) sends nothing and writes no file.
    const retried = await runJob(runtime.deps, { ...mustPostNow, id: job.id ?? '' }, { name: 'export.file', data: job.data as JobPayloads['export.file'] });
    expect(retried).toBe('duplicate');
    expect(slack.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(slack.fake.callsTo('upload')).toHaveLength(1);
    expect(paths).toHaveLength(1);
  });

  /** A command that must be refused: the reply says so, and nothing is queued, uploaded or audited. */
  async function refused(user: string, text: string, ...expected: string[]): Promise<void> {
    const before = { effects: handed.length, jobs: await exportJobs(runtime), calls: slack.fake.calls.length, audits: (await exportAudits(TEAM)).length };
    const { status, ack } = await slack.slash(user, 'pacer', text);
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(String(ack.text).split('\n')).toEqual(expected);
    expect(handed.slice(before.effects)).toEqual([]);
    expect(await exportJobs(runtime)).toBe(before.jobs);
    expect(slack.fake.calls.slice(before.calls).filter((c) => c.method.startsWith('files.') || c.method === 'upload' || c.method === 'chat.postMessage')).toEqual([]);
    expect((await exportAudits(TEAM)).length).toBe(before.audits);
  }

  it('refuses a rep, and sends her nothing', async () => {
    await refused('UALICE', 'export deals 2026-10', 'Only managers can do that.');
  });

  it('answers a bad range or kind with what was wrong and an example, sending nothing', async () => {
    await refused('UMIA', 'export deals 2026-13', '"2026-13" is not a month: months run from 01 to 12, as in 2026-10.', 'Example: /pacer export deals 2026-10');
    await refused('UMIA', 'export deals 2026-10-01..2026-02-30', '“2026-02-30” is not a date: use 2026-10-01..2026-12-31', 'Example: /pacer export deals 2026-10-01..2026-12-31');
    await refused('UMIA', 'export deals 2026-12-01..2026-10-31', 'The range ends (2026-10-31) before it starts (2026-12-01).', 'Example: /pacer export deals 2026-10-31..2026-12-01');
    await refused('UMIA', 'export feedback 2027', 'Nothing has happened yet in a range that starts on 2027-01-01: choose one that has begun.', 'Example: /pacer export feedback last month');
    await refused('UMIA', 'export attainment 2026-10-01..2026-10-31', 'Attainment is per goal period: name a month, quarter or year (2026-10, 2026-Q3, 2026), not dates.', 'Example: /pacer export attainment quarter');
    await refused('UMIA', 'export pipeline quarter', 'Export what? deals, attainment or feedback.', 'Example: /pacer export deals quarter');
  });
});

// ==== Teams ======================================================================================

describe('Teams: an export request as a message activity, sent as a card with a signed Download link', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-00000000e0f0';
  const TENANT = 'tenant-export';
  const { OLIVIA, ALICE } = TEAMS_PEOPLE;
  const KEY = fileLinkKey('export-e2e-file-secret-0123456789abcdef');
  const clock = fixedClock(WED);
  const paths: string[] = [];

  let teams: TeamsReplay;
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    teams = await startTeamsReplay({ db: t.db, clientId: CLIENT_ID, tenant: TENANT, tag: 'export', clock, effects: (effects) => runtime.effects(effects), files: { secret: KEY } });
    ({ runtime, worker } = await startJobs(t.db, rememberingPaths(teams.pacer.outbound, paths), clock));
    // Olivia installs Pacer (and so administers it), sets the zone and puts Alice in team East.
    expect(await teams.send({ ...teams.activity(OLIVIA, teams.personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    await teams.say(ALICE, teams.personal(ALICE), 'goal');
    await teams.say(OLIVIA, teams.personal(OLIVIA), 'pacer config timezone Europe/Ljubljana');
    await teams.say(OLIVIA, teams.personal(OLIVIA), 'pacer team create East');
    await teams.say(OLIVIA, teams.personal(OLIVIA), `pacer team add <at>${ALICE.name}</at> East`, [{ type: 'mention', text: `<at>${ALICE.name}</at>`, mentioned: { id: ALICE.id, name: ALICE.name } }]);
    const ws = await workspaceId(TENANT);
    await seedOctober(ws, await teamId(ws, 'East'), ALICE.id);
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await teams?.stop();
    expect(teams?.fake.invalidCards).toEqual([]);
  });

  /** The request, the job's card in Olivia's new 1:1 chat, and its Download link. */
  async function exportOctober(): Promise<{ url: URL; summary: string; card: unknown }> {
    const done = completion(worker, (job) => job.name === 'export.file');
    const before = teams.fake.calls.length;
    expect(await teams.say(OLIVIA, teams.personal(OLIVIA), 'pacer export deals 2026-10')).toBe(
      "Preparing deals-2026-10.csv: it arrives in a direct message in a moment.\nDays are counted in the workspace's time zone; the file opens in any spreadsheet.",
    );
    expect((await done).result).toBe('deals-2026-10.csv: 4 rows, posted');
    // Olivia's 1:1 chat with Pacer is opened once (then remembered) and the file goes there, besides the reply.
    const opened = teams.fake.calls.filter((c) => c.kind === 'conversation');
    expect(opened.map((c) => c.body.members)).toEqual([[{ id: OLIVIA.id, role: 'user' }]]);
    const sent = teams.fake.calls.slice(before).filter((c) => c.kind === 'create' && c.conversationId !== teams.personal(OLIVIA).id);
    expect(sent.map((c) => c.conversationId)).toEqual([opened[0]?.conversationId]);
    const card = cardOf(sent[0]);
    const body = (card as { body: Record<string, unknown>[] }).body;
    const actions = body.filter((element) => element.type === 'ActionSet').flatMap((set) => set.actions as Record<string, unknown>[]);
    expect(actions).toEqual([{ type: 'Action.OpenUrl', title: 'Download', url: expect.any(String) }]);
    return { url: new URL(String(actions[0]?.url)), summary: String(sent[0]?.body.summary), card };
  }

  it('posts the file\'s card to the admin\'s DM, and the real server serves the exact CSV at its link', async () => {
    const { url, summary } = await exportOctober();
    expect(summary).toBe(
      'Deals · 2026-10\nYour export deals-2026-10.csv: 4 rows.\nThe link works for 24 hours. Anyone who has it can download the file: don\'t forward it.',
    );
    // The link is Pacer's own address (no public URL configured: where it listens), signed, expiring in a day.
    expect(url.origin).toBe(new URL(teams.url).origin);
    expect(url.pathname).toMatch(/^\/files\/[0-9a-f-]{36}$/);
    expect(Number(url.searchParams.get('exp'))).toBe(Math.floor(WED.getTime() / 1000) + 86_400);
    expect(url.searchParams.get('sig')).toMatch(/^[\w-]{43}$/);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="deals-2026-10.csv"; filename*=UTF-8\'\'deals-2026-10.csv');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    const expected = csv(...octoberRows(ALICE.id, 5));
    expect(bytes.toString('utf8')).toBe(expected.toString('utf8'));
    expect(bytes.equals(expected)).toBe(true);

    const [stored] = await t.db.selectFrom('export_files').select(['id', 'workspace_id', 'member_id', 'name', 'expires_at']).execute();
    expect(stored).toEqual({ id: url.pathname.slice('/files/'.length), workspace_id: await workspaceId(TENANT), member_id: await memberId(OLIVIA.id), name: 'deals-2026-10.csv', expires_at: new Date(WED.getTime() + 86_400_000) });
    expect(paths.every((path) => path !== '')).toBe(true);
    for (const path of paths) expect(await gone(path)).toBe(true);
  });

  it('refuses forged links (403), links to another file (403, or 404 when signed for a file it does not keep) and expired ones (410)', async () => {
    const { url } = await exportOctober();
    const id = url.pathname.slice('/files/'.length);
    const exp = url.searchParams.get('exp') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    const at = (path: string, query: Record<string, string>): string => `${teams.url}${path}?${new URLSearchParams(query).toString()}`;
    const get = async (target: string): Promise<{ status: number; text: string; type: string | null }> => {
      const res = await fetch(target);
      return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
    };
    const forged = { status: 403, text: 'This download link is not valid. Open the link from Pacer\'s message again, or ask for the export again with /pacer export.', type: 'text/plain; charset=utf-8' };

    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(await get(at(url.pathname, { exp, sig: flipped }))).toEqual(forged);
    expect(await get(at(url.pathname, { exp }))).toEqual(forged);
    expect(await get(at(url.pathname, { exp: String(Number(exp) + 86_400), sig }))).toEqual(forged);
    expect(await get(at(url.pathname, { exp, sig: fileLinkKey('another-secret-0123456789abcdef0123').toString('base64url').slice(0, 43) }))).toEqual(forged);
    // This link's signature on another file's id, and a link signed with another key.
    const other = '00000000-0000-4000-8000-000000000042';
    expect(await get(at(`/files/${other}`, { exp, sig }))).toEqual(forged);
    const otherKey = fileLinkKey('not-this-servers-secret-0123456789abcdef');
    expect(await get(at(url.pathname, { exp, sig: signFileLink(otherKey, id, Number(exp)) }))).toEqual(forged);
    expect(await get(at('/files/not-a-uuid', { exp, sig: signFileLink(KEY, 'not-a-uuid', Number(exp)) }))).toEqual(forged);
    // Signed by this server for a file it does not keep.
    expect(await get(at(`/files/${other}`, { exp, sig: signFileLink(KEY, other, Number(exp)) }))).toEqual({
      status: 404, text: 'This file is no longer available. Ask for the export again with /pacer export.', type: 'text/plain; charset=utf-8',
    });

    // A day later the same link has expired, and so has one signed with an expiry in the past.
    const expired = { status: 410, text: 'This download link has expired. Ask for the export again with /pacer export.', type: 'text/plain; charset=utf-8' };
    const past = String(Math.floor(WED.getTime() / 1000) - 1);
    expect(await get(at(url.pathname, { exp: past, sig: signFileLink(KEY, id, Number(past)) }))).toEqual(expired);
    clock.set(new Date(WED.getTime() + 86_400_000));
    try {
      expect(await get(url.toString())).toEqual(expired);
      // The nightly maintenance prunes it (and the first request's file).
      const outcome = await runJob(runtime.deps, { ...mustPostNow, id: 'maintenance-export-e2e' }, { name: 'maintenance', data: {} });
      expect(outcome).toMatch(/, 2 export files, 0 import requests$/);
      expect(await t.db.selectFrom('export_files').select('id').execute()).toEqual([]);
    } finally {
      clock.set(WED);
    }
    // Back within the link's day, the signature holds but the file is gone.
    expect((await get(url.toString())).status).toBe(404);
  });

  it('refuses a rep, and sends her nothing', async () => {
    const before = { jobs: await exportJobs(runtime), calls: teams.fake.calls.length, files: (await t.db.selectFrom('export_files').select('id').execute()).length };
    expect(await teams.say(ALICE, teams.personal(ALICE), 'pacer export deals 2026-10')).toBe('Only managers can do that.');
    expect(await exportJobs(runtime)).toBe(before.jobs);
    // Only the reply to Alice reached Teams.
    expect(teams.fake.calls.slice(before.calls).map((c) => [c.kind, c.conversationId])).toEqual([['create', teams.personal(ALICE).id]]);
    expect((await t.db.selectFrom('export_files').select('id').execute()).length).toBe(before.files);
  });
});

/**
 * Import from chat end to end through the real HTTP endpoints:
 *
 * - Slack: `/pacer import deals` as a signed slash command, then the file dropped into the bot's DM:
 *   a signed `message` event of subtype `file_share`. The job (real queue on Redis) looks the file up
 *   with `files.info` and downloads it with the bot token from the fake's file host, imports it into
 *   PostgreSQL and posts the report to the DM; an e-mail rep is found with `users.lookupByEmail`.
 * - Teams: the same request as a message activity, then a message carrying the file as Teams sends it
 *   (`application/vnd.microsoft.teams.file.download.info` with a download link, served on loopback).
 *
 * Real server, core, PostgreSQL and Redis; only Slack, the Bot Connector and the file host are fakes.
 * No sleeps: every wait is on an event.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect } from '../../src/bot/effects.ts';
import { FILE_DOWNLOAD_INFO } from '../../adapters/teams/files.ts';
import type { FakeSlackCall } from '../helpers/fake-slack.ts';
import { completion, startJobs, stopJobs } from '../helpers/jobs.ts';
import { cardOf, slackTeamOfThree, startSlackReplay, startTeamsReplay, TEAMS_PEOPLE, type SlackReplay, type TeamsReplay } from '../helpers/replay.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');
const HEADER = 'date,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref';
const csv = (...rows: string[]): string => `${[HEADER, ...rows].join('\r\n')}\r\n`;

const t = useTestDatabase();

const workspaceId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('workspaces').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const dealsOf = async (externalId: string) =>
  t.db.selectFrom('deals').innerJoin('members', 'members.id', 'deals.member_id')
    .select(['deals.customer', 'deals.ref', 'deals.stage', 'deals.amount_minor', 'members.external_id as rep'])
    .where('deals.workspace_id', '=', await workspaceId(externalId)).orderBy('deals.number').execute();
const auditsOf = async (externalId: string) =>
  (await t.db.selectFrom('audit_log').select(['action', 'subject']).where('workspace_id', '=', await workspaceId(externalId))
    .where('action', 'in', ['import.request', 'import.file', 'csv.import']).orderBy('id').execute()).map((a) => `${a.action} ${a.subject}`);
const importJobs = async (runtime: JobRuntime): Promise<number> =>
  (await runtime.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])).filter((job) => job.name === 'import.file').length;

// ==== Slack ======================================================================================

describe('Slack: /pacer import deals, then the file dropped into the DM', () => {
  const SECRET = 'import-e2e-signing-secret-0123456789';
  const TOKEN = 'xoxb-import-e2e';
  const TEAM = 'T0001';
  const clock = fixedClock(WED);
  const handed: Effect[] = [];

  let slack: SlackReplay;
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    slack = await startSlackReplay({
      db: t.db, users: slackTeamOfThree(),
      emails: { 'bob@acme.test': 'UBOB' },
      signingSecret: SECRET, botToken: TOKEN, team: TEAM, tag: 'import', clock,
      effects: async (effects) => {
        handed.push(...effects);
        await runtime.effects(effects);
      },
    });
    ({ runtime, worker } = await startJobs(t.db, slack.pacer.outbound, clock));
    for (const text of ['config timezone Europe/Ljubljana', 'team create East', 'team add <@UALICE|alice> East', 'team add <@UBOB|bob> East']) {
      expect((await slack.slash('UOLIVIA', 'pacer', text)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await slack?.stop();
  });

  /** The next message Pacer posts into a DM (an answer or a report), as Slack's fallback text. */
  const nextPostTo = (channel: string): Promise<FakeSlackCall> => {
    const seen = slack.fake.callsTo('chat.postMessage').length;
    return slack.fake.waitFor('chat.postMessage', (c) => c.body.channel === channel && slack.fake.callsTo('chat.postMessage').indexOf(c) >= seen);
  };

  it('imports the file an admin sends after /pacer import deals, and reports it in her DM', async () => {
    const { ack } = await slack.slash('UOLIVIA', 'pacer', 'import deals');
    expect(ack.response_type).toBe('ephemeral');
    expect(String(ack.text).split('\n')).toEqual([
      'Send me deals.csv within 30 minutes (at most 50 MB): I will check every row and import it all or nothing.',
      'Drop the file into your direct messages with Pacer (Apps → Pacer → Messages).',
      'deals.csv columns: date, rep, customer, amount, currency, product, stage, loss_reason, delivered_at, serviced_at, team, ref. The README shows a sample file of each kind.',
    ]);

    const answered = nextPostTo('DOLIVIA');
    const done = completion(worker, (job) => job.name === 'import.file');
    const file = csv(
      '2026-11-02,UALICE,Acme d.o.o.,12500.50,EUR,Widgets,won,,,,East,CRM-1',
      '2026-11-03,bob@acme.test,"Smith, Jones",800,EUR,,lost,price,,,,CRM-2',
      '2026-11-04,UALICE,Initech,3000,,Gadgets,delivered,,2026-11-10,,,CRM-3',
    );
    const { status, fileId } = await slack.shareInDm('UOLIVIA', 'deals.csv', file);
    expect(status).toBe(200);
    expect((await answered).body.text).toBe('Got deals.csv: importing it as deals.csv. The report follows here.');
    const report = nextPostTo('DOLIVIA');
    expect((await done).result).toBe('deals.csv: 3 rows, 3 created, 0 updated, posted');
    expect(String((await report).body.text)).toBe('Import of deals.csv\ndeals.csv: 3 rows read — 3 created, 0 updated, 0 already there.');

    // The file was looked up by id and fetched with the bot token; Bob was found by his e-mail address.
    expect(slack.fake.callsTo('files.info').map((c) => c.body.file)).toEqual([fileId]);
    expect(slack.fake.callsTo('download').map((c) => c.bearer)).toEqual([TOKEN]);
    expect(slack.fake.callsTo('users.lookupByEmail').map((c) => c.body.email)).toEqual(['bob@acme.test']);
    expect(await dealsOf(TEAM)).toEqual([
      { customer: 'Acme d.o.o.', ref: 'CRM-1', stage: 'won', amount_minor: 1_250_050n, rep: 'UALICE' },
      { customer: 'Smith, Jones', ref: 'CRM-2', stage: 'lost', amount_minor: 80_000n, rep: 'UBOB' },
      { customer: 'Initech', ref: 'CRM-3', stage: 'delivered', amount_minor: 300_000n, rep: 'UALICE' },
    ]);
    expect(await auditsOf(TEAM)).toEqual(['import.request import:deals', 'import.file import:deals', 'csv.import deals.csv']);
    // The request is used up: the same file again is not imported without asking.
    expect(await t.db.selectFrom('import_requests').selectAll().execute()).toEqual([]);
  });

  it('reports every bad row of a refused file by line, writes nothing, and says how to go on', async () => {
    const before = await dealsOf(TEAM);
    await slack.slash('UOLIVIA', 'pacer', 'import deals');
    const done = completion(worker, (job) => job.name === 'import.file');
    const answered = nextPostTo('DOLIVIA');
    await slack.shareInDm('UOLIVIA', 'deals.csv', csv(
      '2026-11-05,UALICE,Globex,12 500,EUR,,won,,,,,CRM-4',
      '2026-11-06,UNOBODY,Umbrella,100,EUR,,lost,,,,,CRM-5',
      '2026-11-07,UALICE,Hooli,100,EUR,,won,,,,,CRM-6',
    ));
    await answered;
    const report = nextPostTo('DOLIVIA');
    expect((await done).result).toBe('deals.csv: 2 bad rows of 3, posted');
    expect(String((await report).body.text).split('\n')).toEqual([
      'Import of deals.csv',
      'deals.csv: 2 bad rows of 3; nothing was written. Fix them and import the whole file again.',
      'line 2: amount: “12 500” is not a plain decimal: use digits and a point, like 12500.50',
      'line 3: rep: no member “UNOBODY” here: import members.csv first, or use their e-mail address',
      'Fix the file, then type /pacer import deals and send it again.',
    ]);
    expect(await dealsOf(TEAM)).toEqual(before);
  });

  it('answers a file nobody asked for with the command to type, and imports nothing', async () => {
    const jobs = await importJobs(runtime);
    const effects = handed.length;
    const answered = nextPostTo('DALICE');
    await slack.shareInDm('UALICE', 'Deals 2025.csv', csv('2026-11-02,UALICE,Acme,100,EUR,,won,,,,,X-1'));
    expect(String((await answered).body.text).split('\n')).toEqual([
      'I read files only for an import an admin asked for. To import Deals 2025.csv, type the command first, then send the file within 30 minutes.',
      'Example: /pacer import deals',
    ]);
    expect(handed.length).toBe(effects);
    expect(await importJobs(runtime)).toBe(jobs);
    expect(slack.fake.callsTo('download')).toHaveLength(2);

    // A file's name is the sender's text: it reaches Slack escaped, notifying no one.
    const named = nextPostTo('DALICE');
    await slack.shareInDm('UALICE', '<!channel> <@UOLIVIA>.csv', csv());
    const text = String((await named).body.text);
    expect(text).toContain('To import &lt;!channel&gt; &lt;@UOLIVIA&gt;.csv, type');
    expect(text).not.toMatch(/<!channel>|<@UOLIVIA>/);
  });

  it('refuses /pacer import to anyone but an admin, and a kind it does not know', async () => {
    const { ack } = await slack.slash('UALICE', 'pacer', 'import deals');
    expect(ack.text).toBe('Only admins can do that.');
    const wrong = await slack.slash('UOLIVIA', 'pacer', 'import pipeline');
    expect(String(wrong.ack.text).split('\n')).toEqual(['Import which file? One of: deals, members, goals, feedback.', 'Example: /pacer import deals']);
    expect(await t.db.selectFrom('import_requests').selectAll().execute()).toEqual([]);
  });

  it('refuses a forged event and handles Slack\'s retry of a real one once', async () => {
    await slack.slash('UOLIVIA', 'pacer', 'import deals check');
    const effects = handed.length;
    const forged = await slack.shareInDm('UOLIVIA', 'deals.csv', csv('2026-11-02,UALICE,Acme,100,EUR,,won,,,,,X-1'), { secret: 'not-the-signing-secret-0123456789' });
    expect(forged.status).toBe(401);
    expect(handed.length).toBe(effects);

    const done = completion(worker, (job) => job.name === 'import.file');
    const posts = slack.fake.callsTo('chat.postMessage').length;
    const { statuses } = await slack.shareInDm('UOLIVIA', 'deals.csv', csv('2026-11-08,UALICE,Acme,100,EUR,,won,,,,,X-1'), { again: true });
    expect(statuses).toEqual([200, 200]);
    expect((await done).result).toBe('deals.csv: 1 rows, 1 created, 0 updated (dry run), posted');
    expect(handed.slice(effects).map((e) => e.kind)).toEqual(['import']);
    // The answer to the upload and the report: no second answer for the retry, no deal written by a check.
    const said = slack.fake.callsTo('chat.postMessage').slice(posts).map((c) => String(c.body.text).split('\n')[0]);
    expect(said).toEqual(['Got deals.csv: checking it as deals.csv (a dry run, nothing is written). The report follows here.', 'Import of deals.csv']);
    expect((await dealsOf(TEAM)).map((d) => d.ref)).toEqual(['CRM-1', 'CRM-2', 'CRM-3']);
  });
});

// ==== Teams ======================================================================================

/** A file host on loopback, as SharePoint serves a Teams file's download link (no token needed). */
async function startFileHost(files: Map<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const content = files.get(new URL(req.url ?? '/', 'http://host').pathname);
    if (content === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Teams: pacer import deals, then a message carrying the file', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-00000000e1f1';
  const TENANT = 'tenant-import';
  const { OLIVIA, ALICE } = TEAMS_PEOPLE;
  const clock = fixedClock(WED);
  const files = new Map<string, string>();

  let teams: TeamsReplay;
  let host: { url: string; server: Server };
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    host = await startFileHost(files);
    teams = await startTeamsReplay({ db: t.db, clientId: CLIENT_ID, tenant: TENANT, tag: 'import', clock, effects: (effects) => runtime.effects(effects) });
    ({ runtime, worker } = await startJobs(t.db, teams.pacer.outbound, clock));
    expect(await teams.send({ ...teams.activity(OLIVIA, teams.personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    await teams.say(ALICE, teams.personal(ALICE), 'goal');
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await teams?.stop();
    await new Promise((resolve) => host?.server.close(resolve));
    expect(teams?.fake.invalidCards).toEqual([]);
  });

  /** Olivia sends a file to Pacer in her 1:1 chat, as Teams delivers it; Pacer's answer there. */
  async function sendFile(name: string, path: string): Promise<string> {
    const attachment = { contentType: FILE_DOWNLOAD_INFO, contentUrl: `https://acme.sharepoint.com/personal/olivia/${name}`, name, content: { downloadUrl: `${host.url}${path}`, uniqueId: 'f1', fileType: 'csv' } };
    const call = await teams.sendAndWait(teams.activity(OLIVIA, teams.personal(OLIVIA), { text: '', attachments: [attachment] }));
    return String(call.body.summary);
  }

  it('checks the file sent after "pacer import deals check" and sends the report to the admin\'s DM, writing nothing', async () => {
    expect(await teams.say(OLIVIA, teams.personal(OLIVIA), 'pacer import deals check')).toContain('Attach the file to a message in your 1:1 chat with Pacer.');
    files.set('/dl/deals.csv', csv(`2026-11-02,${ALICE.id},Acme,100,EUR,,won,,,,,T-1`, `2026-11-03,${ALICE.id},Globex,200,EUR,,won,,,,,T-2`));
    const done = completion(worker, (job) => job.name === 'import.file');
    expect(await sendFile('deals.csv', '/dl/deals.csv')).toBe('Got deals.csv: checking it as deals.csv (a dry run, nothing is written). The report follows here.');
    expect((await done).result).toBe('deals.csv: 2 rows, 2 created, 0 updated (dry run), posted');
    const report = teams.fake.calls.filter((c) => c.kind === 'create' && String(c.body.summary).startsWith('Import of deals.csv'));
    expect(report.map((c) => String(c.body.summary).split('\n'))).toEqual([[
      'Import of deals.csv',
      'Dry run of deals.csv: 2 rows read — would create 2, update 0, leave 0 as they are. Nothing was written.',
      'To import it for real, type /pacer import deals and send it again.',
    ]]);
    expect(cardOf(report[0])).toBeDefined();
    expect(await dealsOf(TENANT)).toEqual([]);
  });

  it('tells the admin when the file\'s link no longer works, and imports nothing', async () => {
    await teams.say(OLIVIA, teams.personal(OLIVIA), 'pacer import deals');
    const done = completion(worker, (job) => job.name === 'import.file');
    await sendFile('deals.csv', '/dl/expired.csv');
    expect((await done).result).toBe('deals.csv: file gone, posted');
    const told = teams.fake.calls.filter((c) => c.kind === 'create' && String(c.body.summary).startsWith('I could not fetch'));
    expect(told.map((c) => c.body.summary)).toEqual(['I could not fetch deals.csv: it was deleted or its link expired. Type /pacer import deals and send it again.']);
    expect(await dealsOf(TENANT)).toEqual([]);
  });
});

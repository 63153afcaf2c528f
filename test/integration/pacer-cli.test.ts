/**
 * The operator's CLI as a process: `pacer jobs list`, `pacer jobs run …` and `pacer import …` against
 * the real database and Redis, with Slack faked on loopback.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/bot/clock.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { fakeSlackOutbound, seedTraining, testPrefix, testRuntime, TEST_REDIS_URL, type TrainingSeed } from '../helpers/jobs.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;
let slack: FakeSlack;
let seed: TrainingSeed;
const prefix = testPrefix();

function pacer(args: string[]): Promise<{ out: string; err: string; code: number | null }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|TEAMS_|DATABASE_URL|REDIS_URL|NODE_ENV|PACER_|QUEUE_)/.test(k)));
  const env = {
    ...clean,
    DATABASE_URL: t.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    SLACK_SIGNING_SECRET: 'shh',
    SLACK_BOT_TOKEN: 'xoxb-cli-test',
    SLACK_API_URL: slack.apiUrl,
  };
  const child = spawn(process.execPath, ['bin/pacer.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, err, code })));
}

beforeAll(async () => {
  t = await createTestDatabase();
  slack = await startFakeSlack({ emails: { 'alice@acme.test': 'UALICE' } });
  seed = await seedTraining(t.db, { UALICE: { timezone: 'Europe/Ljubljana' } });
  await t.db.insertInto('channels').values({ workspace_id: seed.workspaceId, purpose: 'goals', team_id: null, conversation_id: 'CSALES', set_by: null }).execute();
});
afterAll(async () => {
  const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix }, fakeSlackOutbound(slack), fixedClock(new Date()));
  await runtime.queue.obliterate({ force: true });
  await runtime.close();
  await slack.close();
  await t.close();
});

describe('pacer jobs', () => {
  it('lists the declared schedulers with their next run and the queue counts', async () => {
    await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: '2026-12-07' });
    const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix }, fakeSlackOutbound(slack), fixedClock(new Date()));
    await runtime.schedulers.reconcile();
    await runtime.close();
    const { out, code } = await pacer(['jobs', 'list']);
    expect(code).toBe(0);
    expect(out).toContain('6 schedulers');
    expect(out).toMatch(/training:\d+\s+training\.tick\s+0 9 \* \* 1\s+Europe\/Ljubljana\s+next 20\d\d-/);
    expect(out).toMatch(/goals-weekly:\d+\s+goals\.weekly\s+0 8 \* \* 1/);
    expect(out).toMatch(/winners:\d+\s+recognition\.winners\s+0 9 1-7 \* \*/);
    expect(out).toContain('6 delayed');
  });

  it('runs the goal update now for one workspace and posts it, then finds it already posted this week', async () => {
    const first = await pacer(['jobs', 'run', 'goals.weekly', '--workspace', 'slack:T1']);
    expect(first.err).toBe('');
    expect(first.out).toMatch(/^goals\.weekly \{"workspaceId":\d+\}: CSALES: posted\n$/);
    expect(slack.callsTo('chat.postMessage').map((c) => c.body.channel)).toEqual(['CSALES']);
    const again = await pacer(['jobs', 'run', 'goals.weekly', '--workspace', 'slack:T1']);
    expect(again.out).toContain('CSALES: duplicate');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('refuses what it cannot do, with the usage and exit code 2', async () => {
    const unknown = await pacer(['jobs', 'run', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown job "nope"');
    expect(unknown.err).toContain('pacer jobs list');
    const workspace = await pacer(['jobs', 'run', 'goals.weekly', '--workspace', 'slack:TNOPE']);
    expect(workspace.code).toBe(2);
    expect(workspace.err).toContain('no workspace slack:TNOPE is known to Pacer');
    const assignment = await pacer(['jobs', 'run', 'training.tick']);
    expect(assignment.code).toBe(2);
    expect(assignment.err).toContain('training.tick needs --assignment <id>');
    const area = await pacer(['frobnicate']);
    expect(area.code).toBe(2);
    expect(area.err).toContain('unknown command "frobnicate"');
  });
});

describe('pacer import and export', () => {
  // Each test spawns a few processes (a second or two each on a loaded 2-core machine).
  const SLOW = 60_000;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pacer-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true }));

  it('checks a file in a dry run, then imports it once: a second import updates the same deals', async () => {
    const good = join(dir, 'deals.csv');
    // Alice named by her e-mail address: Slack's users.lookupByEmail knows it.
    await writeFile(good, 'date,rep,customer,amount,stage,ref\n2026-10-05,UALICE,Globex,1200.50,won,CRM-1\n2026-10-06,alice@acme.test,Initech,300,won,CRM-2\n');
    const dry = await pacer(['import', 'deals', good, '--workspace', 'slack:T1', '--dry-run']);
    expect([dry.code, dry.err, dry.out]).toEqual([0, '', 'Dry run of deals.csv: 2 rows read — would create 2, update 0, leave 0 as they are. Nothing was written.\n']);
    expect(await dealCount()).toBe(0);
    const done = await pacer(['import', 'deals', good, '--workspace', 'slack:T1']);
    expect([done.code, done.out]).toEqual([0, 'deals.csv: 2 rows read — 2 created, 0 updated, 0 already there.\n']);
    const again = await pacer(['import', 'deals', good, '--workspace', 'slack:T1']);
    expect(again.out).toBe('deals.csv: 2 rows read — 0 created, 2 updated, 0 already there.\n');
    expect(await dealCount()).toBe(2);
    expect(slack.callsTo('users.lookupByEmail').map((c) => [c.body.email, c.bearer])).toEqual(Array(3).fill(['alice@acme.test', 'xoxb-cli-test']));
  }, SLOW);

  it('exports what it imported, and imports the export back onto the same deals (the round trip)', async () => {
    const exported = await pacer(['export', 'deals', '2026-10', '--workspace', 'slack:T1']);
    expect([exported.code, exported.err]).toEqual([0, '']);
    expect(exported.out).toBe('\uFEFFdate,rep,customer,amount,currency,product,stage,loss_reason,delivered_at,serviced_at,team,ref\r\n2026-10-05,UALICE,Globex,1200.50,EUR,,won,,,,,CRM-1\r\n2026-10-06,UALICE,Initech,300.00,EUR,,won,,,,,CRM-2\r\n');
    const back = join(dir, 'back.csv');
    await writeFile(back, exported.out);
    const reimported = await pacer(['import', 'deals', back, '--workspace', 'slack:T1']);
    expect(reimported.out).toBe('deals.csv: 2 rows read — 0 created, 2 updated, 0 already there.\n');
    expect(await dealCount()).toBe(2);
  }, SLOW);

  it('refuses a bad file with every bad line and exit code 1, and a bad call with exit code 2, writing nothing', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'date,rep,customer,amount,stage\n2026-10-05,UALICE,Globex,1,won\n2026-10-05,UNOBODY,Globex,1,won\n2026-10-05,UALICE,Globex,x,won\n');
    const before = await dealCount();
    const refused = await pacer(['import', 'deals', bad, '--workspace', 'slack:T1']);
    expect([refused.code, refused.out]).toEqual([1, [
      'deals.csv: 2 bad rows of 3; nothing was written. Fix them and import the whole file again.',
      'line 3: rep: no member “UNOBODY” here: import members.csv first, or use their e-mail address',
      'line 4: amount: “x” is not a plain decimal: use digits and a point, like 12500.50',
      '',
    ].join('\n')]);
    const future = await pacer(['export', 'deals', '2099', '--workspace', 'slack:T1']);
    expect([future.code, future.err.split('\n').slice(0, 2)]).toEqual([2, ['Nothing has happened yet in a range that starts on 2099-01-01: choose one that has begun.', 'Example: pacer export deals last month']]);
    const missing = await pacer(['import', 'deals', join(dir, 'nope.csv'), '--workspace', 'slack:T1']);
    expect([missing.code, missing.err.split('\n')[0]]).toEqual([2, `no file ${join(dir, 'nope.csv')}`]);
    const kind = await pacer(['import', 'invoices', bad, '--workspace', 'slack:T1']);
    expect([kind.code, kind.err.split('\n')[0]]).toEqual([2, 'import what? deals, members, goals, feedback']);
    expect(await dealCount()).toBe(before);
  }, SLOW);
});

async function dealCount(): Promise<number> {
  return Number((await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

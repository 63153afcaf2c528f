/**
 * `npm run worker` as a process: it runs jobs without serving HTTP, and SIGTERM during a job lets
 * the job finish before the process exits, so nothing is lost or posted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/bot/clock.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { fakeSlackOutbound, seedTraining, testPrefix, testRuntime, TEST_REDIS_URL } from '../helpers/jobs.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let t: TestDatabase;
let slack: FakeSlack;
const prefix = testPrefix();

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the process has printed `text`. */
  saw(text: string): Promise<void>;
  exit: Promise<number | null>;
}

function startWorker(): WorkerProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|TEAMS_|DATABASE_URL|REDIS_URL|NODE_ENV|PACER_|QUEUE_|PORT)/.test(k)));
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...clean, PACER_ROLE: 'worker', DATABASE_URL: t.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, SLACK_SIGNING_SECRET: 'shh', SLACK_BOT_TOKEN: 'xoxb-worker', SLACK_API_URL: slack.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const append = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const waiter of waiters.filter((w) => out.includes(w.text))) waiter.resolve();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const saw = (text: string): Promise<void> => (out.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve })));
  return { child, output: () => out, saw, exit };
}

beforeAll(async () => {
  t = await createTestDatabase();
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
  await t.close();
});

describe('npm run worker', () => {
  it('finishes the job in flight on SIGTERM, then exits 0 without serving HTTP', async () => {
    const seed = await seedTraining(t.db, {});
    await t.db.insertInto('channels').values({ workspace_id: seed.workspaceId, purpose: 'goals', team_id: null, conversation_id: 'CSALES', set_by: null }).execute();
    const worker = startWorker();
    await worker.saw('Pacer workers running');
    expect(worker.output()).not.toContain('Pacer is listening');

    const release = slack.hold('chat.postMessage');
    const runtime = testRuntime(t.db, { kind: 'redis', url: TEST_REDIS_URL, prefix }, fakeSlackOutbound(slack), fixedClock(new Date()));
    try {
      const job = await runtime.add('goals.weekly', { workspaceId: seed.workspaceId });
      await slack.waitFor('chat.postMessage');
      // The post is in flight when the signal arrives; it is answered only once shutdown has begun.
      worker.child.kill('SIGTERM');
      await worker.saw('shutting down');
      release();
      expect(await worker.exit).toBe(0);
      expect(await (await runtime.queue.getJob(job.id ?? ''))?.getState()).toBe('completed');
      const posts = await t.db.selectFrom('job_posts').select(['kind', 'recipient', 'message_id']).execute();
      expect(posts).toEqual([{ kind: 'goals.weekly', recipient: 'channel:CSALES', message_id: expect.stringMatching(/^\d+\.\d+$/) }]);
      expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(worker.output()).toContain('shutting down');
    } finally {
      await runtime.queue.obliterate({ force: true });
      await runtime.close();
    }
  });
});

/**
 * The README's try-it command: `npm start` with no platform credentials and no DATABASE_URL opens the
 * terminal chat on an embedded PGlite database, seeded with a demo team. Scripted through stdin.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pacer-local-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs Pacer as a newcomer would, typing `lines`; resolves with what it printed and its exit code. */
function runPacer(lines: string[], env: Record<string, string> = {}): Promise<{ out: string; err: string; code: number | null }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|TEAMS_|DATABASE_URL|NODE_ENV|PACER_)/.test(k)));
  const child = spawn(process.execPath, ['src/main.ts'], { env: { ...clean, PACER_DATA_DIR: dataDir, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end(`${lines.join('\n')}\n`);
  return new Promise((resolve) => child.on('close', (code) => resolve({ out, err, code })));
}

describe('npm start without credentials (the local chat)', () => {
  it('seeds the demo team once and answers commands typed as different people', async () => {
    const first = await runPacer(['/deal 12500 Acme Corp', '/as bob', '/goal set @alice 60000 month', '/as dave', '/goal set @alice 1 month', '/leaderboard']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Logged D-5: €12,500 won from Acme Corp');
    expect(first.out).toContain('Goal changed to €60,000 (was €50,000)');
    expect(first.out).toContain('Only managers can do that');
    expect(first.out).toMatch(/Alice\s+\d+%\s+€31,500/);
    // Same data directory: the demo is not seeded again, the deal numbers go on.
    const second = await runPacer(['/deal 100 Initech']);
    expect(second.out).toContain('Logged D-6');
  });

  it('acts as a Teams user in a demo tenant, seeded the same way, with the same answers', async () => {
    const teamsDir = await mkdtemp(join(tmpdir(), 'pacer-local-teams-'));
    try {
      const env = { PACER_DATA_DIR: teamsDir };
      const first = await runPacer(['/platform teams', 'deal 12500 Acme Corp', '/as bob', 'goal set @alice 60000 month', '/as dave', '/goal set @alice 1 month', 'leaderboard', '/who'], env);
      expect(first.code).toBe(0);
      expect(first.out).toContain('You are now in a demo Microsoft Teams tenant (teams demo-tenant)');
      // Seeded like the local demo (D-1…D-4), then the same answers the local chat gives.
      expect(first.out).toContain('Logged D-5: €12,500 won from Acme Corp');
      expect(first.out).toContain('Goal changed to €60,000 (was €50,000)');
      expect(first.out).toContain('Only managers can do that');
      expect(first.out).toMatch(/Alice\s+\d+%\s+€31,500/);
      expect(first.out).toContain('dave@teams>');
      // The local workspace is another workspace: its own numbering; back in Teams, not seeded again.
      const second = await runPacer(['/deal 100 Initech', '/platform teams', '/deal 100 Initech', '/platform local', '/deal 100 Hooli'], env);
      expect(second.out.match(/Logged D-\d+/g)).toEqual(['Logged D-5', 'Logged D-6', 'Logged D-6']);
      expect(second.out).toContain('You are now in the local demo workspace');
    } finally {
      await rm(teamsDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes a file for an import with /send, only after an admin asked for one', async () => {
    const file = join(dataDir, 'deals.csv');
    await writeFile(file, 'date,rep,customer,amount,stage\n2026-10-05,alice,Globex,1200.50,won\n');
    const run = await runPacer([`/send ${file}`, '/as carol', '/pacer import deals check', `/send ${file}`, `/send ${join(dataDir, 'nope.csv')}`]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('I read files only for an import an admin asked for. To import deals.csv, type the command first');
    expect(run.out).toContain('Here in the terminal, type /send path/to/deals.csv.');
    expect(run.out).toContain('Got deals.csv: checking it as deals.csv (a dry run, nothing is written). The report follows here.');
    expect(run.out).toContain(`There is no file at ${join(dataDir, 'nope.csv')}.`);
  });

  it('ends cleanly on Ctrl+C, closing the embedded database', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|TEAMS_|DATABASE_URL|NODE_ENV|PACER_)/.test(k)));
    const child = spawn(process.execPath, ['src/main.ts'], { env: { ...clean, PACER_DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const answered = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Logged D-')) resolve();
      });
    });
    child.stdin.write('/deal 700 Hooli\n');
    await answered;
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // The data survived: the next run continues the numbering.
    const next = await runPacer(['/deal 1 Initech']);
    const previous = Number(/Logged D-(\d+)/.exec(out)?.[1]);
    expect(next.out).toContain(`Logged D-${previous + 1}`);
  });

  it('refuses to start in production without Slack credentials, naming the variables', async () => {
    const run = await runPacer([], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('SLACK_SIGNING_SECRET is missing');
    expect(run.err).toContain('SLACK_BOT_TOKEN is missing');
  });

  it('refuses to start with an empty signing secret', async () => {
    const run = await runPacer([], { SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('SLACK_SIGNING_SECRET is empty');
  });
});

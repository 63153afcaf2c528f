import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { findWorkspace, parseWorkspaceRef } from '../src/domain/workspaces/workspace.repository.ts';
import type { JobDeps } from './handlers/context.ts';
import { runJob } from './handlers/index.ts';
import type { JobRuntime } from './runtime.ts';
import { isJobName, type PacerJob } from './payloads.ts';

export const JOBS_USAGE = [
  'pacer jobs list                                   the schedulers, their next run, and the queue counts',
  'pacer jobs run goals.weekly [--workspace slack:T0123]   post the goal update now (every workspace without --workspace)',
  'pacer jobs run training.tick --assignment 12       remind for one training assignment now',
  'pacer jobs run maintenance                        reconcile schedulers and prune old bookkeeping now',
  '--workspace takes slack:<team id>, teams:<tenant id> or local',
].join('\n');

export interface JobsCliContext {
  db: Kysely<Database>;
  runtime: JobRuntime;
  deps: JobDeps;
  out: (line: string) => void;
}

/** `slack:T0123` → the workspace's row id. */
async function workspaceIds(db: Kysely<Database>, ref: string | undefined): Promise<number[]> {
  if (ref === undefined) return (await db.selectFrom('workspaces').select('id').orderBy('id').execute()).map((w) => w.id);
  const parsed = parseWorkspaceRef(ref);
  if (!parsed) throw new CliError(`--workspace ${ref}: use slack:<team id>, teams:<tenant id> or local`);
  const found = await findWorkspace(db, parsed.platform, parsed.externalId);
  if (!found) throw new CliError(`no workspace ${ref} is known to Pacer`);
  return [found.id];
}

/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class CliError extends Error {}

/**
 * `pacer jobs list|run`. `run` does the job here and now, in this process, through the same
 * handler a worker would use (so its posts are paced and counted once like any other), and prints
 * what it did: it needs no worker running, and works on the embedded database too.
 */
export async function jobsCli(args: string[], ctx: JobsCliContext): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'list') return list(ctx);
  if (command !== 'run') throw new CliError(`unknown jobs command "${command ?? ''}"`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { workspace: { type: 'string' }, assignment: { type: 'string' } } });
  const name = positionals[0] ?? '';
  if (!isJobName(name)) throw new CliError(`unknown job "${name}"`);
  const jobs: PacerJob[] = [];
  if (name === 'goals.weekly' || name === 'digest.weekly' || name === 'whatworks.weekly' || name === 'recognition.winners') {
    for (const workspaceId of await workspaceIds(ctx.db, values.workspace)) jobs.push({ name, data: { workspaceId } });
  }
  else if (name === 'training.tick') {
    const assignmentId = Number(values.assignment);
    if (!Number.isInteger(assignmentId) || assignmentId <= 0) throw new CliError('training.tick needs --assignment <id> (see `pacer jobs list`)');
    jobs.push({ name, data: { assignmentId } });
  } else if (name === 'maintenance') jobs.push({ name, data: {} });
  else throw new CliError(`${name} is not run by hand`);
  for (const job of jobs) ctx.out(`${job.name} ${JSON.stringify(job.data)}: ${await runHere(ctx, job)}`);
}

/** A wait a job asked for (a send slot, a 429's Retry-After): in a CLI that is a short sleep, then the job again. */
class Wait {
  readonly until: number;
  readonly slotAt: number | undefined;
  constructor(until: number, slotAt: number | undefined) {
    this.until = until;
    this.slotAt = slotAt;
  }
}

/** The longest a CLI run waits for a platform before giving up. */
const MAX_WAIT_MS = 120_000;

async function runHere(ctx: JobsCliContext, job: PacerJob): Promise<string> {
  const id = `cli:${job.name}:${Date.now()}`;
  let slotAt: number | undefined;
  const started = Date.now();
  for (;;) {
    const run = { id, ...(slotAt !== undefined && { slotAt }), delay: async (until: number, slot?: number): Promise<never> => { throw new Wait(until, slot); } };
    try {
      return await runJob(ctx.deps, run, job);
    } catch (error) {
      if (!(error instanceof Wait)) throw error;
      if (error.until - started > MAX_WAIT_MS) throw new CliError(`the platform asked to wait until ${new Date(error.until).toISOString()}; try again then`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, error.until - Date.now())));
      slotAt = error.slotAt;
    }
  }
}

async function list(ctx: JobsCliContext): Promise<void> {
  const schedulers = await ctx.runtime.queue.getJobSchedulers(0, -1, true);
  const counts = await ctx.runtime.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  ctx.out(`${schedulers.length} schedulers`);
  for (const s of schedulers) {
    const next = s.next === undefined ? '—' : new Date(s.next).toISOString();
    ctx.out(`  ${s.key.padEnd(22)} ${s.name.padEnd(14)} ${String(s.pattern ?? '').padEnd(14)} ${String(s.tz ?? 'UTC').padEnd(20)} next ${next}`);
  }
  ctx.out(`queue: ${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ')}`);
}

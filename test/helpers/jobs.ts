import { randomBytes } from 'node:crypto';
import type { Job, Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import { createSlackClient, slackOutbound } from '../../adapters/slack/web-api.ts';
import type { QueueBackendConfig } from '../../jobs/backend.ts';
import type { JobDeps } from '../../jobs/handlers/context.ts';
import { createJobRuntime, type JobRuntime } from '../../jobs/runtime.ts';
import type { Clock } from '../../src/bot/clock.ts';
import { createLogger } from '../../src/bot/logger.ts';
import { routeOutbound } from '../../src/bot/outbound-router.ts';
import type { Outbound } from '../../src/bot/ports.ts';
import type { Database } from '../../src/db/database.ts';
import type { Cadence } from '../../src/domain/training/training.table.ts';
import type { FakeSlack } from './fake-slack.ts';

export const TEST_REDIS_URL = process.env['PACER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A queue prefix of its own per test file (and per call), so files never see each other's jobs. */
export const testPrefix = (): string => `pacer-test-${randomBytes(5).toString('hex')}`;

/** The worker's Slack outbound pointed at the fake: no retries, a 429 thrown at once with its Retry-After. */
export function fakeSlackOutbound(fake: FakeSlack): Outbound {
  return routeOutbound({ slack: slackOutbound(createSlackClient({ token: 'xoxb-test', apiUrl: fake.apiUrl, retries: 0, rejectRateLimited: true })) });
}

export function testRuntime(db: Kysely<Database>, backend: QueueBackendConfig, outbound: Outbound, clock: Clock, extra: { goalChangeDelayMs?: number; concurrency?: number } = {}): JobRuntime {
  return createJobRuntime({ backend, db, outbound, clock, logger: createLogger({ level: process.env['PACER_TEST_LOG'] ?? 'silent' }), ...extra });
}

/**
 * What a handler run directly (no queue) gets: the database, the outbound under test and a fixed
 * clock; schedulers and one-off jobs fail loudly, since a one-off handler must not reach for them.
 */
export function directJobDeps(db: Kysely<Database>, outbound: Outbound, clock: Clock): JobDeps {
  const never = (what: string) => () => Promise.reject(new Error(`the handler used ${what}`));
  return {
    db, outbound, clock, logger: createLogger({ level: 'silent' }),
    schedulers: { syncAssignments: never('schedulers'), reconcile: never('schedulers'), remove: never('schedulers') },
    enqueueAt: never('enqueueAt'),
  };
}

/** Resolves when the worker completes a job that matches (event-driven). */
export function completion(worker: Worker, predicate: (job: Job) => boolean = () => true): Promise<{ job: Job; result: unknown }> {
  return new Promise((resolve, reject) => {
    const onDone = (job: Job, result: unknown): void => {
      if (!predicate(job)) return;
      worker.off('completed', onDone);
      worker.off('failed', onFail);
      resolve({ job, result });
    };
    const onFail = (job: Job | undefined, error: Error): void => {
      if (job && !predicate(job)) return;
      worker.off('completed', onDone);
      worker.off('failed', onFail);
      reject(error);
    };
    worker.on('completed', onDone);
    worker.on('failed', onFail);
  });
}

/** The real job queue on Redis under a prefix of its own, posting through an outbound, with its worker started. */
export async function startJobs(db: Kysely<Database>, outbound: Outbound, clock: Clock): Promise<{ runtime: JobRuntime; worker: Worker }> {
  const runtime = testRuntime(db, { kind: 'redis', url: TEST_REDIS_URL, prefix: testPrefix() }, outbound, clock);
  try {
    return { runtime, worker: await runtime.startWorker() };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** Empties a test's queue and closes it (before the server it posts through stops). */
export async function stopJobs(runtime: JobRuntime | undefined): Promise<void> {
  await runtime?.queue.obliterate({ force: true });
  await runtime?.close();
}

export interface TrainingSeed {
  workspaceId: number;
  moduleId: number;
  members: Record<string, number>;
  assign(member: string, schedule: { cadence: Cadence; weekday?: number; everyWeeks?: number; dueOn?: string; minute?: number; startsOn: string }): Promise<number>;
}

/**
 * A Slack workspace in Ljubljana with people and one training module, written straight to the
 * database (the commands that do this have tests of their own).
 */
export async function seedTraining(db: Kysely<Database>, people: Record<string, { timezone?: string; awayUntil?: string }>, workspace: { externalId?: string; holidayCountry?: string } = {}): Promise<TrainingSeed> {
  const ws = await db.insertInto('workspaces').values({
    platform: 'slack', external_id: workspace.externalId ?? 'T1', name: 'Acme', currency: 'EUR', locale: 'en', timezone: 'Europe/Ljubljana',
    holiday_country: workspace.holidayCountry ?? 'SI',
  }).returning('id').executeTakeFirstOrThrow();
  const members: Record<string, number> = {};
  for (const [userId, p] of Object.entries(people)) {
    const row = await db.insertInto('members').values({
      workspace_id: ws.id, external_id: userId, display_name: userId, timezone: p.timezone ?? null, locale: null, team_id: null, profile_synced_at: null, away_until: p.awayUntil ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    members[userId] = row.id;
  }
  const module = await db.insertInto('training_modules').values({ workspace_id: ws.id, name: 'Negotiation 101', url: 'https://lms.example.com/neg101', created_by: null })
    .returning('id').executeTakeFirstOrThrow();
  return {
    workspaceId: ws.id,
    moduleId: module.id,
    members,
    async assign(member, s) {
      const row = await db.insertInto('training_assignments').values({
        workspace_id: ws.id, module_id: module.id, member_id: members[member] ?? 0, team_id: null, cadence: s.cadence,
        every_weeks: s.cadence === 'weekly' ? (s.everyWeeks ?? 1) : null, weekday: s.cadence === 'weekly' ? (s.weekday ?? 1) : null,
        due_on: s.dueOn ?? null, remind_at_minute: s.minute ?? 9 * 60, starts_on: s.startsOn, ended_at: null, assigned_by: null,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
  };
}

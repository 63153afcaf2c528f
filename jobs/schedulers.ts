import type { Kysely } from 'kysely';
import type { JobsOptions, JobSchedulerJson, Queue } from 'bullmq';
import type { Database } from '../src/db/database.ts';
import { assignmentSchedule, liveAssignmentSchedules, type AssignmentSchedule } from '../src/domain/training/training.reminders.ts';
import type { JobName, JobPayloads } from './payloads.ts';

/**
 * Recurring work, declared with `upsertJobScheduler` under stable ids: one scheduler per training
 * assignment (in the rep's zone), one Monday-morning goal update per workspace (in its zone), and
 * the nightly maintenance. Upserting an unchanged scheduler changes nothing, so every boot can
 * declare them all; reconcile also removes ours that no longer match anything in the database.
 */
export const schedulerId = {
  training: (assignmentId: number): string => `training:${assignmentId}`,
  goalsWeekly: (workspaceId: number): string => `goals-weekly:${workspaceId}`,
  digestWeekly: (workspaceId: number): string => `digest-weekly:${workspaceId}`,
  whatWorks: (workspaceId: number): string => `what-works:${workspaceId}`,
  winners: (workspaceId: number): string => `winners:${workspaceId}`,
  maintenance: 'maintenance',
} as const;

/** Ours start with one of these; anything else in the queue is left alone. */
const OWN = /^(training|goals-weekly|digest-weekly|what-works|winners):\d+$|^maintenance$/;

/** The goal update goes out Monday 08:00 in the workspace's zone, and so does the managers' digest. */
export const GOALS_WEEKLY_PATTERN = '0 8 * * 1';
export const DIGEST_WEEKLY_PATTERN = '0 8 * * 1';
/** "What works" goes out Friday 15:00 in the workspace's zone. */
export const WHAT_WORKS_PATTERN = '0 15 * * 5';
/**
 * Top performers go out at 09:00 on a month's first working day. Which day that is depends on the
 * workspace's holidays, so the job runs each of the first seven days (a month's first working day is
 * always among them) and posts only on the right one.
 */
export const WINNERS_PATTERN = '0 9 1-7 * *';
/** How many scheduler upserts are in flight at once while reconciling. */
const DECLARE_AT_ONCE = 32;
/** Nightly upkeep at a quiet hour. */
export const MAINTENANCE_PATTERN = '30 3 * * *';

export interface Declared<N extends JobName = JobName> {
  id: string;
  pattern: string;
  tz: string;
  endDate?: number;
  name: N;
  data: JobPayloads[N];
}

export interface Schedulers {
  /** Brings the schedulers of these assignments in step: upserted while live, removed once ended. */
  syncAssignments(assignmentIds: readonly number[]): Promise<void>;
  /** Declares every scheduler the database implies and removes ours it no longer does. */
  reconcile(): Promise<{ declared: number; changed: number; removed: number }>;
  remove(id: string): Promise<void>;
}

const trainingDeclared = (s: AssignmentSchedule): Declared<'training.tick'> => ({
  id: schedulerId.training(s.assignmentId),
  pattern: s.pattern,
  tz: s.tz,
  ...(s.endDate && { endDate: s.endDate.getTime() }),
  name: 'training.tick',
  data: { assignmentId: s.assignmentId },
});

export function createSchedulers(queue: Queue, db: Kysely<Database>, jobOptions: JobsOptions): Schedulers {
  async function declare(d: Declared): Promise<void> {
    await queue.upsertJobScheduler(
      d.id,
      { pattern: d.pattern, tz: d.tz, ...(d.endDate !== undefined && { endDate: d.endDate }) },
      { name: d.name, data: d.data, opts: jobOptions },
    );
  }

  async function existing(): Promise<Map<string, JobSchedulerJson>> {
    const all = new Map<string, JobSchedulerJson>();
    const page = 1000;
    for (let start = 0; ; start += page) {
      const batch = await queue.getJobSchedulers(start, start + page - 1, true);
      for (const s of batch) all.set(s.key, s);
      if (batch.length < page) return all;
    }
  }

  async function* desired(): AsyncGenerator<Declared> {
    yield { id: schedulerId.maintenance, pattern: MAINTENANCE_PATTERN, tz: 'UTC', name: 'maintenance', data: {} };
    const workspaces = await db.selectFrom('workspaces').select(['id', 'timezone']).orderBy('id').execute();
    for (const w of workspaces) {
      yield { id: schedulerId.goalsWeekly(w.id), pattern: GOALS_WEEKLY_PATTERN, tz: w.timezone, name: 'goals.weekly', data: { workspaceId: w.id } };
      yield { id: schedulerId.digestWeekly(w.id), pattern: DIGEST_WEEKLY_PATTERN, tz: w.timezone, name: 'digest.weekly', data: { workspaceId: w.id } };
      yield { id: schedulerId.whatWorks(w.id), pattern: WHAT_WORKS_PATTERN, tz: w.timezone, name: 'whatworks.weekly', data: { workspaceId: w.id } };
      yield { id: schedulerId.winners(w.id), pattern: WINNERS_PATTERN, tz: w.timezone, name: 'recognition.winners', data: { workspaceId: w.id } };
    }
    for (let after = 0; ;) {
      const page = await liveAssignmentSchedules(db, after);
      for (const s of page) yield trainingDeclared(s);
      const last = page.at(-1);
      if (!last) return;
      after = last.assignmentId;
    }
  }

  const unchanged = (d: Declared, s: JobSchedulerJson | undefined): boolean =>
    s !== undefined && s.pattern === d.pattern && s.tz === d.tz && (s.endDate ?? undefined) === d.endDate && s.name === d.name;

  return {
    async syncAssignments(ids) {
      for (const id of ids) {
        const schedule = await assignmentSchedule(db, id);
        if (schedule) await declare(trainingDeclared(schedule));
        else await queue.removeJobScheduler(schedulerId.training(id));
      }
    },
    async reconcile() {
      const current = await existing();
      const wanted = new Set<string>();
      let declared = 0;
      let changed = 0;
      // Upserts go out DECLARE_AT_ONCE at a time: each is a round trip, and they are independent.
      let batch: Promise<void>[] = [];
      for await (const d of desired()) {
        wanted.add(d.id);
        declared += 1;
        if (unchanged(d, current.get(d.id))) continue;
        batch.push(declare(d));
        changed += 1;
        if (batch.length >= DECLARE_AT_ONCE) {
          await Promise.all(batch);
          batch = [];
        }
      }
      await Promise.all(batch);
      let removed = 0;
      for (const id of current.keys()) {
        if (OWN.test(id) && !wanted.has(id)) {
          await queue.removeJobScheduler(id);
          removed += 1;
        }
      }
      return { declared, changed, removed };
    },
    async remove(id) {
      await queue.removeJobScheduler(id);
    },
  };
}

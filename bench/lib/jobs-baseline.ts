import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { openQueueBackend } from '../../jobs/backend.ts';
import { JOB_OPTIONS } from '../../jobs/runtime.ts';
import { cronPattern } from '../../src/domain/training/cadence.ts';
import { enqueueFigures, type EnqueueFigures } from './jobs-results.ts';
import { REDIS_URL } from './jobs-settings.ts';
import { int } from './report.ts';

/** The raw BullMQ baseline the jobs benchmark sets Pacer's enqueue beside: addBulk and bare upsertJobScheduler, on a queue prefix of its own. */

export interface BaselineFigures {
  addBulk: EnqueueFigures;
  upsertSequential: EnqueueFigures;
  upsertParallel: EnqueueFigures & { inFlight: number };
}

export async function measureBaselines(reps: number, zone: string, minute: number, log: (line: string) => void): Promise<BaselineFigures> {
  const prefix = `pacer-bench-raw-${randomBytes(4).toString('hex')}`;
  const backend = openQueueBackend({ kind: 'redis', url: REDIS_URL, prefix });
  const queue: Queue = backend.createQueue();
  try {
    const pattern = cronPattern({ cadence: 'daily', minute, startsOn: '2000-01-01' });
    const delay = 3_600_000;
    const bulk = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: 'training.tick', data: { assignmentId: from + i }, opts: { ...JOB_OPTIONS, delay } }));
    const upsert = (id: number) =>
      queue.upsertJobScheduler(`raw:${id}`, { pattern, tz: zone }, { name: 'training.tick', data: { assignmentId: id }, opts: JOB_OPTIONS });
    // Warm-up of both paths (not timed), so neither pays for loading the scripts into Redis.
    await queue.addBulk(bulk(1_000_000, 200));
    for (let i = 0; i < 200; i++) await upsert(1_000_000 + i);

    log(`raw BullMQ: addBulk of ${int(reps)} delayed jobs`);
    const jobs = bulk(1, reps);
    let started = performance.now();
    await queue.addBulk(jobs);
    const addBulk = enqueueFigures(reps, performance.now() - started);

    log(`raw BullMQ: ${int(reps)} × upsertJobScheduler, one at a time (as reconcile does)`);
    started = performance.now();
    for (let i = 1; i <= reps; i++) await upsert(i);
    const upsertSequential = enqueueFigures(reps, performance.now() - started);

    const inFlight = 32;
    log(`raw BullMQ: ${int(reps)} × upsertJobScheduler, ${inFlight} in flight`);
    started = performance.now();
    let next = reps + 1;
    const last = 2 * reps;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next <= last) await upsert(next++);
    }));
    const upsertParallel = { ...enqueueFigures(reps, performance.now() - started), inFlight };
    return { addBulk, upsertSequential, upsertParallel };
  } finally {
    await queue.obliterate({ force: true }).catch((error: unknown) => log(`obliterating the raw queue failed: ${String(error)}`));
    await queue.close();
    await backend.close();
  }
}

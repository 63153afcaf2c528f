import type { Job, Worker } from 'bullmq';
import type { ConversationRef, Outbound, PostedRef, WorkspaceRef } from '../../src/bot/ports.ts';
import type { Message } from '../../src/messages/message.ts';
import { sleep, until, type Condition } from './jobs-waiting.ts';

/** What the jobs benchmark records as the workers run: every Slack post and DM open timed, and each job's worker events tallied. */

export interface PostRecord {
  conversationId: string;
  /** performance.now() when the worker called post (before any simulated latency), when it was handed to Slack's client, and when its answer came. */
  calledAt: number;
  sentAt: number;
  doneAt: number;
  ok: boolean;
}

/** The worker's outbound with every post and DM open timed; what it sends is unchanged. */
export function recordingOutbound(inner: Outbound, posts: PostRecord[], opens: number[], latencyMs: number): Outbound {
  const latency = (): Promise<void> => (latencyMs > 0 ? sleep(latencyMs) : Promise.resolve());
  return {
    async post(to: ConversationRef, message: Message): Promise<PostedRef> {
      const calledAt = performance.now();
      await latency();
      const sentAt = performance.now();
      try {
        const posted = await inner.post(to, message);
        posts.push({ conversationId: posted.conversation.conversationId, calledAt, sentAt, doneAt: performance.now(), ok: true });
        return posted;
      } catch (error) {
        posts.push({ conversationId: to.conversationId, calledAt, sentAt, doneAt: performance.now(), ok: false });
        throw error;
      }
    },
    update: (ref, message) => inner.update(ref, message),
    async openDirect(workspace: WorkspaceRef, userId: string): Promise<ConversationRef> {
      const started = performance.now();
      await latency();
      const ref = await inner.openDirect(workspace, userId);
      opens.push(performance.now() - started);
      return ref;
    },
  };
}

/** What the worker did, from its events: when each job was taken and finished, and how. */
export interface WorkerTally {
  /** performance.now() a job was first taken, and when it completed, by job id. */
  readonly activeAt: Map<string, number>;
  readonly doneAt: Map<string, number>;
  /** How many times each job was taken (more than once: it waited as a delayed job in between). */
  readonly activations: Map<string, number>;
  /** Completed training ticks by their result (timestamps elided), and final failures by message. */
  readonly outcomes: Record<string, number>;
  readonly tickIds: Set<string>;
  readonly paceIds: Set<string>;
  ticksDone: number;
  /** Training ticks (anything but goal updates) that failed for good. */
  ticksFailed: number;
  paceDone: number;
  paceFailed: number;
  /** Holds once every one of the `reps` training ticks has completed or failed for good. */
  readonly ticksFinished: Condition;
  /** Set by the pacing phase; re-checked at every goal update's outcome. */
  paceFinished: Condition | undefined;
}

export function startTally(reps: number, what: string): WorkerTally {
  const tally: WorkerTally = {
    activeAt: new Map(),
    doneAt: new Map(),
    activations: new Map(),
    outcomes: {},
    tickIds: new Set(),
    paceIds: new Set(),
    ticksDone: 0,
    ticksFailed: 0,
    paceDone: 0,
    paceFailed: 0,
    ticksFinished: until(() => tally.ticksDone + tally.ticksFailed >= reps, what),
    paceFinished: undefined,
  };
  return tally;
}

/** Keeps `tally` up to date from the worker's events. */
export function tallyWorkerEvents(worker: Worker, tally: WorkerTally): void {
  worker.on('active', (job: Job) => {
    const id = job.id ?? '';
    tally.activations.set(id, (tally.activations.get(id) ?? 0) + 1);
    if (!tally.activeAt.has(id)) tally.activeAt.set(id, performance.now());
  });
  worker.on('completed', (job: Job, result: unknown) => {
    const id = job.id ?? '';
    tally.doneAt.set(id, performance.now());
    if (job.name === 'training.tick') {
      tally.tickIds.add(id);
      tally.ticksDone += 1;
      const outcome = String(result).replace(/\d{4}-\d\d-\d\dT\S+/, '…');
      tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
      tally.ticksFinished.check();
    } else if (job.name === 'goals.changed') {
      tally.paceIds.add(id);
      tally.paceDone += 1;
      tally.paceFinished?.check();
    }
  });
  worker.on('failed', (job: Job | undefined, error: Error) => {
    // Counted once it is final; an attempt BullMQ will retry is not an outcome yet.
    const final = job === undefined || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    if (job?.name === 'goals.changed') {
      tally.paceFailed += 1;
      tally.paceFinished?.check();
    } else {
      tally.ticksFailed += 1;
      tally.outcomes[`failed: ${error.message.slice(0, 60)}`] = (tally.outcomes[`failed: ${error.message.slice(0, 60)}`] ?? 0) + 1;
      tally.ticksFinished.check();
    }
  });
}

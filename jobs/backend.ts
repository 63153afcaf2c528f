import { Queue, Worker, createPostgresBackend, withBackend, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueueConfig } from '../src/config.ts';
import type { DatabaseConnection } from '../src/db/connect.ts';
import { QUEUE_NAME } from './payloads.ts';

/**
 * Where the queue lives. Production: Redis. A small team can run on PostgreSQL alone
 * (`QUEUE_BACKEND=postgres`), and the embedded default keeps its queue in the embedded PGlite, so
 * trying Pacer still needs nothing installed. Either way it is BullMQ: same jobs, same schedulers.
 */
export type QueueBackendConfig =
  | { kind: 'redis'; url: string; prefix?: string }
  /**
   * BullMQ's own PostgreSQL backend. `schema` is where its tables live (default `bullmq`; PGlite's
   * socket ignores the search_path start-up option, so the embedded default uses `public`).
   */
  | { kind: 'postgres'; url: string; schema?: string; prefix?: string; /** PGlite: NOTIFY does not cross its socket connections, so workers poll. */ poll?: boolean };

/** The queue and worker constructors bound to one backend, and what they share. */
export interface QueueBackend {
  readonly config: QueueBackendConfig;
  createQueue(): Queue;
  createWorker(processor: Processor, options: Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval'>): Worker;
  /** Closes what the backend itself opened (the shared Redis connection); queues and workers close first. */
  close(): Promise<void>;
}

const DEFAULT_PREFIX = 'pacer';
/** How often a polling worker looks for new jobs. */
const POLL_SECONDS = 1;

/**
 * Opens a backend.
 * @example
 * const backend = openQueueBackend({ kind: 'redis', url: 'redis://127.0.0.1:6379' });
 * const queue = backend.createQueue();
 */
export function openQueueBackend(config: QueueBackendConfig): QueueBackend {
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  if (config.kind === 'redis') {
    // BullMQ blocks on its own duplicate for workers; commands share this one. Retrying forever
    // (null) is what BullMQ needs: a job must not fail because Redis blinked.
    const connection = new Redis(config.url, { maxRetriesPerRequest: null, lazyConnect: false });
    return {
      config,
      createQueue: () => new Queue(QUEUE_NAME, { connection, prefix }),
      createWorker: (processor, options) => new Worker(QUEUE_NAME, processor, { connection, prefix, ...options }),
      async close() {
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
  const classes = withBackend(createPostgresBackend);
  // A small pool each: on PGlite every connection shares one backend process, and on PostgreSQL the
  // queue's own statements are short.
  const connection = { connectionString: config.url, schema: config.schema ?? 'bullmq', migrate: true, max: 3 };
  return {
    config,
    createQueue: () => new classes.Queue(QUEUE_NAME, { connection, prefix }) as unknown as Queue,
    createWorker(processor, options) {
      const worker = new classes.Worker(QUEUE_NAME, processor, { connection, prefix, ...(config.poll && { drainDelay: POLL_SECONDS }), ...options }) as unknown as Worker;
      // Where NOTIFY does not arrive (PGlite), a worker must not block for long: with delayed jobs
      // waiting, BullMQ blocks until the earliest is due (up to an hour on PostgreSQL), and a job
      // added meanwhile would wait that long. Polling each second keeps it prompt.
      if (config.poll) Object.defineProperty(worker, 'maximumBlockTimeout', { get: () => POLL_SECONDS });
      return worker;
    },
    async close() {},
  };
}

/** The backend a configuration asks for: Redis, or BullMQ's PostgreSQL backend in Pacer's own database. */
export function queueBackendFor(queue: QueueConfig, database: Pick<DatabaseConnection, 'kind' | 'url'>): QueueBackendConfig {
  if (queue.backend === 'redis') return { kind: 'redis', url: queue.redisUrl, prefix: queue.prefix };
  // PGlite's socket ignores the search_path start-up option, so there the queue's tables share `public`.
  return database.kind === 'pglite'
    ? { kind: 'postgres', url: database.url, schema: 'public', poll: true, prefix: queue.prefix }
    : { kind: 'postgres', url: database.url, prefix: queue.prefix };
}

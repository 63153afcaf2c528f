import { join } from 'node:path';
import { createPacerServer } from '../adapters/http/pacer-server.ts';
import { DEMO_WORKSPACE, demoDirectory, seedDemo } from '../adapters/local/demo.ts';
import { runLocalChat } from '../adapters/local/local-chat.ts';
import { localOutbound } from '../adapters/local/local-outbound.ts';
import { createJobRuntime, type JobRuntime } from '../jobs/runtime.ts';
import { queueBackendFor } from '../jobs/backend.ts';
import { systemClock } from './bot/clock.ts';
import { createCore } from './bot/core.ts';
import { createLogger, type Logger } from './bot/logger.ts';
import type { Outbound } from './bot/ports.ts';
import { createCommandRegistry } from './commands.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectDatabase, type DatabaseConnection } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { findWorkspace } from './domain/workspaces/workspace.repository.ts';

/**
 * The composition root: config → database (migrated) → job queue → commands → core → adapters.
 * Nothing else builds these, so what runs in production is what the tests build.
 */
async function openDatabase(config: Config, logger: Logger): Promise<DatabaseConnection> {
  const { databaseUrl, role, queue } = config.common;
  const connection = await connectDatabase({
    ...(databaseUrl ? { url: databaseUrl } : { dataDir: join(config.common.dataDir, 'db') }),
    // A job holds its connection while it posts (the post and its record are one transaction), so a
    // process running workers has a connection for each job beside the ones requests use.
    ...(databaseUrl && role !== 'web' && { poolSize: 10 + queue.concurrency }),
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await migrateToLatest(connection.db);
  logger.info({ database: connection.kind }, 'database ready');
  return connection;
}

function openJobs(config: Config, database: DatabaseConnection, outbound: Outbound, logger: Logger): JobRuntime {
  const backend = queueBackendFor(config.common.queue, database);
  return createJobRuntime({ backend, db: database.db, outbound, clock: systemClock, logger, concurrency: config.common.queue.concurrency });
}

async function runLocal(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  // Exports asked for in the chat are saved as files beside the embedded database, their paths printed.
  const outbound = localOutbound((text) => process.stdout.write(text), { exportDir: join(config.common.dataDir, 'exports') });
  const jobs = openJobs(config, database, outbound, logger);
  try {
    const registry = createCommandRegistry();
    const core = createCore({ db: database.db, registry, directory: demoDirectory, clock: systemClock, logger, effects: jobs.effects });
    const isNew = !(await findWorkspace(database.db, DEMO_WORKSPACE.platform, DEMO_WORKSPACE.externalId));
    await seedDemo(core, isNew);
    // Reminders and goal updates arrive in this terminal while you chat.
    await jobs.startWorker();
    await runLocalChat({
      inbound: core,
      commands: registry.names(),
      input: process.stdin,
      output: process.stdout,
      isNew: async (workspace) => !(await findWorkspace(database.db, workspace.platform, workspace.externalId)),
    });
  } finally {
    await jobs.close();
    await database.close();
  }
}

async function runServer(config: Extract<Config, { mode: 'server' }>, logger: Logger): Promise<void> {
  const { role } = config.common;
  const database = await openDatabase(config, logger);
  // The server hands effects to the queue, and the queue's workers post through the server's outbound.
  let jobs: JobRuntime | undefined;
  const server = createPacerServer({
    db: database.db,
    ready: database.ping,
    ...(config.slack && { slack: config.slack }),
    ...(config.teams && { teams: config.teams }),
    ...(config.files && { files: config.files }),
    port: config.common.port,
    logger,
    clock: systemClock,
    effects: (effects) => required(jobs).effects(effects),
  });
  const runtime = openJobs(config, database, server.outbound, logger);
  jobs = runtime;
  if (role !== 'worker') {
    const { url } = await server.start();
    logger.info({ url, role, slack: config.slack !== undefined, socketMode: config.slack?.appToken !== undefined, teams: config.teams !== undefined }, 'Pacer is listening');
  } else {
    await server.prepare();
  }
  if (role !== 'web') {
    await runtime.startWorker();
    logger.info({ role, queue: config.common.queue.backend, concurrency: config.common.queue.concurrency }, 'Pacer workers running');
  }
  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'shutting down');
    // New requests stop first; then running jobs finish (or return to the queue); then the database.
    await server.stop();
    await runtime.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function required(jobs: JobRuntime | undefined): JobRuntime {
  if (!jobs) throw new Error('the job queue is not open yet');
  return jobs;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.mode === 'local') {
    // The terminal is the chat: logs go to stderr and only warnings and worse, so replies stay readable.
    const logger = createLogger({ level: config.common.logLevel === 'info' ? 'warn' : config.common.logLevel, destination: process.stderr });
    await runLocal(config, logger);
    return;
  }
  await runServer(config, createLogger({ level: config.common.logLevel }));
}

await main();

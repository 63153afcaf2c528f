import { join } from 'node:path';
import { createPacerServer } from '../adapters/http/pacer-server.ts';
import { DEMO_WORKSPACE, demoDirectory, seedDemo } from '../adapters/local/demo.ts';
import { runLocalChat } from '../adapters/local/local-chat.ts';
import { systemClock } from './bot/clock.ts';
import { createCore } from './bot/core.ts';
import { createLogger, type Logger } from './bot/logger.ts';
import { createCommandRegistry } from './commands.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectDatabase, type DatabaseConnection } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { findWorkspace } from './domain/workspaces/workspace.repository.ts';

/**
 * The composition root: config → database (migrated) → commands → core → adapters. Nothing else
 * builds these, so what runs in production is what the tests build.
 */
async function openDatabase(config: Config, logger: Logger): Promise<DatabaseConnection> {
  const connection = await connectDatabase({
    ...(config.common.databaseUrl ? { url: config.common.databaseUrl } : { dataDir: join(config.common.dataDir, 'db') }),
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await migrateToLatest(connection.db);
  logger.info({ database: connection.kind }, 'database ready');
  return connection;
}

async function runLocal(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  const registry = createCommandRegistry();
  const core = createCore({ db: database.db, registry, directory: demoDirectory, clock: systemClock, logger });
  const isNew = !(await findWorkspace(database.db, DEMO_WORKSPACE.platform, DEMO_WORKSPACE.externalId));
  await seedDemo(core, isNew);
  try {
    await runLocalChat({
      inbound: core,
      commands: registry.names(),
      input: process.stdin,
      output: process.stdout,
      isNew: async (workspace) => !(await findWorkspace(database.db, workspace.platform, workspace.externalId)),
    });
  } finally {
    await database.close();
  }
}

async function runServer(config: Extract<Config, { mode: 'server' }>, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger);
  const server = createPacerServer({
    db: database.db,
    ready: database.ping,
    ...(config.slack && { slack: config.slack }),
    ...(config.teams && { teams: config.teams }),
    port: config.common.port,
    logger,
    clock: systemClock,
  });
  const { url } = await server.start();
  logger.info({ url, slack: config.slack !== undefined, socketMode: config.slack?.appToken !== undefined, teams: config.teams !== undefined }, 'Pacer is listening');
  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
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

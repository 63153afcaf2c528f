#!/usr/bin/env node
import { createPacerServer } from '../adapters/http/pacer-server.ts';
import { localOutbound } from '../adapters/local/local-outbound.ts';
import { slackFileReader } from '../adapters/slack/files.ts';
import { createSlackClient } from '../adapters/slack/web-api.ts';
import type { EmailLookup } from '../src/domain/csv/import/reps.ts';
import type { Workspace } from '../src/domain/workspaces/workspace.table.ts';
import { queueBackendFor } from '../jobs/backend.ts';
import { CliError, JOBS_USAGE, jobsCli } from '../jobs/cli.ts';
import { CSV_USAGE, CsvCliError, exportCli, importCli } from './csv-cli.ts';
import { createJobRuntime } from '../jobs/runtime.ts';
import { systemClock } from '../src/bot/clock.ts';
import { createLogger } from '../src/bot/logger.ts';
import type { Outbound } from '../src/bot/ports.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { join } from 'node:path';

/**
 * The operator's command line: `pacer jobs list`, `pacer jobs run …` (also `npm run pacer -- …`).
 * It reads the same environment as the server and reaches the same database, queue and platforms.
 */
const USAGE = `Usage:\n${[JOBS_USAGE, CSV_USAGE].join('\n').split('\n').map((line) => `  ${line}`).join('\n')}`;
const out = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [area, ...args] = argv;
  if (area === undefined || area === 'help' || area === '--help') {
    out(USAGE);
    return 0;
  }
  if (area !== 'jobs' && area !== 'import' && area !== 'export') {
    process.stderr.write(`unknown command "${area}"\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const database = await connectDatabase(config.common.databaseUrl ? { url: config.common.databaseUrl } : { dataDir: join(config.common.dataDir, 'db') });
  try {
    await migrateToLatest(database.db);
    if (area === 'import') {
      // With Slack configured, a rep named by e-mail is looked up there too (users.lookupByEmail), as in chat.
      const slack = config.mode === 'server' && config.slack ? slackFileReader(createSlackClient({ token: config.slack.botToken, logger, ...(config.slack.apiUrl && { apiUrl: config.slack.apiUrl }) })) : undefined;
      const lookupEmail = (workspace: Workspace): EmailLookup | undefined =>
        slack && workspace.platform === 'slack' ? (email) => slack.findUserByEmail({ platform: 'slack', externalId: workspace.external_id }, email) : undefined;
      return await importCli(args, { db: database.db, out, now: () => systemClock.now(), lookupEmail });
    }
    if (area === 'export') return await exportCli(args, { db: database.db, out, now: () => systemClock.now(), stdout: process.stdout });
    const server = config.mode === 'server'
      ? createPacerServer({ db: database.db, ready: database.ping, ...(config.slack && { slack: config.slack }), ...(config.teams && { teams: config.teams }), port: 0, logger, clock: systemClock })
      : undefined;
    const outbound: Outbound = server ? server.outbound : localOutbound((text) => process.stdout.write(text));
    if (server && args[0] === 'run') await server.prepare();
    const runtime = createJobRuntime({ backend: queueBackendFor(config.common.queue, database), db: database.db, outbound, clock: systemClock, logger });
    try {
      await jobsCli(args, { db: database.db, runtime, out, deps: runtime.deps });
    } finally {
      await runtime.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof CsvCliError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

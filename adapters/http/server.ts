import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver } from '@slack/bolt';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { PacerFault } from '../../src/bot/errors.ts';
import type { Inbound } from '../../src/bot/ports.ts';
import { registerSlackListeners } from '../slack/listeners.ts';
import { boltLogger, errorForLog } from '../slack/log.ts';
import { mountTeams, type TeamsAdapter, type TeamsAdapterOptions } from '../teams/create-teams-adapter.ts';
import { slackClientOptions } from '../slack/web-api.ts';
import { mountFileDownloads, type FileDownloadsOptions } from './files.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's replay window: a request whose timestamp is further than this from our clock is refused. */
const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface SlackHttpConfig {
  signingSecret: string;
  botToken: string;
  /** Web API base URL; tests point it at a fake. Default Slack's. */
  apiUrl?: string;
  inbound: Inbound;
  commands: readonly string[];
  /** Web API retries (see slackClientOptions). */
  retries?: number;
  /** See SlackListenerOptions.ackDeadlineMs. */
  ackDeadlineMs?: number;
}

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default: all interfaces. */
  host?: string;
  /** Whether the app can serve (database reachable, migrations done, …): drives /readyz. */
  ready: () => Promise<boolean>;
  logger: Logger;
  slack?: SlackHttpConfig;
  /** Teams' endpoint (`POST /api/messages`) on the same app and port. */
  teams?: Omit<TeamsAdapterOptions, 'logger'>;
  /** Exports for download at signed links (`GET /files/<id>?exp=…&sig=…`). */
  files?: Omit<FileDownloadsOptions, 'logger'>;
}

export interface HttpServer {
  /** The one express app: Slack's endpoint is on it, and Teams mounts `/api/messages` here too. */
  app: Express;
  /** The Bolt app, when Slack is configured (for the composition root: `slackApp.client`, …). */
  slackApp?: App;
  /** The Teams adapter, when Teams is configured (its `app` posts proactively). */
  teams?: TeamsAdapter;
  /** Verifies the Slack bot token (auth.test) and readies the Teams app, without listening (a worker posts, it does not serve). */
  prepare(): Promise<void>;
  /** Prepares, then listens. Fails the boot when Slack refuses the token. */
  listen(): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

/**
 * The HTTP server: health checks, Slack's events endpoint (Bolt's ExpressReceiver, signatures always
 * verified), Teams' messaging endpoint (the Teams SDK's ExpressAdapter, tokens verified unless local
 * testing says otherwise) and exports at signed download links, each optional, all on one port.
 *
 *   const http = createHttpServer({ port: 3000, ready: () => db.isReady(), logger, slack: { … } })
 *   const { url } = await http.listen()
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const log = options.logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.ready().catch((error: unknown) => {
      log.warn({ error: errorForLog(error) }, 'readiness check failed');
      return false;
    });
    res.status(ready ? 200 : 503).json({ ok: ready });
  });
  if (options.files !== undefined) mountFileDownloads(app, { ...options.files, logger: options.logger });

  const slackApp = options.slack === undefined ? undefined : mountSlack(app, options.slack, options.logger);
  const teams: TeamsAdapter | undefined = options.teams === undefined ? undefined : mountTeams(app, { ...options.teams, logger: options.logger });
  let teamsReady = false;

  let server: Server | undefined;
  let slackReady = false;
  async function prepare(): Promise<void> {
    if (slackApp !== undefined && !slackReady) {
      await initSlack(slackApp);
      slackReady = true;
    }
    if (teams !== undefined && !teamsReady) {
      await teams.initialize();
      teamsReady = true;
    }
  }
  return {
    app,
    ...(slackApp && { slackApp }),
    ...(teams && { teams }),

    prepare,

    async listen() {
      if (server !== undefined) throw new PacerFault('internal', 'the HTTP server is already listening');
      await prepare();
      const listening = createServer(app);
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(options.port, options.host, () => {
          listening.off('error', reject);
          resolve();
        });
      });
      server = listening;
      const { port } = listening.address() as AddressInfo;
      const url = `http://${urlHost(options.host)}:${port}`;
      log.info({ url }, 'listening');
      return { url, port };
    },

    async close() {
      const closing = server;
      server = undefined;
      if (closing === undefined) return;
      await new Promise<void>((resolve, reject) => {
        closing.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would hold close() open until they time out.
        closing.closeIdleConnections();
      });
    },
  };
}

function mountSlack(app: Express, config: SlackHttpConfig, logger: Logger): App {
  // Bolt refuses a request older than 5 minutes but accepts one dated in the future; Slack's guide
  // says to refuse both, so this runs first. It reads only a header: the body stays for Bolt.
  app.post(SLACK_EVENTS_PATH, rejectFutureTimestamps(logger));

  const receiver = new ExpressReceiver({
    signingSecret: config.signingSecret,
    // Verification reads the raw body before any parsing: nothing may parse /slack/events before it.
    signatureVerification: true,
    endpoints: SLACK_EVENTS_PATH,
    // Ack as soon as a listener calls ack(): the answer goes out while the listener finishes its work.
    processBeforeResponse: false,
    app,
    logger: boltLogger(logger),
  });
  const slackApp = new App({
    receiver,
    token: config.botToken,
    clientOptions: slackClientOptions({ apiUrl: config.apiUrl, retries: config.retries, logger }),
    logger: boltLogger(logger),
    // Without this, Bolt calls auth.test from the constructor in a promise no one awaits: a bad token
    // would surface only as every request being silently acked (or as an unhandled rejection).
    // Deferred, listen() awaits it and the boot fails with a clear message instead.
    deferInitialization: true,
  });
  registerSlackListeners(slackApp, config.inbound, {
    commands: config.commands,
    logger,
    ...(config.ackDeadlineMs !== undefined && { ackDeadlineMs: config.ackDeadlineMs }),
  });
  return slackApp;
}

async function initSlack(slackApp: App): Promise<void> {
  try {
    await slackApp.init();
  } catch (error) {
    const detail = errorForLog(error);
    throw new PacerFault('config', `Slack refused the bot token at start-up (auth.test: ${detail.slackError ?? detail.message})`, {
      cause: error,
    });
  }
}

function rejectFutureTimestamps(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(typeof header === 'string' ? header : Number.NaN);
    // Missing or malformed headers are Bolt's to refuse, with its own log line.
    if (Number.isFinite(timestamp) && timestamp > Math.floor(Date.now() / 1000) + SLACK_TIMESTAMP_WINDOW_SECONDS) {
      logger.warn({ component: 'http' }, 'Slack request refused: timestamp too far in the future');
      res.status(401).end();
      return;
    }
    next();
  };
}

function urlHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

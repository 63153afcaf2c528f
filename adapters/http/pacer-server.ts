import type { CloudEnvironment, TokenProvider } from '@microsoft/teams.api';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { startSlackSocketMode } from '../slack/socket-mode.ts';
import { createSlackClient, slackDirectory, slackOutbound } from '../slack/web-api.ts';
import { createTeamsProfiles } from '../teams/directory.ts';
import { teamsOutbound } from '../teams/outbound.ts';
import type { PacingOptions } from '../teams/pacing.ts';
import type { Clock } from '../../src/bot/clock.ts';
import { createCore } from '../../src/bot/core.ts';
import type { EffectSink } from '../../src/bot/effects.ts';
import { routeOutbound } from '../../src/bot/outbound-router.ts';
import type { Directory, Inbound, Outbound } from '../../src/bot/ports.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import type { FileLinksConfig, SlackConfig, TeamsConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { latestServiceUrl } from '../../src/domain/conversations/conversation.repository.ts';
import { findWorkspace } from '../../src/domain/workspaces/workspace.repository.ts';
import { fileLinks } from './files.ts';
import { createHttpServer } from './server.ts';

export interface PacerServerOptions {
  db: Kysely<Database>;
  ready: () => Promise<boolean>;
  slack?: SlackConfig;
  teams?: TeamsServerConfig;
  port: number;
  host?: string;
  logger: Logger;
  clock: Clock;
  /** Where committed commands' effects go (the job queue). */
  effects?: EffectSink;
  /**
   * Exports as signed download links: served at `GET /files/<id>`, and how Teams (which cannot take
   * a bot's file) gets them. Without it, no download route, and a file to a Teams chat fails.
   */
  files?: FileLinksConfig;
}

/** Teams as configured, plus the test seams of the SDK (keys and logins on loopback, a fake bot token). */
export interface TeamsServerConfig extends TeamsConfig {
  cloud?: CloudEnvironment;
  token?: TokenProvider;
  serviceUrlAllowed?: (serviceUrl: string) => boolean;
  /** Pacing and retries of Bot Connector calls; tests inject the retry's sleep. */
  pacing?: PacingOptions;
}

export interface PacerServer {
  core: Inbound;
  /**
   * Posts to Teams conversations unprompted (stored conversation references, 1:1 chats), paced and
   * retried like replies. Present when Teams is configured.
   */
  teamsOutbound?: Outbound;
  /**
   * Posts unprompted on whichever platform a conversation is on (what jobs use). Slack calls fail at
   * once on a 429 with its Retry-After, so a job waits as a delayed job rather than inside a call.
   */
  outbound: Outbound;
  /** Readies the platforms for posting without serving (a worker process). */
  prepare(): Promise<void>;
  /** Starts serving; resolves with the HTTP address (health checks, and Slack unless over Socket Mode). */
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/**
 * Pacer serving Slack and/or Teams: the core over the real registry, each platform's directory for
 * profiles, and one HTTP port (Slack's signed endpoint, Teams' /api/messages, /healthz, /readyz, and
 * signed export downloads at /files/<id> when file links are configured).
 * With an app token, Slack arrives over Socket Mode instead and the HTTP port serves the rest. The
 * composition root and the end-to-end tests both build Pacer through this, so what is tested is what runs.
 */
export function createPacerServer(options: PacerServerOptions): PacerServer {
  const { slack, teams, logger } = options;
  const registry = createCommandRegistry();
  const slackDir = slack && slackDirectory(createSlackClient({ token: slack.botToken, logger, ...(slack.apiUrl && { apiUrl: slack.apiUrl }) }));
  const teamsProfiles = teams && createTeamsProfiles();
  const directory: Directory = {
    async lookupUser(workspace, userId) {
      if (workspace.platform === 'slack') return slackDir?.lookupUser(workspace, userId);
      if (workspace.platform === 'teams') return teamsProfiles?.directory.lookupUser(workspace, userId);
      return undefined;
    },
  };
  const core = createCore({ db: options.db, registry, directory, clock: options.clock, logger, ...(options.effects && { effects: options.effects }) });
  const overSocket = slack?.appToken !== undefined;
  // The address start() listens on: a download link's base when no public URL is configured.
  let listening: string | undefined;
  const http = createHttpServer({
    port: options.port,
    ...(options.host && { host: options.host }),
    ready: options.ready,
    logger,
    ...(slack && !overSocket && {
      slack: { signingSecret: slack.signingSecret, botToken: slack.botToken, inbound: core, commands: registry.names(), ...(slack.apiUrl && { apiUrl: slack.apiUrl }) },
    }),
    ...(teams && { teams: { ...teams, inbound: core, commands: registry.names(), ...(teamsProfiles && { profiles: teamsProfiles }) } }),
    ...(options.files && { files: { db: options.db, secret: options.files.secret, clock: options.clock } }),
  });
  const outbound = http.teams && teams && teamsOutbound(http.teams.app, {
    // The bot's channel account id; without a client id (local testing) Teams is not reachable anyway.
    botId: `28:${teams.clientId ?? ''}`,
    // A new 1:1 chat opens in the workspace's own tenant, at the service URL last seen there.
    async serviceUrlFor(workspace) {
      const found = await findWorkspace(options.db, workspace.platform, workspace.externalId);
      return found && latestServiceUrl(options.db, found.id);
    },
    ...(options.files && { linkFile: fileLinks({ db: options.db, clock: options.clock, config: options.files, listeningUrl: () => listening }) }),
  });
  const slackPoster = slack && slackOutbound(createSlackClient({ token: slack.botToken, logger, retries: 1, rejectRateLimited: true, ...(slack.apiUrl && { apiUrl: slack.apiUrl }) }));
  let socket: { stop(): Promise<void> } | undefined;
  return {
    core,
    ...(outbound && { teamsOutbound: outbound }),
    outbound: routeOutbound({ ...(slackPoster && { slack: slackPoster }), ...(outbound && { teams: outbound }) }),
    prepare: () => http.prepare(),
    async start() {
      if (slack?.appToken) {
        socket = await startSlackSocketMode({ appToken: slack.appToken, botToken: slack.botToken, inbound: core, commands: registry.names(), logger, ...(slack.apiUrl && { apiUrl: slack.apiUrl }) });
      }
      try {
        const address = await http.listen();
        listening = address.url;
        return address;
      } catch (error) {
        // Half-started is not started: a socket left open would keep answering Slack.
        await socket?.stop();
        throw error;
      }
    },
    async stop() {
      await socket?.stop();
      await http.close();
    },
  };
}

import { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { PacerFault } from '../../src/bot/errors.ts';
import type { Inbound } from '../../src/bot/ports.ts';
import { registerSlackListeners } from './listeners.ts';
import { boltLogger, errorForLog } from './log.ts';
import { slackClientOptions } from './web-api.ts';

export interface SlackSocketModeConfig {
  /** The app-level token (`xapp-…`, scope `connections:write`): SLACK_APP_TOKEN. */
  appToken: string;
  botToken: string;
  /** Web API base URL for the bot's calls (the socket itself always goes to Slack). */
  apiUrl?: string;
  inbound: Inbound;
  commands: readonly string[];
  logger: Logger;
}

/**
 * Slack over Socket Mode instead of HTTP: for running Pacer where Slack cannot reach it (a laptop,
 * behind a firewall). Same listeners as over HTTP; acks travel back over the socket. The manifest
 * must then have `socket_mode_enabled: true`. Requests arrive over the authenticated socket, so
 * there is no signing secret here.
 *
 * Not tested against a live socket (the tests have no Slack); the HTTP path is the tested one.
 *
 *   const slack = await startSlackSocketMode({ appToken, botToken, inbound, commands: slackCommandNames, logger })
 *   await slack.stop()
 */
export async function startSlackSocketMode(config: SlackSocketModeConfig): Promise<{ app: App; stop(): Promise<void> }> {
  const app = new App({
    socketMode: true,
    appToken: config.appToken,
    token: config.botToken,
    clientOptions: slackClientOptions({ apiUrl: config.apiUrl, logger: config.logger }),
    logger: boltLogger(config.logger),
    // As over HTTP: auth.test is awaited here, so a bad token fails the start with a clear message.
    deferInitialization: true,
  });
  registerSlackListeners(app, config.inbound, { commands: config.commands, logger: config.logger });
  try {
    await app.init();
  } catch (error) {
    const detail = errorForLog(error);
    throw new PacerFault('config', `Slack refused the bot token at start-up (auth.test: ${detail.slackError ?? detail.message})`, {
      cause: error,
    });
  }
  await app.start();
  return { app, stop: async () => void (await app.stop()) };
}

import { App, SocketModeReceiver } from '@slack/bolt';
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
  /**
   * Web API base URL, for the bot's calls and for `apps.connections.open`, whose answer is the
   * WebSocket URL to connect to. Default Slack's.
   */
  apiUrl?: string;
  inbound: Inbound;
  commands: readonly string[];
  logger: Logger;
}

/**
 * Slack over Socket Mode instead of HTTP: for running Pacer where Slack cannot reach it (a laptop,
 * behind a firewall). Same listeners as over HTTP; acks travel back over the socket, a command's
 * answer in the ack's payload. The manifest must then have `socket_mode_enabled: true`. Requests
 * arrive over the authenticated socket, so there is no signing secret here.
 *
 * Tested end to end against a fake Slack on loopback (test/replay/slack-socket-mode.test.ts):
 * apps.connections.open with the app token, hello, commands and clicks as envelopes and their acks,
 * a refused app token failing the start, and stop() closing the socket without reconnecting.
 *
 *   const slack = await startSlackSocketMode({ appToken, botToken, inbound, commands: slackCommandNames, logger })
 *   await slack.stop()
 */
export async function startSlackSocketMode(config: SlackSocketModeConfig): Promise<{ app: App; stop(): Promise<void> }> {
  const clientOptions = slackClientOptions({ apiUrl: config.apiUrl, logger: config.logger });
  // Built here rather than by `socketMode: true` so stop() can await the socket's close: Bolt's
  // receiver.stop() resolves before the close handshake is done.
  const receiver = new SocketModeReceiver({ appToken: config.appToken, logger: boltLogger(config.logger), installerOptions: { clientOptions } });
  const app = new App({
    receiver,
    token: config.botToken,
    clientOptions,
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
  try {
    // Resolves on Slack's hello. A refused app token (invalid_auth, …) or an unreachable Slack rejects;
    // other errors from apps.connections.open the client retries with a backoff.
    await app.start();
  } catch (error) {
    const detail = errorForLog(error);
    throw detail.slackError !== undefined
      ? new PacerFault('config', `Slack refused the app token at start-up (apps.connections.open: ${detail.slackError})`, { cause: error })
      : new PacerFault('platform', `Could not open the Socket Mode connection at start-up (${detail.message})`, { cause: error });
  }
  // disconnect() resolves once the socket is closed; once called, the client no longer reconnects.
  return { app, stop: () => receiver.client.disconnect() };
}

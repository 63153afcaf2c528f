import { Readable } from 'node:stream';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { PacerFault } from '../../src/bot/errors.ts';
import type { FileEvent, IncomingFile, Inbound, Outbound, WorkspaceRef } from '../../src/bot/ports.ts';
import { errorForLog } from './log.ts';
import { renderMessage } from './render.ts';
import { slackErrorCode, type SlackWebClient } from './web-api.ts';

/** Where Slack serves the files people upload. */
const SLACK_FILES_ORIGIN = 'https://files.slack.com';

/**
 * Files sent to the bot, on Slack: a file dropped into the bot's DM arrives as a `message` event of
 * subtype `file_share` (the `message.im` subscription). Each file goes to the core, and its answer is
 * posted back in the DM. Bolt acknowledges the event before this runs, so a slow answer never makes
 * Slack send it again; a retry that does come is handled once (the delivery id).
 */
export function registerSlackFileListener(app: App, inbound: Inbound, logger: Logger): void {
  app.event('message', async ({ event, body, client }) => {
    if (event.subtype !== 'file_share' || event.channel_type !== 'im') return;
    const teamId = typeof body.team_id === 'string' ? body.team_id : '';
    for (const file of event.files ?? []) {
      const base: Omit<FileEvent, 'file'> = {
        workspace: { platform: 'slack', externalId: teamId },
        userId: event.user,
        conversation: { platform: 'slack', workspaceExternalId: teamId, conversationId: event.channel, kind: 'direct' },
        deliveryId: `file:${event.channel}:${event.ts}:${file.id}`,
      };
      try {
        const reply = await inbound.handleFile({ ...base, file: { name: file.name ?? file.id, ref: file.id, ...(typeof file.size === 'number' && { size: file.size }) } });
        if (reply === undefined) continue;
        const { text, blocks } = renderMessage(reply);
        await client.chat.postMessage({ channel: event.channel, text, blocks });
      } catch (error) {
        logger.error({ error: errorForLog(error), team: teamId, user: event.user, file: file.id }, 'slack file share failed');
      }
    }
  });
}

/**
 * Reading files people sent the bot, and finding people by e-mail, over the Web API. A file is
 * looked up with `files.info` (needs `files:read`) rather than trusting a URL carried around in a
 * job, and downloaded with the bot token only from Slack's own file host (or the API's, for a test
 * fake): the token is never sent anywhere else.
 */
export function slackFileReader(client: SlackWebClient): Required<Pick<Outbound, 'openFile' | 'findUserByEmail'>> {
  const trusted = new Set([SLACK_FILES_ORIGIN, new URL(client.slackApiUrl).origin]);
  return {
    async openFile(_workspace: WorkspaceRef, file: IncomingFile) {
      let url: string | undefined;
      try {
        const info = await client.files.info({ file: file.ref });
        url = info.file?.url_private_download ?? info.file?.url_private;
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'file_not_found' || code === 'file_deleted') throw new PacerFault('gone', `Slack file ${file.ref}: ${code}`);
        throw new PacerFault('platform', `Slack files.info failed: ${code ?? 'unknown error'}`, { cause: error });
      }
      if (url === undefined) throw new PacerFault('gone', `Slack file ${file.ref} has no download`);
      if (!trusted.has(new URL(url).origin)) throw new PacerFault('platform', `Slack named a download outside its file host: ${new URL(url).origin}`);
      const response = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
      if (response.status === 404 || response.status === 410) throw new PacerFault('gone', `Slack file ${file.ref}: HTTP ${response.status}`);
      // Without files:read Slack answers a download with its sign-in page, not an error.
      if (!response.ok || response.body === null || response.headers.get('content-type')?.startsWith('text/html') === true) {
        throw new PacerFault('platform', `Slack file ${file.ref} download failed: HTTP ${response.status} ${response.headers.get('content-type') ?? ''} (is the files:read scope granted?)`);
      }
      return Readable.fromWeb(response.body);
    },

    async findUserByEmail(_workspace: WorkspaceRef, email: string) {
      try {
        return (await client.users.lookupByEmail({ email })).user?.id;
      } catch (error) {
        if (slackErrorCode(error) === 'users_not_found') return undefined;
        throw new PacerFault('platform', `Slack users.lookupByEmail failed: ${slackErrorCode(error) ?? 'unknown error'}`, { cause: error });
      }
    },
  };
}

import type { IActionSet } from '@microsoft/teams.cards';
import type { App } from '@microsoft/teams.apps';
import { PacerFault } from '../../src/bot/errors.ts';
import { context } from '../../src/messages/build.ts';
import { plain } from './card.ts';
import { retryAfterMs, statusOf } from './pacing.ts';
import type { ConversationRef, OutgoingFile, Outbound, PostedRef, PreparedFile, WorkspaceRef } from '../../src/bot/ports.ts';
import type { Message } from '../../src/messages/message.ts';
import { renderActivity, type TeamsMessageActivity } from './render.ts';
import { teamsFileReader } from './files.ts';

/** A file's download link, served by Pacer (`GET /files/<id>?exp=…&sig=…`). */
export interface FileLink {
  url: string;
  expiresAt: Date;
}

export interface TeamsOutboundOptions {
  /** The bot's channel account id, `28:<client id>`. */
  botId: string;
  /** The tenant a new 1:1 chat is opened in; default the workspace's external id (its tenant). */
  tenantId?: string;
  /**
   * The service URL to open a new 1:1 chat at (a conversation reference carries its own; a new chat
   * has none yet). Pacer's server answers with the newest one stored for the workspace.
   */
  serviceUrlFor?: (workspace: WorkspaceRef) => Promise<string | undefined>;
  /**
   * Keeps a file for download and returns its signed link. A bot cannot attach an arbitrary file to
   * a Teams chat without Microsoft Graph, so a file is sent as a card with a Download button to it.
   * Without it, sending a file is a configuration fault.
   */
  linkFile?: (file: OutgoingFile) => Promise<FileLink>;
}

/** The activity for a message: its card, and the shared fallback text as `summary`. */
function activityOf(message: Message): TeamsMessageActivity {
  return renderActivity(message);
}

function serviceUrlOf(ref: ConversationRef): string {
  if (ref.platform !== 'teams') throw new PacerFault('internal', `Teams outbound got a ${ref.platform} conversation`);
  if (ref.serviceUrl === undefined || ref.serviceUrl === '') {
    throw new PacerFault('internal', 'Teams outbound: the conversation has no serviceUrl (store it from the install or an activity)');
  }
  return ref.serviceUrl;
}

/** A channel thread is the channel's conversation id with `;messageid=<root>`. */
function conversationIdOf(ref: ConversationRef): string {
  if (ref.threadId === undefined || ref.conversationId.includes(';messageid=')) return ref.conversationId;
  return `${ref.conversationId};messageid=${ref.threadId}`;
}

/**
 * Pacer's outbound port on Teams: posts, updates and 1:1 chats through the Bot Connector, each call
 * at the conversation's own `serviceUrl` (`app.api.clone({ serviceUrl })`, never the app-wide one).
 * Pacing (Teams' per-conversation limits) and retries (429/412/502/504) happen in the App's client
 * middleware (pacing.ts), which every clone carries.
 *
 *   const outbound = teamsOutbound(teams.app, { botId: `28:${clientId}` })
 *   await outbound.post(storedRef, { blocks: [{ type: 'text', text: 'Weekly pace' }] })
 */
export function teamsOutbound(app: App, options: TeamsOutboundOptions): Outbound {
  const api = (serviceUrl: string) => app.api.clone({ serviceUrl });
  const linkOf = async (file: OutgoingFile): Promise<FileLink> => {
    if (options.linkFile === undefined) throw new PacerFault('config', 'Teams outbound: no file links configured (PACER_PUBLIC_URL and a file secret), so files cannot be sent');
    return options.linkFile(file);
  };
  return {
    ...teamsFileReader(),
    async post(to: ConversationRef, message: Message): Promise<PostedRef> {
      const { id } = await call('createActivity', () => api(serviceUrlOf(to)).conversations.createActivity(conversationIdOf(to), activityOf(message)));
      return { conversation: to, messageId: id };
    },

    async update(ref: PostedRef, message: Message): Promise<void> {
      await call('updateActivity', () => api(serviceUrlOf(ref.conversation)).conversations.updateActivity(conversationIdOf(ref.conversation), ref.messageId, { ...activityOf(message), id: ref.messageId }));
    },

    /** Keeps a copy of the file and signs its link (outside the caller's transaction: it writes to the database). */
    async prepareFile(_workspace: WorkspaceRef, file: OutgoingFile): Promise<PreparedFile> {
      return { ...file, url: (await linkOf(file)).url };
    },

    /**
     * The message as a card, with the link's note under it and a Download button (`Action.OpenUrl`)
     * to the copy Pacer keeps (kept now if `prepareFile` did not). A card is never sent without its file.
     */
    async sendFile(to: ConversationRef, file: PreparedFile, message: Message): Promise<PostedRef> {
      const serviceUrl = serviceUrlOf(to);
      const url = file.url ?? (await linkOf(file)).url;
      const activity = activityOf({ ...message, blocks: [...message.blocks, context(file.link.note)] });
      const download: IActionSet = { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: plain(file.link.label), url }] };
      const [attachment] = activity.attachments;
      const withLink: TeamsMessageActivity = { ...activity, attachments: [{ ...attachment, content: { ...attachment.content, body: [...(attachment.content.body ?? []), download] } }] };
      const { id } = await call('createActivity', () => api(serviceUrl).conversations.createActivity(conversationIdOf(to), withLink));
      return { conversation: to, messageId: id };
    },

    async openDirect(workspace: WorkspaceRef, userId: string): Promise<ConversationRef> {
      if (workspace.platform !== 'teams') throw new PacerFault('internal', `Teams outbound got a ${workspace.platform} workspace`);
      const serviceUrl = await options.serviceUrlFor?.(workspace);
      if (serviceUrl === undefined || serviceUrl === '') {
        throw new PacerFault('internal', `Teams outbound: no serviceUrl known for tenant ${workspace.externalId} to open a chat at`);
      }
      const tenantId = options.tenantId ?? workspace.externalId;
      const { id } = await call('createConversation', () => api(serviceUrl).conversations.create({
        isGroup: false,
        bot: { id: options.botId },
        members: [{ id: userId, role: 'user' }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      }));
      return { platform: 'teams', workspaceExternalId: workspace.externalId, conversationId: id, serviceUrl, kind: 'direct' };
    },
  };
}

/**
 * A Bot Connector failure as the core understands it, once the pacing middleware has given up: a 429
 * carries its `Retry-After` (a job then waits that long as a delayed job), a 403/404 means the
 * conversation or person is gone (no retry will help), anything else is a platform fault.
 */
async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = statusOf(error);
    if (status === 429) {
      const wait = retryAfterMs(error, Date.now());
      throw new PacerFault('rate_limited', `Teams ${what} failed: 429`, { cause: error, ...(wait !== undefined && { retryAfterMs: wait }) });
    }
    throw new PacerFault(status === 403 || status === 404 ? 'gone' : 'platform', `Teams ${what} failed: ${status ?? (error instanceof Error ? error.name : 'error')}`, { cause: error });
  }
}

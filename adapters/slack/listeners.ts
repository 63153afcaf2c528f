import type { App, BlockAction, RespondArguments, RespondFn, SlashCommand, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandReply, Inbound, WorkspaceRef } from '../../src/bot/ports.ts';
import type { Message } from '../../src/messages/message.ts';
import { registerSlackFileListener } from './files.ts';
import { errorForLog } from './log.ts';
import {
  actionEvent,
  commandEvent,
  conversationRef,
  decodeFormMetadata,
  encodeFormMetadata,
  formSubmitEvent,
  PRIVATE_METADATA_MAX,
} from './payloads.ts';
import { renderForm, renderMessage } from './render.ts';
import { slackErrorCode, slackOutbound, type SlackWebClient } from './web-api.ts';

/** What a person sees when something on our side failed: never silence. */
export const SOMETHING_WENT_WRONG = 'Something went wrong on our side. Please try again in a moment.';

export interface SlackListenerOptions {
  /** Command names without the slash (see commands.ts). */
  commands: readonly string[];
  logger: Logger;
  /** How long a command may take before it is acked empty and answered through response_url. Default 2.5 s. */
  ackDeadlineMs?: number;
}

/**
 * Wires Slack's slash commands, button clicks and modal submits to the inbound port. Every listener
 * acks within Slack's 3 s: a command's message answer rides in the ack body itself (one round trip,
 * no second request); anything slower than an answer (a modal, a post) happens after the ack.
 *
 *   registerSlackListeners(app, inbound, { commands: slackCommandNames, logger })
 */
export function registerSlackListeners(app: App, inbound: Inbound, options: SlackListenerOptions): void {
  const log = options.logger.child({ component: 'slack' });

  const deadlineMs = options.ackDeadlineMs ?? 2_500;
  registerSlackFileListener(app, inbound, log);

  for (const name of options.commands) {
    app.command(`/${name}`, async ({ command, ack, respond, client }) => {
      let acked = false;
      const ackOnce = async (body?: RespondArguments): Promise<void> => {
        acked = true;
        await ack(body);
      };
      try {
        const pending = inbound.handleCommand(commandEvent(name, command));
        // Slack gives up on an ack after 3 s ("operation_timeout"). If the core is slower than the
        // deadline, ack empty in time and send the answer to the response_url when it comes.
        const timer = setTimeout(() => {
          if (!acked) ackOnce().catch((e: unknown) => log.warn({ error: errorForLog(e) }, 'deadline ack failed'));
        }, deadlineMs);
        let reply: CommandReply;
        try {
          reply = await pending;
        } finally {
          clearTimeout(timer);
        }
        if (reply.kind === 'message') {
          if (acked) await respond(respondArguments(reply.message));
          else await ackOnce(respondArguments(reply.message));
          return;
        }
        if (!acked) await ackOnce();
        await openForm(client, command, reply, respond, log);
      } catch (error) {
        log.error({ error: errorForLog(error), command: name, team: command.team_id, user: command.user_id }, 'slack command failed');
        const sorry: RespondArguments = { response_type: 'ephemeral', text: SOMETHING_WENT_WRONG };
        await (acked ? respond(sorry) : ackOnce(sorry)).catch((e: unknown) => log.warn({ error: errorForLog(e) }, 'could not tell the user'));
      }
    });
  }

  app.action(/.*/, async ({ body, ack, respond, client }) => {
    // Ack first: the click is received whatever happens next, and Slack stops waiting.
    await ack();
    // Legacy attachments and dialogs are never sent by Pacer; nothing to do for them.
    if (body.type !== 'block_actions') return;
    const action = body.actions[0];
    if (action === undefined) return;
    const event = actionEvent(body, action);
    try {
      const reply = await inbound.handleAction(event);
      if (reply === undefined) return;
      if (hasResponseUrl(body)) {
        const { text, blocks } = renderMessage(reply.message);
        // What the click did replaces its message; a refusal or fault is said to the clicker alone.
        await respond(reply.kind === 'replace' ? { replace_original: true, text, blocks } : { response_type: 'ephemeral', replace_original: false, text, blocks });
      } else {
        // A button inside a modal or App Home has no message to replace.
        await deliver(client, event.workspace, event.userId, event.conversation?.conversationId, reply.message, log);
      }
    } catch (error) {
      log.error({ error: errorForLog(error), action: event.actionId, team: event.workspace.externalId, user: event.userId }, 'slack action failed');
      await tellPrivately(client, body, respond, event.workspace, event.userId, log);
    }
  });

  app.view<ViewSubmitAction>(/.*/, async ({ body, view, ack, client }) => {
    let acked = false;
    const metadata = decodeFormMetadata(view.private_metadata);
    const event = formSubmitEvent(body, metadata);
    try {
      const result = await inbound.handleFormSubmit(event);
      acked = true;
      if (result.kind === 'errors') {
        await ack({ response_action: 'errors', errors: result.errors });
        return;
      }
      await ack();
      await deliver(client, event.workspace, event.userId, metadata.c, result.message, log);
    } catch (error) {
      log.error({ error: errorForLog(error), form: event.formId, team: event.workspace.externalId, user: event.userId }, 'slack form submit failed');
      const field = firstInputBlockId(view);
      try {
        // Keeping the modal open, with the sorry under its first field, keeps what the person typed:
        // submitting again is the retry.
        if (!acked && field !== undefined) await ack({ response_action: 'errors', errors: { [field]: SOMETHING_WENT_WRONG } });
        else {
          if (!acked) await ack();
          await deliver(client, event.workspace, event.userId, metadata.c, sorryMessage(), log);
        }
      } catch (e) {
        log.warn({ error: errorForLog(e) }, 'could not tell the user');
      }
    }
  });
}

function respondArguments(message: Message): RespondArguments {
  const { text, blocks } = renderMessage(message);
  return { response_type: message.visibility === 'public' ? 'in_channel' : 'ephemeral', text, blocks };
}

async function openForm(
  client: SlackWebClient,
  command: SlashCommand,
  reply: Extract<CommandReply, { kind: 'form' }>,
  respond: RespondFn,
  log: Logger,
): Promise<void> {
  const { form, fallback } = reply;
  const privateMetadata = encodeFormMetadata({ ...(form.state !== undefined && { s: form.state }), c: command.channel_id });
  try {
    if (privateMetadata.length > PRIVATE_METADATA_MAX) throw new Error(`form state too long for private_metadata (${privateMetadata.length})`);
    const view = renderForm(form);
    await client.views.open({
      trigger_id: command.trigger_id,
      view: { ...view, callback_id: view.callback_id ?? form.id, private_metadata: privateMetadata },
    });
  } catch (error) {
    // The trigger lasts 3 s and a modal can fail to open (slow core, expired trigger, a view Slack
    // rejects): the fallback still answers, as a message.
    log.warn({ error: errorForLog(error), form: form.id, slackError: slackErrorCode(error) }, 'views.open failed; answering with the fallback');
    await respond(respondArguments(fallback));
  }
}

/**
 * Posts a result where the person will see it: publicly in the channel when the message is public,
 * else ephemerally there; by DM when there is no channel or the channel refuses (the bot is not in
 * it, it was archived, …).
 */
async function deliver(
  client: SlackWebClient,
  workspace: WorkspaceRef,
  userId: string,
  channelId: string | undefined,
  message: Message,
  log: Logger,
): Promise<void> {
  const outbound = slackOutbound(client);
  if (channelId !== undefined) {
    const channel = conversationRef(workspace.externalId, channelId);
    try {
      if (message.visibility === 'public') await outbound.post(channel, message);
      else await outbound.postEphemeral(channel, userId, message);
      return;
    } catch (error) {
      log.warn({ error: errorForLog(error), channel: channelId }, 'could not post in the channel; sending by DM');
    }
  }
  const direct = await outbound.openDirect(workspace, userId);
  await outbound.post(direct, { ...message, visibility: 'private' });
}

async function tellPrivately(
  client: SlackWebClient,
  body: BlockAction,
  respond: RespondFn,
  workspace: WorkspaceRef,
  userId: string,
  log: Logger,
): Promise<void> {
  try {
    if (hasResponseUrl(body)) await respond({ response_type: 'ephemeral', replace_original: false, text: SOMETHING_WENT_WRONG });
    else await deliver(client, workspace, userId, body.channel?.id, sorryMessage(), log);
  } catch (error) {
    log.warn({ error: errorForLog(error) }, 'could not tell the user');
  }
}

function sorryMessage(): Message {
  return { blocks: [{ type: 'text', text: SOMETHING_WENT_WRONG }], visibility: 'private' };
}

/** Bolt types `response_url` as always there; clicks in modals and App Home come without one. */
function hasResponseUrl(body: BlockAction): boolean {
  const url: unknown = Reflect.get(body, 'response_url');
  return typeof url === 'string' && url !== '';
}

function firstInputBlockId(view: ViewOutput): string | undefined {
  for (const block of view.blocks) {
    if (block.type === 'input' && typeof block.block_id === 'string') return block.block_id;
  }
  return undefined;
}

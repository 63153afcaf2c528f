import type { BlockAction, BlockElementAction, SlashCommand, ViewSubmitAction } from '@slack/bolt';
import type { ActionEvent, CommandEvent, ConversationRef, FormSubmitEvent, WorkspaceRef } from '../../src/bot/ports.ts';
import { neutralActionId, normalizeCommandText, readViewValues } from './parse.ts';

/**
 * Slack payloads → the core's inbound events. Pure functions, so the mapping can be read (and tested)
 * apart from Bolt's plumbing in listeners.ts.
 */

export function workspaceRef(teamId: string, domain?: string): WorkspaceRef {
  return { platform: 'slack', externalId: teamId, ...(domain && { name: domain }) };
}

export function conversationRef(teamId: string, channelId: string): ConversationRef {
  return { platform: 'slack', workspaceExternalId: teamId, conversationId: channelId };
}

/** `/deal <@U2|bob> 12.5k` from team T1 in C1 → `{ command: 'deal', text: '<@U2> 12.5k', … }`. */
export function commandEvent(name: string, command: SlashCommand): CommandEvent {
  return {
    workspace: workspaceRef(command.team_id, command.team_domain),
    userId: command.user_id,
    conversation: conversationRef(command.team_id, command.channel_id),
    deliveryId: command.trigger_id,
    command: name,
    text: normalizeCommandText(command.text),
  };
}

export function actionEvent(body: BlockAction, action: BlockElementAction): ActionEvent {
  const teamId = teamIdOf(body.team, body.user.team_id);
  const value = actionValue(action);
  const channelId = body.channel?.id;
  return {
    workspace: workspaceRef(teamId, body.team?.domain),
    userId: body.user.id,
    ...(channelId && { conversation: conversationRef(teamId, channelId) }),
    // trigger_id is unique per click; action_ts is there even when a trigger is not (e.g. some surfaces).
    deliveryId: nonEmpty(body.trigger_id) ?? action.action_ts,
    actionId: neutralActionId(action.action_id),
    ...(value !== undefined && { value }),
  };
}

function actionValue(action: BlockElementAction): string | undefined {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option !== null && action.selected_option !== undefined) {
    return action.selected_option.value;
  }
  return undefined;
}

/** What a modal carries from the command that opened it to its submit (in `private_metadata`). */
export interface FormMetadata {
  /** The form's opaque state from the core. */
  s?: string;
  /** The channel the command came from, where the result is posted. */
  c?: string;
}

/** Slack caps `private_metadata` at 3,000 characters. */
export const PRIVATE_METADATA_MAX = 3_000;

export function encodeFormMetadata(metadata: FormMetadata): string {
  return JSON.stringify(metadata);
}

/** Reads back what encodeFormMetadata wrote; anything else (empty, foreign, corrupt) reads as `{}`. */
export function decodeFormMetadata(raw: string | undefined): FormMetadata {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const s: unknown = Reflect.get(parsed, 's');
  const c: unknown = Reflect.get(parsed, 'c');
  return { ...(typeof s === 'string' && { s }), ...(typeof c === 'string' && c !== '' && { c }) };
}

export function formSubmitEvent(body: ViewSubmitAction, metadata: FormMetadata): FormSubmitEvent {
  const teamId = teamIdOf(body.team, body.user.team_id ?? body.view.team_id);
  return {
    workspace: workspaceRef(teamId, body.team?.domain),
    userId: body.user.id,
    ...(metadata.c && { conversation: conversationRef(teamId, metadata.c) }),
    deliveryId: nonEmpty(body.trigger_id) ?? `${body.view.id}:${body.view.hash}`,
    formId: body.view.callback_id,
    values: readViewValues(body.view.state.values),
    ...(metadata.s !== undefined && { state: metadata.s }),
  };
}

/** `team` is null for some org-wide (Enterprise Grid) installs; the user's team is the next best. */
function teamIdOf(team: { id: string } | null, fallback: string | undefined): string {
  return team?.id ?? fallback ?? '';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

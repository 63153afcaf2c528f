import { createHmac } from 'node:crypto';

/**
 * Slack's v0 request signing, as Slack does it: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`
 * keyed with the app's signing secret. The timestamp is in seconds.
 *
 *   const headers = signSlackRequest(body, secret)                       // now
 *   const stale = signSlackRequest(body, secret, nowSeconds() - 6 * 60)  // replayed
 */
export function signSlackRequest(body: string, secret: string, timestamp: number = nowSeconds()): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-signature': `v0=${signature}`,
    'x-slack-request-timestamp': String(timestamp),
  };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The content type Slack sends slash commands and interactions with. */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** The fields of a slash command request, in the order Slack sends them. */
export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

const COMMAND_DEFAULTS: SlashCommandFields = {
  token: 'legacy-verification-token',
  team_id: 'T0001',
  team_domain: 'acme',
  channel_id: 'C0001',
  channel_name: 'sales',
  user_id: 'U0001',
  user_name: 'alice',
  command: '/deal',
  text: '',
  api_app_id: 'A0001',
  is_enterprise_install: 'false',
  response_url: 'https://hooks.slack.com/commands/T0001/1/abc',
  trigger_id: '1111.2222.abcdef',
};

/**
 * A slash command body, form-encoded as Slack sends it (text arrives already escaped by Slack when
 * the command has `should_escape`: pass it that way, e.g. `'<@U2|bob> 12.5k Acme &amp; Co'`).
 */
export function slashCommandBody(fields: Partial<SlashCommandFields> = {}): string {
  const all: SlashCommandFields = { ...COMMAND_DEFAULTS, ...fields };
  return new URLSearchParams(Object.entries(all)).toString();
}

/** An interaction (block_actions, view_submission, …) body: `payload=<json>`, form-encoded. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

import { FORM_CONTENT_TYPE, signSlackRequest, slashCommandBody } from '../../test/helpers/slack-sign.ts';
import type { LoadRequest } from './load.ts';

/**
 * Slash commands as Slack sends them: form-encoded, signed with the app's secret (v0) at the moment
 * they are built, text escaped the way Slack escapes it. Deterministic in `i`, so two runs send the
 * same mix and can be compared.
 */

export interface SlashTarget {
  /** `http://127.0.0.1:<port>` of the server under test. */
  baseUrl: string;
  signingSecret: string;
  teamId: string;
  /** Where a late answer (respond()) would go: the fake Slack on loopback, never hooks.slack.com. */
  responseUrl: (id: string) => string;
}

export interface SlashCommandSpec {
  command: string;
  text: string;
  userId: string;
  /** Unique per request: Pacer de-duplicates deliveries by trigger_id, as Slack retries reuse it. */
  triggerId: string;
}

export function slashRequest(target: SlashTarget, spec: SlashCommandSpec): LoadRequest {
  const body = slashCommandBody({
    team_id: target.teamId,
    team_domain: 'benchco',
    channel_id: 'CBENCH01',
    channel_name: 'sales',
    user_id: spec.userId,
    user_name: spec.userId.toLowerCase(),
    command: spec.command,
    text: spec.text,
    response_url: target.responseUrl(spec.triggerId),
    trigger_id: spec.triggerId,
  });
  return {
    url: `${target.baseUrl}/slack/events`,
    method: 'POST',
    headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(body, target.signingSecret) },
    body,
  };
}

/** A cheap, well-spread 32-bit hash of the request number (Knuth's multiplicative). */
export function mix(i: number): number {
  return Math.imul(i + 1, 2654435761) >>> 0;
}

const CUSTOMERS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Tyrell', 'Cyberdyne', 'Soylent', 'Vandelay', 'Wonka'];
// Slack sends a typed `&` as `&amp;` (should_escape): the bench sends it that way too.
const SUFFIXES = ['Corp', 'd.o.o.', 'GmbH', 'Ltd', '&amp; Co', 'Inc'];
const PRODUCTS = ['Widgets', 'Gadgets', 'Support plan', 'Licences'];
const REASONS = ['price', 'product', 'delivery', 'service', 'people', 'other'];

/**
 * The text of `/deal` number `i`: mostly won deals with amounts in the forms people type (`12300`,
 * `12,300`, `12.5k`), one in twenty lost with a reason, one in four naming a product.
 */
export function dealText(i: number): string {
  const h = mix(i);
  const customer = `${CUSTOMERS[h % CUSTOMERS.length] ?? 'Acme'} ${SUFFIXES[(h >>> 8) % SUFFIXES.length] ?? 'Corp'} ${(h >>> 12) % 997}`;
  const hundreds = ((h >>> 4) % 950) + 5;
  const forms = [`${hundreds * 100}`, (hundreds * 100).toLocaleString('en-US'), `${hundreds / 10}k`];
  const amount = forms[(h >>> 20) % forms.length] ?? `${hundreds * 100}`;
  const product = (h >>> 24) % 4 === 0 ? ` product: ${PRODUCTS[(h >>> 26) % PRODUCTS.length] ?? 'Widgets'}` : '';
  if (i % 20 === 7) {
    const lostAmount = (h >>> 3) % 2 === 0 ? `${amount} ` : '';
    return `lost ${lostAmount}${customer} reason: ${REASONS[(h >>> 5) % REASONS.length] ?? 'price'}${product}`;
  }
  return `${amount} ${customer}${product}`;
}

/** The `text` of a Slack ack body (`{"response_type":…,"text":…,"blocks":…}`), or '' if it has none. */
export function ackText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return '';
    const text: unknown = Reflect.get(parsed, 'text');
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

/** `D-1000042` from a `/deal` confirmation ("Logged D-1000042: €12,300.00 won from …"), else undefined. */
export function confirmedDealRef(body: string): string | undefined {
  return /^Logged (D-\d+)/.exec(ackText(body))?.[1];
}

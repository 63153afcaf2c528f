import type { ViewOutput, ViewStateValue } from '@slack/bolt';
import { unescapeSlackText } from './escape.ts';
import { ACTION_ID_COPY_SEPARATOR } from './render.ts';

/**
 * Turns slash-command text as Slack sends it (with "Escape channels, users, and links" on, i.e.
 * `should_escape`) into the core's form: raw user text in which only `<@ID>` and `<#ID>` are structured.
 *
 * - `<@U0123ABC|alice>`, `<@U0123ABC>` → `<@U0123ABC>`
 * - `<#C123|sales>`, `<#C123>`         → `<#C123>`
 * - `<!subteam^S1|@team>`              → `@team`;  `<!channel>` → `@channel`; `<!date^…|fallback>` → `fallback`
 * - `<https://x|y>` → `y`;  `<https://x>` → `https://x`
 * - `&amp;` `&lt;` `&gt;`              → `&` `<` `>`
 *
 * Everything is done in one pass over the input, so a `<` the user typed (sent as `&lt;`) is never
 * mistaken for a Slack token, and an entity inside a label is unescaped exactly once.
 *
 * @example normalizeCommandText('<@U0123ABC|alice> 50000 &lt;!channel&gt; Corp') // '<@U0123ABC> 50000 <!channel> Corp'
 */
export function normalizeCommandText(raw: string): string {
  return raw.replace(TOKEN_OR_ENTITY, (match: string, token: string | undefined) =>
    token === undefined ? unescapeSlackText(match) : normalizeToken(token),
  );
}

const TOKEN_OR_ENTITY = /<([^<>]*)>|&(?:amp|lt|gt);/g;
/** Slack ids: users U…/W…, channels C…/G…/D…; upper-case letters and digits. */
const SLACK_ID = /^[A-Z0-9]+$/;

function normalizeToken(token: string): string {
  const bar = token.indexOf('|');
  const target = bar === -1 ? token : token.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeSlackText(token.slice(bar + 1));

  if (target.startsWith('@') && SLACK_ID.test(target.slice(1))) return `<${target}>`;
  if (target.startsWith('#') && SLACK_ID.test(target.slice(1))) return `<${target}>`;
  if (target.startsWith('!')) return label ?? specialMention(target.slice(1));
  // A link (or anything unrecognised): what the user saw is the label, else the target itself.
  return label ?? unescapeSlackText(target);
}

/** `<!here>` → `@here`, `<!subteam^S1>` → `@S1`: plain words, so the core never sees a live broadcast. */
function specialMention(name: string): string {
  const caret = name.indexOf('^');
  return caret === -1 ? `@${name}` : `@${name.slice(caret + 1)}`;
}

/** `view.state.values` of a `view_submission`: block_id → action_id → value. */
export type ViewStateValues = ViewOutput['state']['values'];

/**
 * Reads a modal submission into `field id → value`. The renderer sets each input's `block_id` (and
 * `action_id`) to the neutral field id, so the keys are the form's own field ids. Empty inputs come back
 * as `undefined`. Plain-text input values arrive as typed (Slack does not entity-escape them).
 *
 * @example readViewValues({ amount: { amount: { type: 'plain_text_input', value: '5000' } } }) // { amount: '5000' }
 */
export function readViewValues(state: ViewStateValues): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    // One element per input block in our forms; prefer the one we named after the block.
    const input = actions[blockId] ?? Object.values(actions)[0];
    values[blockId] = input === undefined ? undefined : inputValue(input);
  }
  return values;
}

function inputValue(v: ViewStateValue): string | undefined {
  const value =
    v.value ??
    v.selected_option?.value ??
    v.selected_user ??
    v.selected_conversation ??
    v.selected_channel ??
    v.selected_date ??
    v.selected_time ??
    undefined;
  return value === '' ? undefined : value;
}

/**
 * The neutral action id of a clicked element. The renderer keeps action ids unique within a message
 * by suffixing repeats (`deal.close`, `deal.close#2`, …) — several buttons may share a neutral id and
 * differ only in `value` — so the suffix is removed here before the core sees it.
 */
export function neutralActionId(slackActionId: string): string {
  const at = slackActionId.lastIndexOf(ACTION_ID_COPY_SEPARATOR);
  return at > 0 && /^\d+$/.test(slackActionId.slice(at + ACTION_ID_COPY_SEPARATOR.length))
    ? slackActionId.slice(0, at)
    : slackActionId;
}

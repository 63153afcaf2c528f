/**
 * Slack's escaping rules, in one place so that every renderer path uses the same ones.
 *
 * Slack treats exactly three characters as control characters in mrkdwn text — `&`, `<` and `>` — and
 * its formatting guide says to replace those three with HTML entities and "only three": Slack takes care
 * of the rest (https://api.slack.com/reference/surfaces/formatting#escaping). With them escaped, user
 * text such as `<!channel>`, `<!here>`, `<@U123>`, `<#C1>` or `<https://evil|click>` is shown literally:
 * it notifies no one and links nothing. (A bare `@channel` typed as text is not a mention either; Slack
 * only honours the `<!channel>` form.)
 *
 * Decision — the formatting characters `*`, `_`, `~`, `` ` `` and a leading `>` are NOT neutralised:
 * - Slack does not recommend it: its escaping guidance stops at the three characters above.
 * - mrkdwn has no escape syntax (a backslash is shown, not honoured), so neutralising would mean
 *   inserting invisible characters (zero-width spaces) into names and amounts, which then end up in
 *   whatever the reader copies and pastes, and break search.
 * - The worst a stray `*`, `_` or `~` can do is make part of a line bold/italic/struck; it cannot notify
 *   anyone, link anywhere, or hide text. (`&gt;` at the start of a line still renders as a quote, as it
 *   does for messages people type themselves.)
 */

/**
 * Escapes user or bot text for a Slack mrkdwn text object (or the top-level `text` of a message).
 * Apply exactly once, at render time: `escapeMrkdwn('<!channel> & co')` → `'&lt;!channel&gt; &amp; co'`.
 */
export function escapeMrkdwn(text: string): string {
  // `&` first, so the entities produced for `<` and `>` are not escaped a second time.
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const ENTITY = /&(amp|lt|gt);/g;
const ENTITY_CHAR: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };

/**
 * Turns Slack's inbound entities back into characters: `unescapeSlackText('a &amp;lt; b')` → `'a &lt; b'`.
 * One pass, so text that was escaped once is unescaped exactly once (`&amp;lt;` stays `&lt;`). Other
 * entities are left alone: Slack sends only these three.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(ENTITY, (_match, name: string) => ENTITY_CHAR[name] ?? '');
}

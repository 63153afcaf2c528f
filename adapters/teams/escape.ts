/**
 * Teams' escaping rules for text it parses as markdown, in one place so that every renderer path uses
 * the same ones.
 *
 * Where Teams parses markdown: an Adaptive Card `TextBlock.text`, `Fact.title` and `Fact.value` (Teams,
 * "Format cards in Teams"), and the `text` of a message activity (`textFormat: markdown`, the default).
 * Everything else on a card — button titles, input labels, placeholders, choice titles, error messages,
 * image alt text — is shown as plain text: escaping it would only put visible backslashes in it, so the
 * renderer leaves those alone (as the Slack renderer does with `plain_text`).
 *
 * Technique — CommonMark backslash escapes. Adaptive Cards' markdown is "a subset of CommonMark"
 * (adaptive-cards/authoring-cards/text-features), and CommonMark lets any ASCII punctuation character
 * be escaped with a backslash, which then stands for itself and starts nothing. Teams desktop and web
 * honour them; Teams mobile did not at first (microsoft/AdaptiveCards#5590) and was fixed in the Teams
 * mobile renderers (microsoft/Teams-AdaptiveCards-Mobile#58 for Android, #83 for iOS). On a client that
 * still ignores them the worst case is a visible backslash, which is ugly but inert. Rejected:
 * - HTML entities (`&#42;`): "HTML isn't supported in Adaptive Cards", so clients may show them raw;
 * - zero-width characters between the markers: invisible, they end up in whatever people copy, and they
 *   break search (the same reason the Slack renderer gives).
 *
 * What is escaped:
 * - anywhere: `\` (so a user's own backslash is not taken as an escape), `*` `_` `~` `` ` `` (bold,
 *   italic, strike, code), `[` `]` `(` `)` (links and images), `<` `>` (HTML, autolinks and `<at>…</at>`
 *   mentions), `&` (entity references such as `&lt;at&gt;`), `{` `}` (the `{{DATE(…)}}` / `{{TIME(…)}}`
 *   text functions of Adaptive Cards);
 * - at the start of a line: `#` (headings), `-` `+` `=` (lists, setext underlines), `1.` (ordered
 *   lists: the dot is escaped). `*` and `>` are already escaped everywhere.
 *
 * Mentions: a card mention needs both `<at>name</at>` in the text and an `msteams.entities` entry naming
 * it. The renderer never emits entities for user text, and with `<` and `>` escaped the text no longer
 * even contains the `<at>` form an entity would match. `@everyone` and `@channel` mean nothing in a card
 * (Teams: "channel and team mentions aren't supported in bot messages"), so `@` is left alone.
 *
 * Not neutralised: a bare URL or domain (`https://x.example`) may still be auto-linked by a client, as
 * it would be in a message a person typed. Its link text is then the address itself, so it cannot hide
 * where it goes, unlike `[click](https://evil)`, which is neutralised.
 *
 * Two layout rules belong to showing text as typed, so they live here too:
 * - a line break becomes `\n\n`: Teams renders a single `\n` in a TextBlock as a space outside lists
 *   ("If you require newlines elsewhere in the TextBlock, use \n\n");
 * - leading spaces and tabs become no-break spaces, so an indented line keeps its indent and four of
 *   them can never start a code block.
 */

/** ASCII punctuation that starts markdown, HTML, entities or text functions wherever it appears. */
const INLINE = /[\\`*_~[\]()<>&{}]/g;
/** Line-start markers not covered by INLINE: headings, list bullets, setext underlines. */
const LINE_START = /^[#+=-]/;
/** An ordered-list marker: up to nine digits and a dot (`)` is already escaped by INLINE). */
const ORDERED = /^(\d{1,9})\./;
const LEADING_SPACE = /^[ \t]+/;

/**
 * Escapes user or bot text for a Teams markdown field (TextBlock, Fact, message text), so that it shows
 * literally: it formats nothing, links nothing and mentions no one. Apply exactly once, at render time.
 *
 * @example escapeTeamsText('**Acme** [x](https://evil) <at>Alice</at>')
 * // '\\*\\*Acme\\*\\* \\[x\\]\\(https://evil\\) \\<at\\>Alice\\</at\\>'
 * @example escapeTeamsText('- one\n2. two') // '\\- one\n\n2\\. two'
 */
export function escapeTeamsText(text: string): string {
  return text.split(/\r\n?|\n/).map(escapeLine).join('\n\n');
}

function escapeLine(line: string): string {
  const indent = LEADING_SPACE.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  // Inline escapes first: the line-start rules below add backslashes that must not be escaped again.
  let escaped = rest.replace(INLINE, (ch) => `\\${ch}`);
  if (LINE_START.test(escaped)) escaped = `\\${escaped}`;
  else escaped = escaped.replace(ORDERED, '$1\\.');
  return '\u00A0'.repeat(indent.length) + escaped;
}

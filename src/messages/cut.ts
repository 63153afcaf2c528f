/**
 * Cuts text to at most `max` UTF-16 units (what Slack and Teams count, at worst), ending in `…`,
 * never in the middle of a character. Renderers cut raw text before escaping it.
 *
 *   cutText('Acme Corporation', 8) === 'Acme Co…'
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

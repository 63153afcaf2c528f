import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

/**
 * The official Adaptive Cards parser (loaded from its dist build, which validates in Node without a
 * DOM), as the judge of every card Pacer sends to Teams: unit tests of the renderer and every card
 * the fake Bot Connector receives in the end-to-end tests.
 */
const ac = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/**
 * Everything the Adaptive Cards parser objects to in a card, read as schema 1.5: parse events (unknown
 * types, invalid enum values), validation events (inputs without ids, labels or error messages,
 * duplicate ids), and any property it did not keep when serialising the card back, since a property
 * it drops is one it does not know. Dropped properties that are not errors: `msteams` (Teams' own
 * extension, outside the schema), empty strings, and values equal to the schema's default.
 */
export function cardProblems(card: unknown): string[] {
  const parsed = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  const back: unknown = parsed.toJSON(new ac.SerializationContext(ac.Versions.v1_5));
  problems.push(...droppedProperties(card, back, ''));
  return problems;
}

const DEFAULT_VALUES: Readonly<Record<string, unknown>> = { firstRowAsHeaders: true, isRequired: false, style: 'compact' };

function droppedProperties(sent: unknown, kept: unknown, path: string): string[] {
  if (typeof sent !== 'object' || sent === null) return sent === kept ? [] : [`changed: ${path} ${JSON.stringify(sent)} → ${JSON.stringify(kept)}`];
  if (Array.isArray(sent)) {
    if (!Array.isArray(kept) || kept.length !== sent.length) return [`dropped: ${path} kept ${Array.isArray(kept) ? kept.length : 0} of ${sent.length}`];
    return sent.flatMap((item: unknown, i) => droppedProperties(item, kept[i], `${path}.${i}`));
  }
  if (typeof kept !== 'object' || kept === null) return [`dropped: ${path}`];
  const out: string[] = [];
  for (const [key, value] of Object.entries(sent)) {
    const there: unknown = (kept as Record<string, unknown>)[key];
    if (there === undefined) {
      if (key === 'msteams' && path === '') continue;
      if (isEmpty(value) || DEFAULT_VALUES[key] === value) continue;
      out.push(`dropped: ${path}.${key}`);
      continue;
    }
    out.push(...droppedProperties(value, there, `${path}.${key}`));
  }
  return out;
}

/** The serialiser leaves out empty strings and empty lists; sending them is not an error. */
const isEmpty = (value: unknown): boolean => value === '' || (Array.isArray(value) && value.length === 0);


import type { CardElement, IAdaptiveCard, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import { cutText } from '../../src/messages/cut.ts';
import { escapeTeamsText } from './escape.ts';

/**
 * Limits the Teams renderer keeps. Teams rejects a whole message that is too big, so the renderer cuts
 * instead of trusting the content to be short.
 */
export const TEAMS_LIMITS = {
  /**
   * A whole message with a card. Teams has documented 28 KB (incoming webhooks and older bot docs),
   * 40 KB and now 100 KB for bot messages, counted "encoded as UTF-16"; 28 KB, counted by `payloadBytes`
   * (the larger of UTF-8 and UTF-16), is within every one of them.
   */
  messageBytes: 28 * 1024,
  /** The card, leaving room in the message for the fallback text and the activity around them. */
  cardBytes: 24 * 1024,
  /** The activity's `text` (the escaped fallback text), as a JSON string. */
  fallbackTextBytes: 3 * 1024,
  /** Text of one TextBlock or fact value; longer text is split at line ends into several. */
  textChars: 2000,
  /** Titles, fact titles, table cells, button titles, input labels and choices. */
  shortTextChars: 200,
  /** Facts per FactSet: a long list becomes several, so the size budget can drop whole groups. */
  factsPerSet: 10,
  /**
   * Buttons per ActionSet: the Adaptive Cards default host config allows 5 (`maxActions`) and the
   * validator reports more; several sets keep every button visible.
   */
  actionsPerSet: 5,
} as const;

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * An Adaptive Card 1.5 as Teams gets it. `msteams.width` is `Full` as the Teams docs write it
 * ("Full width Adaptive Card"); the SDK's own type spells it `full`, hence the override.
 */
export type AdaptiveCard = Omit<IAdaptiveCard, 'msteams' | 'version' | '$schema'> & {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  version: '1.5';
  msteams: { width: 'Full' };
};

/**
 * What an `Action.Submit` button sends. No `msteams` property: a plain object `data` already reaches
 * the bot as a `message` activity whose `value` is this object (merged with any input values) and whose
 * `text` is empty, and nothing is echoed into the chat. `messageBack`/`imBack` would only add chat text.
 */
export interface ActionSubmitData {
  action: string;
  value?: string;
}

/** What a form's submit button sends; Teams merges the inputs' values in, keyed by input id. */
export interface FormSubmitData {
  form: string;
  state?: string;
}

/** Keys of our own submit data. Input values share the object with them, so no field may use one. */
export const RESERVED_SUBMIT_KEYS: readonly string[] = ['action', 'value', 'form', 'state', 'msteams'];

/**
 * Bytes of a payload as Teams may count it: the larger of its UTF-8 and UTF-16 sizes as JSON. Teams
 * documents its limit "encoded as UTF-16" in one place and leaves it unsaid elsewhere.
 */
export function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return Math.max(Buffer.byteLength(json, 'utf8'), json.length * 2);
}

/** An Adaptive Card 1.5 around a body (and actions), as every Teams card Pacer sends starts. */
export function card(body: CardElement[], actions?: ISubmitAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...(actions !== undefined && { actions }),
  };
}

/** A card's heading: bold, medium, announced as a heading by screen readers. */
export function heading(text: string): ITextBlock {
  return {
    type: 'TextBlock',
    text: escapeTeamsText(cut(text.trim(), TEAMS_LIMITS.shortTextChars)),
    size: 'Medium',
    weight: 'Bolder',
    wrap: true,
    // Announced as a heading by screen readers (TextBlock style, Adaptive Cards 1.5).
    style: 'heading',
  };
}

/** Plain-text properties (not parsed by Teams): trimmed and cut, never escaped; never empty. */
export function plain(text: string): string {
  return cut(text.trim(), TEAMS_LIMITS.shortTextChars) || '…';
}

/** Cuts raw text to `max` UTF-16 units ending in `…` (before escaping). */
export const cut = cutText;


/**
 * The neutral message model: what the core says, with no platform's words in it. Each platform has
 * one renderer (adapters/<platform>/render.ts); `fallbackText` in ./fallback.ts is shared by all.
 * Text in blocks is the user's or ours, never pre-escaped: renderers escape it exactly once.
 */
export type Tone = 'plain' | 'strong' | 'muted';

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'fields'; fields: Field[] }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'divider' }
  | { type: 'image'; url: string; alt: string }
  /** Table-like rows (a leaderboard): each row is a list of cells; `columns` names them. */
  | { type: 'rows'; columns: string[]; rows: string[][] }
  | { type: 'context'; text: string };

export interface Field {
  label: string;
  value: string;
}

export interface Button {
  actionId: string;
  label: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface Message {
  /** Shown as a header on rich platforms and the first line of fallback text. */
  title?: string;
  blocks: Block[];
  /** `private`: only the caller sees it (Slack ephemeral). Default private. */
  visibility?: 'private' | 'public';
}

/** A form (Slack modal, Teams Adaptive Card) that a command opens when given no text. */
export interface Form {
  /** Stable id that comes back on submit; the registry routes it to the command that opened it. */
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque state the platform carries through to the submit (e.g. the channel the command came from). */
  state?: string;
}

export type FormField =
  | { kind: 'text'; id: string; label: string; placeholder?: string; optional?: boolean; multiline?: boolean; maxLength?: number; initial?: string }
  | { kind: 'select'; id: string; label: string; options: { value: string; label: string }[]; optional?: boolean; initial?: string }
  | { kind: 'user'; id: string; label: string; optional?: boolean };

import type { Role } from './command.ts';
import type { Translate } from '../i18n/locale.ts';

/**
 * Expected failures are values, not exceptions: each names an i18n key (with params) that says what
 * was wrong, and usually an example of the correct form, so the reply can help the user fix it.
 *
 *   err(usage('deals.error.amount', { input: 'abc' }, '/deal 12500 Acme Corp'))
 */
export interface Problem {
  kind: 'usage' | 'not_found' | 'forbidden' | 'conflict' | 'invalid';
  /** i18n key of the sentence that says what was wrong. */
  key: string;
  params?: Record<string, string | number>;
  /** A correct example the user can copy (never translated: commands are the same in every language). */
  example?: string;
  /** The form field it concerns, when it came from a form. */
  field?: string;
}

export const usage = (key: string, params?: Problem['params'], example?: string): Problem => ({
  kind: 'usage',
  key,
  ...(params && { params }),
  ...(example && { example }),
});

/** Words left over after a command's arguments: named back (cut short), with an example to copy. */
export const extraWords = (text: string, example: string): Problem => usage('pacer.error.extra_words', { text: text.slice(0, 40) }, example);

export const problem = (
  kind: Problem['kind'],
  key: string,
  params?: Problem['params'],
  example?: string,
): Problem => ({ kind, key, ...(params && { params }), ...(example && { example }) });

/** The person's role is below what the command needs: named in their language (`Only managers can do that.`). */
export const forbidden = (needed: Role, t: Translate): Problem => problem('forbidden', 'common.error.forbidden', { role: t(`common.roles.${needed}`) });

/** Codes of faults: things that went wrong that the user could not have prevented. */
/** `gone`: the conversation or person can no longer be reached (removed, left, blocked the bot): a retry will not help. */
export type FaultCode = 'database' | 'platform' | 'rate_limited' | 'gone' | 'config' | 'internal';

/** A fault with a code and its cause, wrapped at a boundary and handled by one global handler. */
export class PacerFault extends Error {
  readonly code: FaultCode;
  /** For `rate_limited`: how long the platform asked us to wait (its `Retry-After`), if it said. */
  readonly retryAfterMs?: number;
  constructor(code: FaultCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.name = 'PacerFault';
    this.code = code;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

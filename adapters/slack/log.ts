import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Slack tokens have a fixed shape (`xoxb-…`, `xoxp-…`, `xoxe-…`, `xapp-…`). Bolt and the Web API
 * client redact the `token`/`Authorization` keys they log themselves, but an error message from a
 * dependency or from our own code could still echo one, so every line this adapter writes passes
 * through this net as well.
 */
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/** `redactSlackTokens('bad token xoxb-1-2-abc')` → `'bad token [redacted]'`. */
export function redactSlackTokens(text: string): string {
  return text.replace(SLACK_TOKEN, '[redacted]');
}

/** What we log about an error: no raw object (it may carry request options), only safe, redacted text. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  /** Slack's error code from a Web API answer (`invalid_auth`, `expired_trigger_id`, …). */
  slackError?: string;
  stack?: string;
  cause?: LoggedError;
}

export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactSlackTokens(String(error)) };
  const logged: LoggedError = { type: error.name, message: redactSlackTokens(error.message) };
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string') logged.code = code;
  const data: unknown = Reflect.get(error, 'data');
  if (typeof data === 'object' && data !== null) {
    const slackError: unknown = Reflect.get(data, 'error');
    if (typeof slackError === 'string') logged.slackError = slackError;
  }
  if (error.stack !== undefined) logged.stack = redactSlackTokens(error.stack);
  // One level of cause is enough to see what a wrapper wrapped; deeper chains only repeat it.
  if (error.cause !== undefined && depth < 1) logged.cause = errorForLog(error.cause, depth + 1);
  return logged;
}

/**
 * Bolt (and the WebClient it creates) log through this adapter into the app's pino logger, so Bolt's
 * lines are structured, share the app's level and destination, and pass through the token net.
 * The level stays the app's: Bolt's setLevel is ignored (it is only called when Bolt is given a
 * logLevel, which we never do).
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]): void => {
    if (!log.isLevelEnabled(level)) return;
    const errors = parts.filter((p): p is Error => p instanceof Error);
    const text = redactSlackTokens(parts.map((p) => (p instanceof Error ? p.message : describe(p))).join(' '));
    const firstError = errors[0];
    if (firstError === undefined) log[level](text);
    else log[level]({ error: errorForLog(firstError) }, text);
  };
  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel: () => undefined,
    getLevel: () => boltLevel(log.level),
    setName: () => undefined,
  };
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

function boltLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

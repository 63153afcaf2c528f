import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets never reach a log line: these paths are censored wherever they appear in a logged object,
 * and no code logs a whole config or request. (pino's `redact` works on paths, hence the list.)
 */
const SECRET_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken',
  'signingSecret', '*.signingSecret', 'clientSecret', '*.clientSecret', 'secret', '*.secret',
  'password', '*.password', 'headers.authorization', '*.headers.authorization',
  'headers["x-slack-signature"]', '*.headers["x-slack-signature"]',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const settings = { level: options.level ?? 'info', redact: { paths: SECRET_PATHS, censor: '[redacted]' } };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

import { z } from 'zod';

/** How Pacer runs: serving Slack over HTTP, or the local terminal chat for trying it. */
export type Config =
  | { mode: 'local'; common: CommonConfig }
  | { mode: 'server'; common: CommonConfig; slack: SlackConfig };

export interface CommonConfig {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  production: boolean;
}

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl?: string;
}

/** Thrown when the environment cannot start Pacer; the message names every variable to fix. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Pacer cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const common = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  PACER_DATA_DIR: z.string().min(1).default('./.pacer'),
  LOG_LEVEL: z.enum(LEVELS).default('info'),
  NODE_ENV: z.string().optional(),
  PACER_MODE: z.enum(['local', 'server']).optional(),
  SLACK_API_URL: z.url().optional(),
});

const SLACK_VARIABLES = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;

/**
 * Reads and checks the environment once, at boot. The local terminal chat starts only when asked
 * for (PACER_MODE=local) or when no platform variable is set at all outside production: it serves
 * no HTTP endpoint, so there is nothing to authenticate. Once a single Slack variable is present,
 * every required one must be present and non-empty, or the boot fails naming it.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  // An empty value counts as unset for optional settings, so `PORT=` in a .env file means the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = common.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  const commonConfig: CommonConfig = {
    port: c.PORT,
    dataDir: c.PACER_DATA_DIR,
    logLevel: c.LOG_LEVEL,
    production,
    ...(c.DATABASE_URL && { databaseUrl: c.DATABASE_URL }),
  };
  const anySlack = SLACK_VARIABLES.some((name) => env[name] !== undefined);
  const local = c.PACER_MODE === 'local' || (c.PACER_MODE === undefined && !anySlack && !production);
  if (local) {
    if (production) throw new ConfigError(['PACER_MODE=local is for trying Pacer on one machine and is refused when NODE_ENV=production']);
    return { mode: 'local', common: commonConfig };
  }
  for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] as const) {
    if (!env[name]?.trim()) problems.push(`${name} is ${env[name] === undefined ? 'missing' : 'empty'}: copy it from your Slack app's settings`);
  }
  if (env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_BOT_TOKEN.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  if (env.SLACK_APP_TOKEN !== undefined && !env.SLACK_APP_TOKEN.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token (xapp-…) or unset');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: 'server',
    common: commonConfig,
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET?.trim() ?? '',
      botToken: env.SLACK_BOT_TOKEN?.trim() ?? '',
      ...(env.SLACK_APP_TOKEN && { appToken: env.SLACK_APP_TOKEN }),
      ...(c.SLACK_API_URL && { apiUrl: c.SLACK_API_URL }),
    },
  };
}

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fileLinkKey } from './domain/csv/export/export-files.ts';

/** How Pacer runs: serving Slack and/or Teams over HTTP, or the local terminal chat for trying it. */
export type Config =
  | { mode: 'local'; common: CommonConfig }
  | { mode: 'server'; common: CommonConfig; slack?: SlackConfig; teams?: TeamsConfig; files?: FileLinksConfig };

export interface CommonConfig {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  production: boolean;
  /** What this process runs: the HTTP server, the job workers, or both (the default). */
  role: ProcessRole;
  queue: QueueConfig;
}

export type ProcessRole = 'web' | 'worker' | 'all';

/**
 * Where the job queue lives. `redis`: BullMQ on Redis (production). `postgres`: BullMQ's PostgreSQL
 * backend on DATABASE_URL, or on the embedded PGlite when there is none (trying Pacer).
 */
export type QueueConfig =
  | { backend: 'redis'; redisUrl: string; prefix: string; concurrency: number }
  | { backend: 'postgres'; prefix: string; concurrency: number };

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl?: string;
}

export interface TeamsConfig {
  /** The bot's Microsoft app (client) id. Without it the Teams endpoint answers 401 to everything. */
  clientId?: string;
  clientSecret?: string;
  /** The app registration's tenant (single-tenant bots). */
  tenantId?: string;
  /** Accept unsigned requests on /api/messages: local testing only, refused in production. */
  allowUnauthenticated: boolean;
}

/**
 * Exports as download links served by Pacer (`GET /files/<id>?exp=…&sig=…`): how Teams users get
 * their CSV files, since a Teams bot cannot attach one to a chat. Present whenever Teams is served.
 */
export interface FileLinksConfig {
  /** The key links are signed with: derived (HKDF) from PACER_FILE_SECRET, else from TEAMS_CLIENT_SECRET. */
  secret: Buffer;
  /** PACER_PUBLIC_URL: Pacer's address as browsers reach it. Unset (never in production): the address it listens on. */
  publicUrl?: string;
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
  PACER_ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only').default('pacer'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  PACER_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  PACER_FILE_SECRET: z.string().trim().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
});

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The queue backend: as asked (QUEUE_BACKEND); else Redis when REDIS_URL is set; else the database's
 * own (PostgreSQL backend) when Pacer runs embedded; else Redis on its default address.
 */
function queueConfig(c: z.infer<typeof common>): QueueConfig {
  const backend = c.QUEUE_BACKEND ?? (c.REDIS_URL ? 'redis' : c.DATABASE_URL ? 'redis' : 'postgres');
  const shared = { prefix: c.QUEUE_PREFIX, concurrency: c.WORKER_CONCURRENCY };
  return backend === 'redis' ? { backend, redisUrl: c.REDIS_URL ?? DEFAULT_REDIS_URL, ...shared } : { backend, ...shared };
}

const SLACK_VARIABLES = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;
const TEAMS_VARIABLES = ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID', 'TEAMS_ALLOW_UNAUTHENTICATED'] as const;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/**
 * Reads and checks the environment once, at boot. The local terminal chat starts only when asked
 * for (PACER_MODE=local) or when no platform variable is set at all outside production: it serves
 * no HTTP endpoint, so there is nothing to authenticate. Once a single Slack variable is present,
 * every required one must be present and non-empty, or the boot fails naming it. The same holds for
 * Teams (`TEAMS_*`); either platform alone, or both, is a valid server. A Teams client id is never
 * accepted without its secret (the SDK would try a managed identity), and unauthenticated Teams
 * requests (`TEAMS_ALLOW_UNAUTHENTICATED=true`) are refused in production.
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
    role: c.PACER_ROLE,
    queue: queueConfig(c),
    ...(c.DATABASE_URL && { databaseUrl: c.DATABASE_URL }),
  };
  // The embedded database lives inside one process: a web and a worker process apart cannot share it.
  if (c.PACER_ROLE !== 'all' && !c.DATABASE_URL) {
    problems.push(`PACER_ROLE=${c.PACER_ROLE} runs the web and the workers in separate processes, which must share a database: set DATABASE_URL (the embedded database serves one process)`);
  }
  const anySlack = SLACK_VARIABLES.some((name) => env[name] !== undefined);
  const anyTeams = TEAMS_VARIABLES.some((name) => env[name] !== undefined);
  const local = c.PACER_MODE === 'local' || (c.PACER_MODE === undefined && !anySlack && !anyTeams && !production);
  if (local) {
    if (problems.length > 0) throw new ConfigError(problems);
    if (production) throw new ConfigError(['PACER_MODE=local is for trying Pacer on one machine and is refused when NODE_ENV=production']);
    return { mode: 'local', common: commonConfig };
  }
  // With neither platform asked for (production, or PACER_MODE=server), Slack's variables are named.
  const wantSlack = anySlack || !anyTeams;
  if (wantSlack) {
    for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] as const) {
      if (!env[name]?.trim()) problems.push(`${name} is ${env[name] === undefined ? 'missing' : 'empty'}: copy it from your Slack app's settings${anyTeams ? '' : ' (or configure Teams: TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET)'}`);
    }
    if (env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_BOT_TOKEN.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
    if (env.SLACK_APP_TOKEN !== undefined && !env.SLACK_APP_TOKEN.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token (xapp-…) or unset');
  }
  const teams = anyTeams ? readTeams(env, production, problems) : undefined;
  const files = teams ? readFileLinks(c, teams, production, problems) : undefined;
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: 'server',
    common: commonConfig,
    ...(wantSlack && {
      slack: {
        signingSecret: env.SLACK_SIGNING_SECRET?.trim() ?? '',
        botToken: env.SLACK_BOT_TOKEN?.trim() ?? '',
        ...(env.SLACK_APP_TOKEN && { appToken: env.SLACK_APP_TOKEN }),
        ...(c.SLACK_API_URL && { apiUrl: c.SLACK_API_URL }),
      },
    }),
    ...(teams && { teams }),
    ...(files && { files }),
  };
}

/**
 * Teams users get exports as links to Pacer, so Pacer must know its public address (in production,
 * and in a worker process, which makes links without serving) and a secret to sign them with that
 * every process shares: PACER_FILE_SECRET, or else the Teams client secret, never used as it is
 * (an HKDF-derived key signs the links). Only unauthenticated local testing in one process, which
 * has neither, signs with a random key of its own.
 */
function readFileLinks(c: z.infer<typeof common>, teams: TeamsConfig, production: boolean, problems: string[]): FileLinksConfig | undefined {
  const publicUrl = c.PACER_PUBLIC_URL?.replace(/\/+$/, '');
  if (publicUrl === undefined && (production || c.PACER_ROLE === 'worker')) {
    problems.push(`PACER_PUBLIC_URL is missing: Teams users get CSV exports as download links to Pacer, at this address (https://pacer.example.com)${production ? '' : ' (a worker process makes them without serving)'}`);
  }
  if (publicUrl !== undefined && production && !publicUrl.startsWith('https://')) {
    problems.push('PACER_PUBLIC_URL must be an https:// URL when NODE_ENV=production: download links carry their signature');
  }
  const material = c.PACER_FILE_SECRET ?? teams.clientSecret;
  if (material !== undefined) return { secret: fileLinkKey(material), ...(publicUrl !== undefined && { publicUrl }) };
  // A client id without its secret is refused already (readTeams); what is left is unauthenticated
  // local testing, which production refuses. One process there signs with a key of its own (links
  // die with it); processes apart must share one.
  if (teams.clientId !== undefined) return undefined;
  if (c.PACER_ROLE !== 'all') {
    problems.push(`PACER_FILE_SECRET is missing: with PACER_ROLE=${c.PACER_ROLE}, the worker that signs Teams download links and the web process that checks them must share it (at least 32 characters)`);
    return undefined;
  }
  return { secret: randomBytes(32), ...(publicUrl !== undefined && { publicUrl }) };
}

function readTeams(env: Record<string, string | undefined>, production: boolean, problems: string[]): TeamsConfig {
  const clientId = env.TEAMS_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.TEAMS_CLIENT_SECRET?.trim() ?? '';
  const tenantId = env.TEAMS_TENANT_ID?.trim() ?? '';
  const flag = env.TEAMS_ALLOW_UNAUTHENTICATED?.trim().toLowerCase() ?? '';
  if (!TRUE.has(flag) && !FALSE.has(flag)) problems.push('TEAMS_ALLOW_UNAUTHENTICATED must be true or false');
  const allowUnauthenticated = TRUE.has(flag);
  if (allowUnauthenticated && production) {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED=true accepts unsigned requests (local testing only) and is refused when NODE_ENV=production');
  }
  if (clientId !== '' && clientSecret === '') {
    problems.push(`TEAMS_CLIENT_SECRET is ${env.TEAMS_CLIENT_SECRET === undefined ? 'missing' : 'empty'}: a Teams client id is never used without its secret`);
  }
  if (clientId === '' && (clientSecret !== '' || tenantId !== '')) {
    problems.push(`TEAMS_CLIENT_ID is ${env.TEAMS_CLIENT_ID === undefined ? 'missing' : 'empty'}: copy the bot's app id from its Azure Bot resource`);
  }
  if (clientId === '' && !allowUnauthenticated && production) {
    problems.push('TEAMS_CLIENT_ID is missing: without it the Teams endpoint would refuse every request');
  }
  return {
    ...(clientId && { clientId }),
    ...(clientSecret && { clientSecret }),
    ...(tenantId && { tenantId }),
    allowUnauthenticated,
  };
}

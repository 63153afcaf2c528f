import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const SLACK = { SLACK_SIGNING_SECRET: 'shh', SLACK_BOT_TOKEN: 'xoxb-1-2' };

const problemsOf = (env: Record<string, string | undefined>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

describe('loadConfig', () => {
  it('runs the local chat when no platform is configured outside production', () => {
    expect(loadConfig({})).toMatchObject({ mode: 'local', common: { port: 3000, dataDir: './.pacer' } });
  });

  it('refuses to start in production without Slack credentials, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toContain('SLACK_SIGNING_SECRET is missing');
    expect(problems.join('\n')).toContain('SLACK_BOT_TOKEN is missing');
  });

  it('refuses local mode in production even when asked for', () => {
    expect(problemsOf({ NODE_ENV: 'production', PACER_MODE: 'local' }).join()).toContain('refused when NODE_ENV=production');
  });

  it('treats any Slack variable as asking for Slack, and refuses empty or missing secrets', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET is missing')]);
    expect(problemsOf({ ...SLACK, SLACK_SIGNING_SECRET: '' })).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET is empty')]);
    expect(problemsOf({ ...SLACK, SLACK_SIGNING_SECRET: '   ' })).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET is empty')]);
  });

  it('checks token shapes, ports and URLs', () => {
    expect(problemsOf({ ...SLACK, SLACK_BOT_TOKEN: 'xoxp-user' }).join()).toContain('must be a bot token');
    expect(problemsOf({ ...SLACK, PORT: 'eighty' }).join()).toContain('PORT');
    expect(problemsOf({ ...SLACK, DATABASE_URL: 'mysql://x' }).join()).toContain('DATABASE_URL');
  });

  it('reads a complete Slack configuration', () => {
    const config = loadConfig({ ...SLACK, PORT: '8080', DATABASE_URL: 'postgres://db/pacer', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config).toEqual({
      mode: 'server',
      common: {
        port: 8080, databaseUrl: 'postgres://db/pacer', dataDir: './.pacer', logLevel: 'info', production: false, role: 'all',
        queue: { backend: 'redis', redisUrl: 'redis://127.0.0.1:6379', prefix: 'pacer', concurrency: 8 },
      },
      slack: { signingSecret: 'shh', botToken: 'xoxb-1-2', apiUrl: 'http://127.0.0.1:9/api/' },
    });
  });

  describe('the job queue and process roles', () => {
    const queueOf = (env: Record<string, string>) => loadConfig({ ...SLACK, ...env }).common.queue;

    it('uses the database\'s own PostgreSQL backend when embedded, Redis when a database server is configured', () => {
      expect(queueOf({})).toEqual({ backend: 'postgres', prefix: 'pacer', concurrency: 8 });
      expect(queueOf({ DATABASE_URL: 'postgres://db/pacer' })).toEqual({ backend: 'redis', redisUrl: 'redis://127.0.0.1:6379', prefix: 'pacer', concurrency: 8 });
      expect(queueOf({ REDIS_URL: 'redis://cache:6380/2' })).toMatchObject({ backend: 'redis', redisUrl: 'redis://cache:6380/2' });
    });

    it('lets a small team run on PostgreSQL alone, and tunes prefix and concurrency', () => {
      expect(queueOf({ DATABASE_URL: 'postgres://db/pacer', QUEUE_BACKEND: 'postgres', QUEUE_PREFIX: 'acme', WORKER_CONCURRENCY: '3' }))
        .toEqual({ backend: 'postgres', prefix: 'acme', concurrency: 3 });
    });

    it('refuses a bad queue setting, naming it', () => {
      expect(problemsOf({ ...SLACK, QUEUE_BACKEND: 'kafka' }).join()).toContain('QUEUE_BACKEND');
      expect(problemsOf({ ...SLACK, REDIS_URL: 'http://cache' }).join()).toContain('REDIS_URL');
      expect(problemsOf({ ...SLACK, WORKER_CONCURRENCY: '0' }).join()).toContain('WORKER_CONCURRENCY');
      expect(problemsOf({ ...SLACK, QUEUE_PREFIX: 'a:b' }).join()).toContain('QUEUE_PREFIX');
    });

    it('runs web and workers together by default, apart when asked, and refuses apart on the embedded database', () => {
      expect(loadConfig({ ...SLACK }).common.role).toBe('all');
      expect(loadConfig({ ...SLACK, DATABASE_URL: 'postgres://db/pacer', PACER_ROLE: 'worker' }).common.role).toBe('worker');
      expect(problemsOf({ ...SLACK, PACER_ROLE: 'web' })).toEqual([expect.stringContaining('PACER_ROLE=web runs the web and the workers in separate processes')]);
      expect(problemsOf({ PACER_ROLE: 'worker' })).toEqual([expect.stringContaining('set DATABASE_URL')]);
      expect(problemsOf({ ...SLACK, PACER_ROLE: 'both' }).join()).toContain('PACER_ROLE');
    });
  });

  describe('Teams', () => {
    const TEAMS = { TEAMS_CLIENT_ID: 'app-id', TEAMS_CLIENT_SECRET: 'app-secret' };

    it('serves Teams alone, without Slack', () => {
      expect(loadConfig({ ...TEAMS, TEAMS_TENANT_ID: 'tenant-1', NODE_ENV: 'production', PACER_PUBLIC_URL: 'https://pacer.example.com/' })).toEqual({
        mode: 'server',
        common: { port: 3000, dataDir: './.pacer', logLevel: 'info', production: true, role: 'all', queue: { backend: 'postgres', prefix: 'pacer', concurrency: 8 } },
        teams: { clientId: 'app-id', clientSecret: 'app-secret', tenantId: 'tenant-1', allowUnauthenticated: false },
        files: { secret: expect.any(Buffer), publicUrl: 'https://pacer.example.com' },
      });
    });

    describe('download links for exports', () => {
      const PRODUCTION = { ...TEAMS, NODE_ENV: 'production', PACER_PUBLIC_URL: 'https://pacer.example.com' };
      const secretOf = (env: Record<string, string>): Buffer => {
        const config = loadConfig(env);
        if (config.mode !== 'server' || !config.files) throw new Error('expected file links');
        return config.files.secret;
      };

      it('needs Pacer\'s public https address in production, and in a worker process', () => {
        expect(problemsOf({ ...TEAMS, NODE_ENV: 'production' })).toEqual([expect.stringContaining('PACER_PUBLIC_URL is missing')]);
        expect(problemsOf({ ...PRODUCTION, PACER_PUBLIC_URL: 'http://pacer.example.com' })).toEqual([expect.stringContaining('must be an https:// URL')]);
        expect(problemsOf({ ...PRODUCTION, PACER_PUBLIC_URL: 'ftp://pacer.example.com' })).toEqual([expect.stringContaining('PACER_PUBLIC_URL: must be an http(s):// URL')]);
        expect(problemsOf({ ...TEAMS, PACER_ROLE: 'worker', DATABASE_URL: 'postgres://db/pacer' })).toEqual([expect.stringContaining('PACER_PUBLIC_URL is missing')]);
        // Outside production one process links to the address it listens on.
        expect(loadConfig(TEAMS)).toMatchObject({ files: { secret: expect.any(Buffer) } });
        expect(loadConfig(TEAMS)).not.toHaveProperty('files.publicUrl');
      });

      it('signs with a key derived from PACER_FILE_SECRET, else from the Teams client secret, never the secret itself', () => {
        const own = secretOf({ ...PRODUCTION, PACER_FILE_SECRET: 'f'.repeat(32) });
        const derived = secretOf(PRODUCTION);
        expect(own).toHaveLength(32);
        expect(derived).toHaveLength(32);
        expect(own.equals(derived)).toBe(false);
        // Every process of one Pacer derives the same key from the same environment.
        expect(secretOf(PRODUCTION).equals(derived)).toBe(true);
        expect(derived.includes(Buffer.from('app-secret'))).toBe(false);
        expect(problemsOf({ ...PRODUCTION, PACER_FILE_SECRET: 'short' })).toEqual([expect.stringContaining('PACER_FILE_SECRET: must be at least 32 characters')]);
      });

      it('without any secret (unauthenticated local testing), signs in one process with a key of its own and refuses processes apart', () => {
        const unsigned = { TEAMS_ALLOW_UNAUTHENTICATED: 'true' };
        expect(secretOf(unsigned).equals(secretOf(unsigned))).toBe(false);
        expect(problemsOf({ ...unsigned, PACER_ROLE: 'web', DATABASE_URL: 'postgres://db/pacer' })).toEqual([expect.stringContaining('PACER_FILE_SECRET is missing')]);
        expect(loadConfig({ ...unsigned, PACER_ROLE: 'web', DATABASE_URL: 'postgres://db/pacer', PACER_FILE_SECRET: 'f'.repeat(32) })).toMatchObject({ files: { secret: expect.any(Buffer) } });
      });

      it('is not configured for Slack alone', () => {
        expect(loadConfig(SLACK)).not.toHaveProperty('files');
      });
    });

    it('serves Slack and Teams together', () => {
      const config = loadConfig({ ...SLACK, ...TEAMS });
      expect(config).toMatchObject({ mode: 'server', slack: { signingSecret: 'shh' }, teams: { clientId: 'app-id' } });
    });

    it('never takes a client id without its secret, nor a secret or tenant without the id', () => {
      expect(problemsOf({ TEAMS_CLIENT_ID: 'app-id' })).toEqual([expect.stringContaining('TEAMS_CLIENT_SECRET is missing')]);
      expect(problemsOf({ TEAMS_CLIENT_ID: 'app-id', TEAMS_CLIENT_SECRET: ' ' })).toEqual([expect.stringContaining('TEAMS_CLIENT_SECRET is empty')]);
      expect(problemsOf({ TEAMS_CLIENT_SECRET: 'app-secret' })).toEqual([expect.stringContaining('TEAMS_CLIENT_ID is missing')]);
      expect(problemsOf({ TEAMS_TENANT_ID: 'tenant-1' })).toEqual([expect.stringContaining('TEAMS_CLIENT_ID is missing')]);
    });

    it('allows unauthenticated Teams requests only outside production, and only when asked plainly', () => {
      expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' })).toMatchObject({ mode: 'server', teams: { allowUnauthenticated: true } });
      expect(problemsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' }).join()).toContain('refused when NODE_ENV=production');
      expect(problemsOf({ ...TEAMS, TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' }).join()).toContain('TEAMS_ALLOW_UNAUTHENTICATED');
      expect(problemsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'maybe' }).join()).toContain('must be true or false');
      expect(loadConfig({ ...TEAMS, TEAMS_ALLOW_UNAUTHENTICATED: 'false' })).toMatchObject({ teams: { allowUnauthenticated: false } });
    });

    it('names Teams as the alternative when production has no platform at all', () => {
      expect(problemsOf({ NODE_ENV: 'production' }).join()).toContain('TEAMS_CLIENT_ID');
    });
  });
});

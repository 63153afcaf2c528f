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
      common: { port: 8080, databaseUrl: 'postgres://db/pacer', dataDir: './.pacer', logLevel: 'info', production: false },
      slack: { signingSecret: 'shh', botToken: 'xoxb-1-2', apiUrl: 'http://127.0.0.1:9/api/' },
    });
  });
});

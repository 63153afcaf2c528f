/**
 * The Slack app manifest must declare every command the adapter serves, each with should_escape on:
 * with it, Slack sends mentions as `<@U123|name>` (ids the core can use) instead of plain `@name`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slackCommandNames } from '../../adapters/slack/commands.ts';

interface SlashCommandEntry {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}

function readManifest(): unknown {
  return JSON.parse(readFileSync(new URL('../../manifest/slack/manifest.json', import.meta.url), 'utf8'));
}

function slashCommands(manifest: unknown): SlashCommandEntry[] {
  const features: unknown = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'features') : undefined;
  const list: unknown = typeof features === 'object' && features !== null ? Reflect.get(features, 'slash_commands') : undefined;
  if (!Array.isArray(list)) throw new Error('manifest has no features.slash_commands');
  return list.map((entry: unknown): SlashCommandEntry => {
    if (typeof entry !== 'object' || entry === null) throw new Error('slash command entry is not an object');
    const field = (key: string): unknown => Reflect.get(entry, key);
    const command = field('command');
    const url = field('url');
    const description = field('description');
    if (typeof command !== 'string' || typeof url !== 'string' || typeof description !== 'string') {
      throw new Error(`slash command entry lacks command/url/description: ${JSON.stringify(entry)}`);
    }
    const usageHint = field('usage_hint');
    const shouldEscape = field('should_escape');
    return {
      command,
      url,
      description,
      ...(typeof usageHint === 'string' && { usage_hint: usageHint }),
      ...(typeof shouldEscape === 'boolean' && { should_escape: shouldEscape }),
    };
  });
}

describe('manifest/slack/manifest.json', () => {
  const manifest = readManifest();
  const commands = slashCommands(manifest);

  it('declares every command the adapter serves', () => {
    const declared = commands.map((c) => c.command);
    for (const name of slackCommandNames) expect(declared).toContain(`/${name}`);
  });

  it('declares no command the adapter does not serve', () => {
    const served = slackCommandNames.map((name) => `/${name}`);
    for (const c of commands) expect(served).toContain(c.command);
  });

  it('has should_escape true, a description and a usage hint on every command', () => {
    for (const c of commands) {
      expect(c.should_escape, c.command).toBe(true);
      expect(c.description.length, c.command).toBeGreaterThan(0);
      expect(c.description.length, c.command).toBeLessThanOrEqual(100);
      expect(c.usage_hint?.length ?? 0, c.command).toBeGreaterThan(0);
    }
  });

  it('sends commands and interactivity to the one Slack endpoint', () => {
    for (const c of commands) expect(new URL(c.url).pathname, c.command).toBe('/slack/events');
    const settings: unknown = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'settings') : undefined;
    expect(settings).toMatchObject({
      interactivity: { is_enabled: true, request_url: 'https://pacer.example.com/slack/events' },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it('lets people send the bot files in its DM, and lets Pacer read them and find people by e-mail (chat imports)', () => {
    expect(manifest).toMatchObject({
      features: { app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false } },
      settings: { event_subscriptions: { request_url: 'https://pacer.example.com/slack/events', bot_events: ['message.im'] } },
    });
    const oauth: unknown = Reflect.get(Object(manifest), 'oauth_config');
    const scopes: unknown = Reflect.get(Object(Reflect.get(Object(oauth), 'scopes')), 'bot');
    expect(scopes).toEqual(expect.arrayContaining(['im:history', 'files:read', 'users:read.email', 'files:write']));
  });
});

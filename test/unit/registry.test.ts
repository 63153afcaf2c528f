import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/bot/command.ts';
import { CommandRegistry } from '../../src/bot/registry.ts';
import { helpMessage } from '../../src/bot/replies.ts';
import { ok } from '../../src/bot/result.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import { hasKey, translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';

const stub = (path: string, withForm = false) =>
  defineCommand<string>({
    path,
    summary: 'deals.help.won',
    usage: `/${path} <x>`,
    examples: [`/${path} example`],
    role: 'rep',
    parse: (text) => ok(text),
    run: async () => ok({ blocks: [] }),
    ...(withForm && { form: () => ({ id: path, title: 'T', submitLabel: 'S', fields: [] }) }),
  });

describe('CommandRegistry', () => {
  it('refuses a command declared twice, at construction', () => {
    expect(() => new CommandRegistry([stub('deal'), stub('deal')])).toThrow('Command "deal" is declared twice');
  });

  it('refuses an action declared twice', () => {
    const action = { actionId: 'x', role: 'rep' as const, run: async () => ok({ blocks: [] }) };
    expect(() => new CommandRegistry([], [action, action])).toThrow('Action "x" is declared twice');
  });

  it('routes a subcommand word, else the bare command with the whole text', () => {
    const registry = new CommandRegistry([stub('deal'), stub('deal lost')]);
    expect(registry.match('deal', 'lost Globex reason: price')).toMatchObject({ kind: 'run', command: { path: 'deal lost' }, rest: 'Globex reason: price' });
    expect(registry.match('deal', 'LOST Globex')).toMatchObject({ kind: 'run', command: { path: 'deal lost' } });
    expect(registry.match('deal', '12500 Acme')).toMatchObject({ kind: 'run', command: { path: 'deal' }, rest: '12500 Acme' });
  });

  it('routes two-word subcommands, the longest declared path first, and answers a group name alone with help', () => {
    const registry = new CommandRegistry([stub('pacer config'), stub('pacer incentive add'), stub('pacer incentive list')]);
    expect(registry.match('pacer', 'incentive add "Day off" time-off for 100%')).toMatchObject({ kind: 'run', command: { path: 'pacer incentive add' }, rest: '"Day off" time-off for 100%' });
    expect(registry.match('pacer', 'Incentive  LIST')).toMatchObject({ kind: 'run', command: { path: 'pacer incentive list' }, rest: '' });
    expect(registry.match('pacer', 'config currency EUR')).toMatchObject({ kind: 'run', command: { path: 'pacer config' }, rest: 'currency EUR' });
    expect(registry.match('pacer', 'incentive')).toEqual({ kind: 'help', name: 'pacer' });
    expect(registry.match('pacer', 'incentive dance')).toEqual({ kind: 'help', name: 'pacer' });
    expect(registry.match('pacer', 'incentive add help')).toEqual({ kind: 'help', name: 'pacer' });
    expect(registry.match('pacer', 'incentives')).toEqual({ kind: 'unknown', name: 'pacer', word: 'incentives' });
  });

  it('answers help in English and Slovenian words, also after a subcommand', () => {
    const registry = new CommandRegistry([stub('deal'), stub('deal lost')]);
    expect(registry.match('deal', 'help')).toEqual({ kind: 'help', name: 'deal' });
    expect(registry.match('deal', 'pomoč')).toEqual({ kind: 'help', name: 'deal' });
    expect(registry.match('deal', 'lost help')).toEqual({ kind: 'help', name: 'deal' });
  });

  it('opens the form on empty text when the command has one, and reports unknown subcommands', () => {
    const registry = new CommandRegistry([stub('deal', true), stub('pacer config')]);
    expect(registry.match('deal', '  ')).toMatchObject({ kind: 'form', command: { path: 'deal' } });
    const withSubForm = new CommandRegistry([stub('goal'), stub('goal set', true)]);
    expect(withSubForm.match('goal', 'set')).toMatchObject({ kind: 'form', command: { path: 'goal set' } });
    expect(withSubForm.match('goal', 'set @a 5 month')).toMatchObject({ kind: 'run', rest: '@a 5 month' });
    expect(registry.match('pacer', 'dance')).toEqual({ kind: 'unknown', name: 'pacer', word: 'dance' });
    expect(registry.match('pacer', '')).toEqual({ kind: 'help', name: 'pacer' });
  });

  it('generates help from the declarations: one command in detail, the overview with every command', () => {
    const registry = createCommandRegistry();
    const t = translator('en');
    const deal = fallbackText(helpMessage(registry, 'deal', t));
    expect(deal).toContain('/deal lost [amount] <customer> reason:');
    expect(deal).toContain('/deal lost Globex reason: price');
    const overview = fallbackText(helpMessage(registry, 'pacer', t));
    for (const name of ['/deal', '/goal set', '/leaderboard', '/pacer config', '/pacer role']) expect(overview).toContain(name);
    expect(overview).not.toMatch(/\b(deals|goals|pacer|leaderboard)\.help/);
    expect(registry.names()).toEqual(['deal', 'goal', 'leaderboard', 'training', 'coach', 'feedback', 'diagnose', 'kudos', 'recognition', 'pacer']);
  });

  it('has a summary in every language for every declared command', () => {
    const registry = createCommandRegistry();
    const commands = registry.names().flatMap((name) => registry.commandsOf(name));
    expect(commands.length).toBeGreaterThan(8);
    const missing = commands.flatMap((c) => (['en', 'sl'] as const).filter((l) => !hasKey(c.summary, l)).map((l) => `${c.path}: ${c.summary} (${l})`));
    expect(missing).toEqual([]);
  });
});

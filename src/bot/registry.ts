import type { ActionSpec, Command } from './command.ts';

/** How a command's text resolved against the declared commands. */
export type Match =
  | { kind: 'run'; command: Command; rest: string }
  | { kind: 'help'; name: string }
  | { kind: 'form'; command: Command }
  | { kind: 'unknown'; name: string; word: string };

const HELP_WORDS = new Set(['help', 'pomoč', 'pomoc', '?']);
/** Words after the slash command a subcommand's path may take (`/pacer incentive add`). */
const MAX_SUB_DEPTH = 2;

/**
 * The declared commands, keyed by path (`deal`, `deal lost`, `goal set`, `pacer incentive add`).
 * Duplicates fail at boot. A longer path is a subcommand: its first word is the slash command, the
 * rest the first words of the text; the longest declared path wins. Text that matches no subcommand
 * goes to the command's own path, if declared; a group's name alone (`/pacer incentive`) gets help.
 */
export class CommandRegistry {
  readonly #commands = new Map<string, Command>();
  readonly #actions = new Map<string, ActionSpec>();

  constructor(commands: readonly Command[], actions: readonly ActionSpec[] = []) {
    for (const command of commands) {
      if (this.#commands.has(command.path)) throw new Error(`Command "${command.path}" is declared twice`);
      this.#commands.set(command.path, command);
    }
    for (const action of actions) {
      if (this.#actions.has(action.actionId)) throw new Error(`Action "${action.actionId}" is declared twice`);
      this.#actions.set(action.actionId, action);
    }
  }

  /** The slash commands served (first words of the paths), in declaration order. */
  names(): string[] {
    return [...new Set([...this.#commands.keys()].map((path) => path.split(' ')[0] ?? path))];
  }

  /** Every declared command under one slash command, the bare one first. */
  commandsOf(name: string): Command[] {
    return [...this.#commands.values()].filter((c) => c.path === name || c.path.startsWith(`${name} `));
  }

  byPath(path: string): Command | undefined {
    return this.#commands.get(path);
  }

  action(actionId: string): ActionSpec | undefined {
    return this.#actions.get(actionId);
  }

  match(name: string, text: string): Match {
    const trimmed = text.trim();
    const words = trimmed.split(/\s+/).filter(Boolean);
    const word = words[0]?.toLowerCase() ?? '';
    if (HELP_WORDS.has(word) && words.length === 1) return { kind: 'help', name };
    for (let depth = Math.min(MAX_SUB_DEPTH, words.length); depth >= 1; depth--) {
      const sub = this.#commands.get([name, ...words.slice(0, depth).map((w) => w.toLowerCase())].join(' '));
      if (!sub) continue;
      const rest = trimmed.replace(new RegExp(`^(?:\\S+\\s*){${depth}}`), '').trim();
      if (HELP_WORDS.has(rest.toLowerCase())) return { kind: 'help', name };
      if (!rest && sub.form) return { kind: 'form', command: sub };
      return { kind: 'run', command: sub, rest };
    }
    const own = this.#commands.get(name);
    if (own) return !trimmed && own.form ? { kind: 'form', command: own } : { kind: 'run', command: own, rest: trimmed };
    if (!trimmed || this.commandsOf(`${name} ${word}`).length > 0) return { kind: 'help', name };
    return { kind: 'unknown', name, word: words[0] ?? '' };
  }
}

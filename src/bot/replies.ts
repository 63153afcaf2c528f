import type { Translate } from '../i18n/locale.ts';
import type { Message } from '../messages/message.ts';
import type { Problem } from './errors.ts';
import type { CommandRegistry } from './registry.ts';

/** A problem as a reply: what was wrong, then a correct example to copy. */
export function problemMessage(problem: Problem, t: Translate): Message {
  const blocks: Message['blocks'] = [{ type: 'text', text: t(problem.key, problem.params) }];
  if (problem.example) blocks.push({ type: 'context', text: t('common.example', { example: problem.example }) });
  return { blocks, visibility: 'private' };
}

/** A problem as one line, for a form field's error. */
export function problemLine(problem: Problem, t: Translate): string {
  const line = t(problem.key, problem.params);
  return problem.example ? `${line} ${t('common.example', { example: problem.example })}` : line;
}

/**
 * Help generated from the declarations: `/deal help` lists every form of `/deal` with examples;
 * `/pacer help` (the overview) lists every command Pacer serves.
 */
export function helpMessage(registry: CommandRegistry, name: string, t: Translate): Message {
  const overview = name === 'pacer';
  const names = overview ? registry.names() : [name];
  const blocks: Message['blocks'] = [];
  for (const each of names) {
    for (const command of registry.commandsOf(each)) {
      const lines = [`${command.usage}`, t(command.summary)];
      if (!overview || command.path === each) {
        lines.push(...command.examples.map((example) => `  ${example}`));
      }
      blocks.push({ type: 'text', text: lines.join('\n') });
    }
  }
  if (blocks.length === 0) blocks.push({ type: 'text', text: t('common.error.unknown_command', { command: name }) });
  return { title: t(overview ? 'common.help.overview_title' : 'common.help.title', { command: name }), blocks, visibility: 'private' };
}

import { defineCommand, type Command } from '../../../bot/command.ts';
import { ok } from '../../../bot/result.ts';
import { context, message, text } from '../../../messages/build.ts';
import { EXPORT_KINDS, exportFileName, readExportRange } from './export.ts';
import { EXPORT_EXAMPLE, parseExport, type ExportArgs } from './export.grammar.ts';

/**
 * `/pacer export deals quarter`: the same CSV file `pacer export` writes on the command line, sent to
 * the manager's DM (a Slack file; on Teams a download link). The range is read here, as of now in the
 * workspace's zone, so `last month` means the month it was when asked even if the job runs later;
 * the file is written and sent by the job layer after the command commits, so the reply only says
 * it is on its way. Not read-only: the hand-over is what the command does (and is audited), and a
 * platform's retry of the same delivery must not send a second file.
 */
const exportCommand = defineCommand<ExportArgs>({
  path: 'pacer export',
  summary: 'exports.help',
  usage: `/pacer export <${EXPORT_KINDS.join('|')}> [month|quarter|year | last month | 2026-10 | 2026-Q3 | 2026 | 2026-10-01..2026-12-31]`,
  examples: [EXPORT_EXAMPLE, '/pacer export deals 2026-10-01..2026-12-31', '/pacer export attainment 2026-Q3', '/pacer export feedback last month'],
  role: 'manager',
  readOnly: false,
  parse: parseExport,
  async run(ctx, args) {
    const range = readExportRange(args.kind, args.range, ctx.workspace, ctx.now);
    if (!range.ok) return range;
    const name = exportFileName(args.kind, range.value);
    await ctx.audit('export.request', `export:${args.kind}`, { kind: args.kind, start: range.value.start, end: range.value.end, file: name });
    ctx.after({ kind: 'export', workspaceId: ctx.workspace.id, memberId: ctx.actor.id, exportKind: args.kind, range: range.value });
    return ok(message([text(ctx.t('exports.preparing', { name })), context(ctx.t('exports.preparing_hint'))]));
  },
});

export const exportCommands: Command[] = [exportCommand];

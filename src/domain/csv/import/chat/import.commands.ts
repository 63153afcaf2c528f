import { defineCommand, type Command, type CommandContext } from '../../../../bot/command.ts';
import { forbidden, problem, usage, type Problem } from '../../../../bot/errors.ts';
import { mayAct } from '../../../../bot/roles.ts';
import type { IncomingFile } from '../../../../bot/ports.ts';
import type { Db } from '../../../../db/database.ts';
import { err, ok, type Result } from '../../../../bot/result.ts';
import { context, message, text } from '../../../../messages/build.ts';
import type { Message } from '../../../../messages/message.ts';
import { columnNames, MAX_CHAT_CSV_BYTES, megabytes } from '../../csv-formats.ts';
import { IMPORT_EXAMPLE, kindNamedBy, parseImport, type ImportArgs } from './import.grammar.ts';

/** How long `/pacer import deals` waits for its file: time to find it and upload 50 MB, not a standing invitation. */
export const IMPORT_WINDOW_MS = 30 * 60_000;

/**
 * `/pacer import deals`: the next file the admin sends the bot in their 1:1 chat (within half an hour)
 * is imported as deals.csv, with the same checks and report as `pacer import` on the command line.
 * The request is all this writes; the file itself is read by a job (see receiveImportFile).
 */
const importCommand = defineCommand<ImportArgs>({
  path: 'pacer import',
  summary: 'imports.chat.help',
  usage: '/pacer import <deals|members|goals|feedback> [check]',
  examples: [IMPORT_EXAMPLE, '/pacer import members', '/pacer import deals check'],
  role: 'admin',
  readOnly: false,
  parse: parseImport,
  async run(ctx, args) {
    const values = { kind: args.kind, dry_run: args.dryRun, created_at: ctx.now, expires_at: new Date(ctx.now.getTime() + IMPORT_WINDOW_MS) };
    await ctx.db.insertInto('import_requests').values({ workspace_id: ctx.workspace.id, member_id: ctx.actor.id, ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'member_id']).doUpdateSet(values)).execute();
    await ctx.audit('import.request', `import:${args.kind}`, { kind: args.kind, dryRun: args.dryRun });
    const file = `${args.kind}.csv`;
    const { t } = ctx;
    return ok(message([
      text(t(args.dryRun ? 'imports.chat.send_check' : 'imports.chat.send', { kind: file, minutes: IMPORT_WINDOW_MS / 60_000, max: megabytes(MAX_CHAT_CSV_BYTES) })),
      context(t(`imports.chat.where.${ctx.platform}`, { kind: file })),
      context(t('imports.chat.columns', { kind: file, columns: columnNames(args.kind).join(', ') })),
    ]));
  },
});

export const importCommands: Command[] = [importCommand];

/** Nightly: requests whose half hour passed with no file. */
export async function pruneImportRequests(db: Db, now: Date): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom('import_requests').where('expires_at', '<=', now).executeTakeFirst();
  return Number(numDeletedRows);
}

/**
 * A file sent to the bot in a 1:1 chat: read as the import its sender asked for, if they asked for one
 * in the last half hour and may still import (admins). The request is used up and the file handed to
 * the job layer, which downloads, checks and imports it in one transaction and sends the report to
 * the same chat; the answer here only says it is on its way. A file nobody asked for, or one over
 * the chat limit, writes nothing and says what to do instead.
 */
export async function receiveImportFile(ctx: CommandContext, file: IncomingFile): Promise<Result<Message, Problem>> {
  const request = await ctx.db.selectFrom('import_requests').selectAll()
    .where('workspace_id', '=', ctx.workspace.id).where('member_id', '=', ctx.actor.id).where('expires_at', '>', ctx.now)
    .forUpdate().executeTakeFirst();
  const name = file.name.slice(0, 100);
  if (!request) return err(usage('imports.chat.error.no_request', { name, minutes: IMPORT_WINDOW_MS / 60_000 }, `/pacer import ${kindNamedBy(file.name) ?? 'deals'}`));
  if (!mayAct(ctx.role, 'admin')) return err(forbidden('admin', ctx.t));
  if (file.size !== undefined && file.size > MAX_CHAT_CSV_BYTES) {
    return err(problem('invalid', 'imports.file.too_big', { max: megabytes(MAX_CHAT_CSV_BYTES) }, `pacer import ${request.kind} ${request.kind}.csv --workspace …`));
  }
  await ctx.db.deleteFrom('import_requests').where('workspace_id', '=', ctx.workspace.id).where('member_id', '=', ctx.actor.id).execute();
  await ctx.audit('import.file', `import:${request.kind}`, { kind: request.kind, dryRun: request.dry_run, name, ...(file.size !== undefined && { size: file.size }) });
  ctx.after({ kind: 'import', workspaceId: ctx.workspace.id, memberId: ctx.actor.id, importKind: request.kind, dryRun: request.dry_run, file });
  const key = request.dry_run ? 'imports.chat.checking' : 'imports.chat.importing';
  return ok(message([text(ctx.t(key, { name, kind: `${request.kind}.csv` }))]));
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { recordBookkeeping, wasHandled, type AuditRecord } from '../domain/audit/audit.repository.ts';
import { upsertConversation } from '../domain/conversations/conversation.repository.ts';
import { findMember, findMembersByName, grantMemberRole, upsertMemberProfile } from '../domain/members/member.repository.ts';
import { syncMember } from '../domain/members/member.service.ts';
import { ensureWorkspace } from '../domain/workspaces/workspace.repository.ts';
import { translator } from '../i18n/i18n.ts';
import type { Message } from '../messages/message.ts';
import type { Clock } from './clock.ts';
import type { CommandContext, Prepared } from './command.ts';
import type { Effect, EffectSink } from './effects.ts';
import { forbidden, problem, type Problem } from './errors.ts';
import type { Logger } from './logger.ts';
import { receiveImportFile } from '../domain/csv/import/chat/import.commands.ts';
import type { ActionEvent, ActionReply, CommandEvent, CommandReply, Directory, EventBase, FileEvent, FormResult, FormSubmitEvent, Inbound, InstallEvent } from './ports.ts';
import type { CommandRegistry } from './registry.ts';
import { helpMessage, problemLine, problemMessage } from './replies.ts';
import { err, ok, type Result } from './result.ts';
import { effectiveRole, mayAct } from './roles.ts';
import { openSession, type Session } from './session.ts';

export interface CoreDeps {
  db: Kysely<Database>;
  registry: CommandRegistry;
  directory: Directory;
  clock: Clock;
  logger: Logger;
  /** Receives what committed commands ask for afterwards (the job queue); without it effects are dropped. */
  effects?: EffectSink;
}

/** Thrown inside a transaction to roll it back when its delivery turns out to be handled already. */
class Duplicate extends Error {}

/** Thrown inside a transaction to roll it back when a command answers with a problem. */
class Rollback extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.key);
    this.problem = problem;
  }
}

const message = (text: string): Message => ({ blocks: [{ type: 'text', text }], visibility: 'private' });
/** The answer to a delivery handled before: the first attempt's answer stands. */
const duplicate = (session: Session): Result<Message, Problem> & { duplicate: true } => ({ ...ok(message(session.t('common.duplicate'))), duplicate: true });

/**
 * The platform-blind bot core: adapters call it after verifying and parsing a request. Every command
 * runs in one transaction with its audit entries and its delivery key, so a problem or a fault leaves
 * nothing half-written; faults end here, logged with context, answered with "try again".
 */
export function createCore(deps: CoreDeps): Inbound {
  const { db, registry, clock, logger } = deps;
  const source = { directory: deps.directory, logger };

  /**
   * Runs a command in its transaction, then writes its bookkeeping (delivery key, audit entries) in
   * one statement before commit. A delivery seen before rolls everything back: a platform's retry,
   * even one racing the first attempt, does the work once (the key's unique index decides). A retry
   * refused for what the first attempt did (the import request it used up, the deal it undid) is a
   * duplicate too, not a refusal: the first attempt's answer stands.
   */
  async function runInTransaction(session: Session, event: EventBase, prepared: Prepared, readOnly = false): Promise<Result<Message, Problem> & { duplicate?: true }> {
    const delivery = !readOnly && event.deliveryId ? { platform: event.workspace.platform, key: event.deliveryId } : undefined;
    const effects: Effect[] = [];
    try {
      const result = await db.transaction().execute(async (trx) => {
        const entries: AuditRecord[] = [];
        const result = await prepared(commandContext(trx, session, event, entries, effects));
        if (!result.ok) throw new Rollback(result.error);
        if (!(await recordBookkeeping(trx, delivery, entries))) throw new Duplicate();
        return result;
      });
      if (effects.length > 0) await handOver(effects, event);
      return result;
    } catch (error) {
      if (error instanceof Rollback) return delivery && (await wasHandled(db, delivery)) ? duplicate(session) : err(error.problem);
      if (error instanceof Duplicate) return duplicate(session);
      throw error;
    }
  }

  /** Hands committed effects to the sink; a failure is logged, never turned into a failed command. */
  async function handOver(effects: Effect[], event: EventBase): Promise<void> {
    if (!deps.effects) return;
    try {
      await deps.effects(effects);
    } catch (error) {
      logger.error({ err: error, effects: effects.map((e) => e.kind), workspace: event.workspace.externalId }, 'effects not handed over');
    }
  }

  function commandContext(trx: Transaction<Database>, session: Session, event: EventBase, entries: AuditRecord[], effects: Effect[]): CommandContext {
    const { workspace, actor } = session;
    return {
      db: trx,
      workspace,
      actor,
      role: session.role,
      locale: session.locale,
      t: session.t,
      fmt: session.fmt,
      now: session.now,
      platform: event.workspace.platform,
      async findMember(ref) {
        if (ref.kind === 'name') {
          const found = await findMembersByName(trx, workspace.id, ref.name);
          return found.length === 1 ? found[0] : undefined;
        }
        if (ref.id === actor.external_id) return actor;
        const known = await findMember(trx, workspace.id, ref.id);
        if (known) return known;
        const profile = session.mentioned.get(ref.id);
        return profile ? upsertMemberProfile(trx, workspace.id, profile, session.now) : undefined;
      },
      // Collected here, written with the delivery key at the end of the transaction.
      audit: async (action, subject, details) => {
        entries.push({ workspaceId: workspace.id, actorMemberId: actor.id, action, subject, ...(details && { details }) });
      },
      after: (effect) => effects.push(effect),
      ...(event.conversation && { conversation: event.conversation }),
    };
  }


  /** Logs a fault with its context and tells the person to try again, in their language if known. */
  function fault(error: unknown, event: EventBase, what: string, session?: Session): Message {
    logger.error({ err: error, what, platform: event.workspace.platform, workspace: event.workspace.externalId, user: event.userId }, 'request failed');
    return message((session?.t ?? translator('en'))('common.error.try_again'));
  }

  return {
    async handleCommand(event: CommandEvent): Promise<CommandReply> {
      let session: Session | undefined;
      try {
        session = await openSession(db, source, event, clock.now(), event.text);
        const { t } = session;
        const match = registry.match(event.command, event.text);
        if (match.kind === 'help') return { kind: 'message', message: helpMessage(registry, match.name, t) };
        if (match.kind === 'unknown') {
          const reply = problemMessage(problem('usage', 'common.error.unknown_command', { command: match.name, word: match.word }, `/${match.name} help`), t);
          return { kind: 'message', message: reply };
        }
        if (!mayAct(session.role, match.command.role)) return { kind: 'message', message: problemMessage(forbidden(match.command.role, t), t) };
        if (match.kind === 'form' && match.command.form) {
          const form = match.command.form({ t, locale: session.locale, workspace: session.workspace });
          return { kind: 'form', form, fallback: helpMessage(registry, event.command, t) };
        }
        const prepared = match.command.prepare(match.kind === 'run' ? match.rest : '', session.pctx);
        if (!prepared.ok) return { kind: 'message', message: problemMessage(prepared.error, t) };
        const result = await runInTransaction(session, event, prepared.value, match.command.readOnly);
        return { kind: 'message', message: result.ok ? result.value : problemMessage(result.error, t) };
      } catch (error) {
        return { kind: 'message', message: fault(error, event, `/${event.command}`, session) };
      }
    },

    async handleAction(event: ActionEvent): Promise<ActionReply | undefined> {
      let session: Session | undefined;
      try {
        const action = registry.action(event.actionId);
        if (!action) {
          logger.warn({ actionId: event.actionId }, 'unknown action');
          return undefined;
        }
        session = await openSession(db, source, event, clock.now());
        if (!mayAct(session.role, action.role)) return { kind: 'notice', message: problemMessage(forbidden(action.role, session.t), session.t) };
        const result = await runInTransaction(session, event, (ctx) => action.run(ctx, event.value));
        // A click delivered twice was answered the first time: its message already shows what it did.
        if (result.duplicate) return undefined;
        return result.ok ? { kind: 'replace', message: result.value } : { kind: 'notice', message: problemMessage(result.error, session.t) };
      } catch (error) {
        return { kind: 'notice', message: fault(error, event, `action ${event.actionId}`, session) };
      }
    },

    async handleFormSubmit(event: FormSubmitEvent): Promise<FormResult> {
      let session: Session | undefined;
      try {
        const command = registry.byPath(event.formId);
        session = await openSession(db, source, event, clock.now());
        const { t } = session;
        if (!command?.prepareForm || !command.form) return { kind: 'done', message: message(t('common.error.try_again')) };
        if (!mayAct(session.role, command.role)) return { kind: 'done', message: problemMessage(forbidden(command.role, t), t) };
        const fields = command.form({ t, locale: session.locale, workspace: session.workspace }).fields;
        const firstField = fields[0]?.id ?? 'form';
        const prepared = command.prepareForm(event.values, session.pctx);
        if (!prepared.ok) {
          return { kind: 'errors', errors: Object.fromEntries(Object.entries(prepared.error).map(([field, p]) => [field, problemLine(p, t)])) };
        }
        const result = await runInTransaction(session, event, prepared.value);
        if (result.ok) return { kind: 'done', message: result.value };
        return { kind: 'errors', errors: { [result.error.field ?? firstField]: problemLine(result.error, t) } };
      } catch (error) {
        return { kind: 'done', message: fault(error, event, `form ${event.formId}`, session) };
      }
    },

    /**
     * A file sent to the bot: the only files Pacer reads are imports an admin asked for (`/pacer
     * import deals`), so the file goes to that, in a transaction of its own like a command's (a
     * platform's retry of the same upload is handled once).
     */
    async handleFile(event: FileEvent): Promise<Message | undefined> {
      let session: Session | undefined;
      try {
        session = await openSession(db, source, event, clock.now());
        const result = await runInTransaction(session, event, (ctx) => receiveImportFile(ctx, event.file));
        // A platform's retry of an upload already taken: the first answer stands.
        if (result.duplicate) return undefined;
        return result.ok ? result.value : problemMessage(result.error, session.t);
      } catch (error) {
        return fault(error, event, `file ${event.file.name}`, session);
      }
    },

    /**
     * Registers the workspace and the installer; when the platform says installers administer Pacer,
     * makes the installer admin (audited as `member.role`, reason `install`); remembers the
     * conversation. Safe to repeat: a second announcement of one install changes nothing but the
     * conversation's service URL and `updated_at`.
     */
    async handleInstall(event: InstallEvent): Promise<void> {
      const now = clock.now();
      const workspace = await ensureWorkspace(db, event.workspace);
      const installer = event.installerUserId
        ? await syncMember(db, source, workspace, event.workspace, event.installerUserId, now, event.profile)
        : undefined;
      await db.transaction().execute(async (trx) => {
        // The workspace row lock serialises concurrent installs, so only one can be the first.
        if (installer && event.installerIsAdmin && !(await lockAndHasAdmin(trx, workspace.id))) {
          const before = await grantMemberRole(trx, installer.id, 'admin');
          if (before !== undefined) {
            await recordBookkeeping(trx, undefined, [{
              workspaceId: workspace.id,
              actorMemberId: installer.id,
              action: 'member.role',
              subject: `member:${installer.external_id}`,
              details: {
                member: installer.display_name,
                before,
                after: 'admin',
                effectiveBefore: effectiveRole({ ...installer, role: before }),
                effectiveAfter: 'admin',
                reason: 'install',
              },
            }]);
          }
        }
        const conversation = event.conversation;
        if (conversation) {
          await upsertConversation(trx, {
            workspace_id: workspace.id,
            conversation_id: conversation.conversationId,
            service_url: conversation.serviceUrl ?? null,
            kind: conversation.kind ?? null,
            installed_by: installer?.id ?? null,
          }, now);
        }
      });
    },
  };
}

/** Locks the workspace row and says whether it already has an admin (granted or from the platform). */
async function lockAndHasAdmin(trx: Transaction<Database>, workspaceId: number): Promise<boolean> {
  await trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().execute();
  const admin = await trx
    .selectFrom('members')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('role', '=', 'admin'), eb('is_platform_admin', '=', true)]))
    .limit(1)
    .executeTakeFirst();
  return admin !== undefined;
}

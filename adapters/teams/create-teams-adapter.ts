import type { CloudEnvironment, IMessageActivityInput, TokenProvider } from '@microsoft/teams.api';
import { PUBLIC } from '@microsoft/teams.api';
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import type { ILogger } from '@microsoft/teams.common';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PacerFault } from '../../src/bot/errors.ts';
import type { ConversationKind, ConversationRef, EventBase, Inbound, InstallEvent } from '../../src/bot/ports.ts';
import type { Form, Message } from '../../src/messages/message.ts';
import type { TeamsProfiles } from './directory.ts';
import { escapeTeamsText } from './escape.ts';
import { teamsPacingMiddleware, type PacingOptions } from './pacing.ts';
import { normalizeTeamsText, readActionSubmit, readFormSubmit, splitThread } from './parse.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderActivity, renderFormCard, type AdaptiveCard } from './render.ts';
import { fileAttachmentOf } from './files.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

const TRY_AGAIN = 'Something went wrong on our side. Please try again.';

export interface TeamsAdapterOptions {
  inbound: Inbound;
  /** Command words Pacer serves (the registry's names); `help` is added. */
  commands: readonly string[];
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  /** Accept unsigned requests (local testing only; config refuses it in production). */
  allowUnauthenticated: boolean;
  logger: Logger;
  /** Test seam: where keys, logins and tokens come from. Default Microsoft's public cloud. */
  cloud?: CloudEnvironment;
  /** Test seam: the bot's outbound token instead of a secret (must look like a JWT). */
  token?: TokenProvider;
  /** Optional check on the activity's serviceUrl (after the token matched it). */
  serviceUrlAllowed?: (serviceUrl: string) => boolean;
  /** Where the names Teams sends along are remembered for the core's directory. */
  profiles?: TeamsProfiles;
  /** Pacing and retries of Bot Connector calls (pacing.ts); tests inject the retry's sleep. */
  pacing?: PacingOptions;
}

export interface TeamsAdapter {
  /** The SDK app (its `api` posts proactively: see teamsOutbound). */
  readonly app: App;
  /** Registers `POST /api/messages` on the express app; call once, before listening. */
  initialize(): Promise<void>;
}

/**
 * Mounts Pacer's Teams endpoint on an existing express app (one port with Slack). Every auth option
 * is passed to the SDK explicitly, so its environment fallbacks (`CLIENT_ID`, `CLIENT_SECRET`,
 * `DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS`) never decide. A guard in front of the SDK refuses any
 * token whose issuer is not the Bot Framework's: the SDK alone accepts Entra-issued tokens from any
 * tenant without checking their serviceUrl (SDK-NOTES.md).
 *
 *   const teams = mountTeams(app, { inbound: core, commands: registry.names(), clientId, clientSecret, allowUnauthenticated: false, logger })
 *   await teams.initialize()
 */
export function mountTeams(expressApp: Express, options: TeamsAdapterOptions): TeamsAdapter {
  const log = options.logger.child({ component: 'teams' });
  const clientId = options.clientId?.trim() || undefined;
  const clientSecret = options.clientSecret?.trim() || undefined;
  if (clientId !== undefined && clientSecret === undefined && options.token === undefined) {
    // The SDK would fall back to a managed identity (169.254.169.254): never what Pacer means.
    throw new PacerFault('config', 'Teams: a client id needs its client secret (TEAMS_CLIENT_SECRET)');
  }
  if (clientId === undefined && (clientSecret !== undefined || options.token !== undefined)) {
    throw new PacerFault('config', 'Teams: a client secret or token needs its client id (TEAMS_CLIENT_ID)');
  }
  const cloud = options.cloud ?? PUBLIC;
  if (options.allowUnauthenticated) {
    log.warn({ path: TEAMS_MESSAGES_PATH }, 'TEAMS_ALLOW_UNAUTHENTICATED is on: anyone who can reach this port can claim to be whichever Teams user they like. Local testing only.');
  } else {
    expressApp.post(TEAMS_MESSAGES_PATH, issuerGuard(cloud.tokenIssuer, log));
  }

  const app = new App({
    httpServerAdapter: new ExpressAdapter(expressApp, { logger: sdkLogger(options.logger) }),
    // '' rather than undefined: the SDK reads CLIENT_ID / CLIENT_SECRET from the environment otherwise.
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...(options.tenantId?.trim() && { tenantId: options.tenantId.trim() }),
    ...(options.token !== undefined && { token: options.token }),
    dangerouslyAllowUnauthenticatedRequests: options.allowUnauthenticated,
    cloud,
    // Pacing and retries for every connector call, replies and proactive posts alike (clones copy it).
    client: {
      timeout: 10_000,
      middlewares: [
        teamsPacingMiddleware({
          ...options.pacing,
          retry: {
            onRetry: (retry) => log.warn(retry, 'Bot Connector refused a call for now: trying again'),
            ...options.pacing?.retry,
          },
        }),
      ],
    },
    logger: sdkLogger(options.logger),
    messagingEndpoint: TEAMS_MESSAGES_PATH,
    activity: { mentions: { stripText: false } },
  });

  const commands = [...options.commands, 'help'];
  const help = (): Message => ({
    blocks: [{ type: 'text', text: `I answer ${options.commands.join(', ')}. Type help to see what each does, e.g. "deal 12500 Acme Corp".` }],
    visibility: 'private',
  });

  app.on('message', async (ctx) => {
    const a = ctx.activity;
    const tenantId = a.conversation.tenantId || tenantOf(a.channelData) || '';
    const where = { activity: a.id, conversation: a.conversation.id, tenant: tenantId };
    try {
      if (tenantId === '') {
        log.warn(where, 'Teams message without a tenant: ignored');
        return;
      }
      if (options.serviceUrlAllowed !== undefined && !options.serviceUrlAllowed(a.serviceUrl ?? '')) {
        log.warn({ ...where, serviceUrl: a.serviceUrl }, 'Teams message from a serviceUrl not allowed: ignored');
        return;
      }
      const conversation: ConversationRef = { platform: 'teams', workspaceExternalId: tenantId, ...splitThread(a.conversation.id), ...(a.serviceUrl && { serviceUrl: a.serviceUrl }) };
      const base: EventBase = {
        workspace: { platform: 'teams', externalId: tenantId },
        userId: a.from.id,
        conversation,
        deliveryId: a.id,
        ...(a.from.name && { profile: { displayName: a.from.name } }),
      };
      if (a.from.name) options.profiles?.remember(tenantId, a.from.id, a.from.name, clientOf(a));

      const form = readFormSubmit(a.value);
      if (form !== undefined) {
        const result = await options.inbound.handleFormSubmit({ ...base, formId: form.formId, values: form.values, ...(form.state !== undefined && { state: form.state }) });
        if (result.kind === 'done') {
          await ctx.send(activityOf(result.message));
          return;
        }
        // Re-open the same form (no delivery id: opening a form writes nothing) with what was typed.
        const { deliveryId: _unused, ...withoutDelivery } = base;
        const reopened = await options.inbound.handleCommand({ ...withoutDelivery, command: form.formId, text: '' });
        if (reopened.kind === 'form') {
          await ctx.send(cardActivity(withErrors(renderFormCard(refill(reopened.form, form.values)), reopened.form, result.errors)));
        } else {
          await ctx.send(activityOf({ blocks: Object.values(result.errors).map((text) => ({ type: 'text', text })), visibility: 'private' }));
        }
        return;
      }

      const action = readActionSubmit(a.value);
      if (action !== undefined) {
        const reply = await options.inbound.handleAction({ ...base, actionId: action.actionId, ...(action.value !== undefined && { value: action.value }) });
        if (reply === undefined) return;
        // What the click did replaces the card it sits on (PUT …/activities/<replyToId>); a refusal or
        // fault is a reply of its own, leaving the card and its buttons as they were.
        const replaces = reply.kind === 'replace' && a.replyToId;
        await ctx.send({ ...activityOf(reply.message), ...(replaces && { id: a.replyToId }) });
        return;
      }

      // A file sent to the bot (its 1:1 chat): an import's file, whatever the message says beside it.
      const file = fileAttachmentOf(a.attachments);
      if (file !== undefined) {
        const reply = await options.inbound.handleFile({ ...base, file });
        if (reply !== undefined) await ctx.send(activityOf(reply));
        return;
      }

      const botId = a.recipient.id;
      for (const entity of a.entities ?? []) {
        const mentioned = mentionedOf(entity);
        if (mentioned !== undefined && mentioned.id !== botId) options.profiles?.remember(tenantId, mentioned.id, mentioned.name);
      }
      const normalized = normalizeTeamsText({ ...(a.text !== undefined && { text: a.text }), ...(a.entities !== undefined && { entities: a.entities }) }, botId, commands);
      if (normalized.command === undefined) {
        await ctx.send(activityOf(help()));
        return;
      }
      const isHelp = normalized.command === 'help';
      const reply = await options.inbound.handleCommand({
        ...base,
        command: isHelp ? 'pacer' : normalized.command,
        text: isHelp ? `help ${normalized.text}`.trim() : normalized.text,
      });
      await ctx.send(reply.kind === 'message' ? activityOf(reply.message) : cardActivity(renderFormCard(reply.form)));
    } catch (error) {
      // A throw would answer 500 and Teams would resend: log, tell the person, answer 200.
      log.error({ ...where, error: errorForLog(error) }, 'Teams message failed');
      await ctx.send(activityOf({ blocks: [{ type: 'text', text: TRY_AGAIN }], visibility: 'private' })).catch((e: unknown) => {
        log.warn({ ...where, error: errorForLog(e) }, 'could not tell the user');
      });
    }
  });

  /**
   * Pacer added to a chat, a group chat or a team: the core registers the tenant's workspace, makes
   * the installer an admin (issue 3: whoever installs the app in a team or chat administers Pacer in
   * that tenant) and stores the conversation with its serviceUrl for proactive posts. Teams announces
   * one install twice (`installationUpdate` and `conversationUpdate`); the core's handling is idempotent.
   */
  async function install(a: InstallActivity, via: string): Promise<void> {
    const tenantId = a.conversation.tenantId || tenantOf(a.channelData) || '';
    const where = { activity: a.id, conversation: a.conversation.id, tenant: tenantId, via };
    try {
      if (tenantId === '') {
        log.warn(where, 'Teams install without a tenant: ignored');
        return;
      }
      if (options.serviceUrlAllowed !== undefined && !options.serviceUrlAllowed(a.serviceUrl ?? '')) {
        log.warn({ ...where, serviceUrl: a.serviceUrl }, 'Teams install from a serviceUrl not allowed: ignored');
        return;
      }
      const kind = kindOf(a.conversation.conversationType);
      const event: InstallEvent = {
        workspace: { platform: 'teams', externalId: tenantId },
        installerUserId: a.from.id,
        installerIsAdmin: true,
        conversation: {
          platform: 'teams',
          workspaceExternalId: tenantId,
          ...splitThread(a.conversation.id),
          ...(a.serviceUrl && { serviceUrl: a.serviceUrl }),
          ...(kind && { kind }),
        },
        ...(a.from.name && { profile: { displayName: a.from.name } }),
      };
      if (a.from.name) options.profiles?.remember(tenantId, a.from.id, a.from.name);
      await options.inbound.handleInstall(event);
      log.info(where, 'Teams install recorded');
    } catch (error) {
      // A throw would answer 500 and Teams would resend: log and answer 200 (the twin event may still land).
      log.error({ ...where, error: errorForLog(error) }, 'Teams install failed');
    }
  }

  app.on('install.add', async (ctx) => {
    await install(ctx.activity, 'installationUpdate');
  });
  app.on('conversationUpdate', async (ctx) => {
    const a = ctx.activity;
    if (!(a.membersAdded ?? []).some((m) => m.id === a.recipient.id)) return;
    await install(a, 'conversationUpdate');
  });

  return {
    app,
    async initialize() {
      await app.initialize();
    },
  };
}

/** What an install handler reads of an `installationUpdate` or `conversationUpdate` activity. */
interface InstallActivity {
  id: string;
  serviceUrl?: string;
  from: { id: string; name?: string };
  conversation: { id: string; tenantId?: string; conversationType?: string };
  channelData?: unknown;
}

/** Teams' conversationType in Pacer's words. */
function kindOf(conversationType: string | undefined): ConversationKind | undefined {
  if (conversationType === 'personal') return 'direct';
  if (conversationType === 'groupChat') return 'group';
  if (conversationType === 'channel') return 'channel';
  return undefined;
}

/** The SDK's input type lacks `summary`, though the Bot Connector takes it (and the SDK sends it on). */
function activityOf(message: Message): IMessageActivityInput & { summary: string } {
  const { type, summary, attachments } = renderActivity(message);
  return { type, summary, attachments: [...attachments] };
}

function cardActivity(card: AdaptiveCard): IMessageActivityInput {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
}

/** What was typed goes back into the form, so fixing one field does not mean typing them all again. */
function refill(form: Form, values: Record<string, string | undefined>): Form {
  return {
    ...form,
    fields: form.fields.map((field) => {
      const value = values[field.id];
      return value !== undefined && field.kind !== 'user' ? { ...field, initial: value } : field;
    }),
  };
}

/** The form's errors, one attention line per field (by label), above its inputs. */
function withErrors(card: AdaptiveCard, form: Form, errors: Record<string, string>): AdaptiveCard {
  const label = (id: string): string => form.fields.find((f) => f.id === id)?.label ?? id;
  const lines = Object.entries(errors).map(([field, text]) => ({
    type: 'TextBlock' as const,
    text: escapeTeamsText(`${label(field)}: ${text}`),
    color: 'Attention' as const,
    wrap: true,
  }));
  return { ...card, body: [...lines, ...(card.body ?? [])] };
}

function tenantOf(channelData: unknown): string | undefined {
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant: unknown = Reflect.get(channelData, 'tenant');
  if (typeof tenant !== 'object' || tenant === null) return undefined;
  const id: unknown = Reflect.get(tenant, 'id');
  return typeof id === 'string' ? id : undefined;
}

function mentionedOf(entity: unknown): { id: string; name: string } | undefined {
  if (typeof entity !== 'object' || entity === null || Reflect.get(entity, 'type') !== 'mention') return undefined;
  const mentioned: unknown = Reflect.get(entity, 'mentioned');
  if (typeof mentioned !== 'object' || mentioned === null) return undefined;
  const id: unknown = Reflect.get(mentioned, 'id');
  const name: unknown = Reflect.get(mentioned, 'name');
  return typeof id === 'string' && typeof name === 'string' ? { id, name } : undefined;
}

// ——— inbound issuer guard ———

/** The unverified claims of a bearer JWT (the SDK verifies the signature after this guard). */
function unverifiedIssuer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/i.exec(header?.trim() ?? '');
  const payload = match?.[2];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const iss: unknown = typeof claims === 'object' && claims !== null ? Reflect.get(claims, 'iss') : undefined;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before the SDK sees it, any request whose token is not from the Bot Framework's issuer.
 * A missing or malformed token is refused here too: the SDK would refuse it anyway.
 */
function issuerGuard(issuer: string, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const iss = unverifiedIssuer(req.headers.authorization);
    if (iss === issuer) {
      next();
      return;
    }
    log.warn({ issuer: iss === undefined ? null : iss.slice(0, 100) }, 'Teams request refused: missing token or issuer not the Bot Framework');
    res.status(401).json({ error: 'unauthorized' });
  };
}

// ——— logging ———

/**
 * Bearer tokens and anything JWT-shaped: the SDK may echo either in a message or an error. And the
 * signature of an export's download link (`…/files/<id>?exp=…&sig=…`), which a card carries and the
 * SDK logs with the activity at debug: whoever read the log could download the file.
 */
const SECRETS = /\bBearer\s+[^\s"',]+|\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*|\bsig=[A-Za-z0-9_%-]+/gi;

export function redactTeamsSecrets(text: string): string {
  return text.replace(SECRETS, '[redacted]');
}

interface LoggedError {
  type: string;
  message: string;
  status?: number;
  stack?: string;
}

/** An error as safe text: never the raw object (an AxiosError carries the request and its token). */
export function errorForLog(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactTeamsSecrets(String(error)).slice(0, 500) };
  const logged: LoggedError = { type: error.name, message: redactTeamsSecrets(error.message) };
  const response: unknown = Reflect.get(error, 'response');
  const status: unknown = typeof response === 'object' && response !== null ? Reflect.get(response, 'status') : undefined;
  if (typeof status === 'number') logged.status = status;
  if (error.stack !== undefined) logged.stack = redactTeamsSecrets(error.stack);
  return logged;
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return part.message;
  try {
    return (JSON.stringify(part) ?? String(part)).slice(0, 1_000);
  } catch {
    return String(part);
  }
}

/**
 * The SDK's logger, written through pino: structured, at the app's level, every line through the
 * token net. Objects (the SDK logs whole activities at debug) are cut to 1,000 characters.
 */
export function sdkLogger(logger: Logger, name = 'teams-sdk'): ILogger {
  const log = logger.child({ component: name });
  const write = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', parts: unknown[]): void => {
    if (!log.isLevelEnabled(level)) return;
    const text = redactTeamsSecrets(parts.map(describe).join(' '));
    const error = parts.find((p): p is Error => p instanceof Error);
    if (error === undefined) log[level](text);
    else log[level]({ error: errorForLog(error) }, text);
  };
  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    trace: (...msg: unknown[]) => write('trace', msg),
    log: (level, ...msg: unknown[]) => write(level, msg),
    child: (child: string) => sdkLogger(logger, `${name}/${child}`),
  };
}

/**
 * The sender's Teams client settings an activity carries: `localTimezone` (an IANA zone, part of the
 * Bot Framework schema though the SDK's type omits it) and `locale`.
 */
function clientOf(activity: object): { timezone?: string; locale?: string } {
  const timezone: unknown = Reflect.get(activity, 'localTimezone');
  const locale: unknown = Reflect.get(activity, 'locale');
  return { ...(typeof timezone === 'string' && timezone !== '' && { timezone }), ...(typeof locale === 'string' && locale !== '' && { locale }) };
}


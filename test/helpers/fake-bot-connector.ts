import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import type { Clock } from '../../src/bot/clock.ts';
import type { EffectSink } from '../../src/bot/effects.ts';
import type { FileLinksConfig } from '../../src/config.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { Database } from '../../src/db/database.ts';
import { cardProblems } from './adaptive-card-validator.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PUBLIC, withOverrides, type CloudEnvironment } from '@microsoft/teams.api';

/** One call the fake Bot Connector received. */
export interface ConnectorCall {
  /**
   * `create`: POST /v3/conversations/:id/activities; `update`: PUT …/activities/:aid;
   * `conversation`: POST /v3/conversations (a new chat; `conversationId` is the id handed out).
   */
  kind: 'create' | 'update' | 'conversation';
  /** The conversation id as it arrived in the path (unencoded, as the SDK sends it). */
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** The bearer token the bot sent. */
  bearer?: string;
  /** Set when the call was answered with a scripted failure (see `failNext`). */
  failedWith?: number;
}

/** A scripted answer to an activity call instead of success. */
export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeBotConnector {
  /** `http://127.0.0.1:<port>`: the activities' serviceUrl, and the cloud's key/login endpoints. */
  url: string;
  readonly calls: readonly ConnectorCall[];
  /** The first call (already recorded or still to come) that matches: event-driven, no polling. */
  waitFor(predicate?: (call: ConnectorCall) => boolean): Promise<ConnectorCall>;
  /** The next activity calls (create/update/conversation) get these answers, in order, then success again. */
  failNext(...failures: ScriptedFailure[]): void;
  /**
   * Every Adaptive Card the connector received that the official parser finds fault with, with its
   * problems: end-to-end tests assert this stays empty, so every card Pacer sends is validated.
   */
  readonly invalidCards: readonly { conversationId: string; problems: string[] }[];
  /** How many cards were checked so far (so a test can tell "all valid" from "none seen"). */
  cardsChecked(): number;
  /** The key the connector signs inbound tokens with (its public half is served as a JWK). */
  privateKey: KeyObject;
  kid: string;
  close(): Promise<void>;
}

/**
 * A stand-in for Microsoft's Bot Framework on loopback: the OpenID key set the SDK validates inbound
 * tokens against (`GET /v1/.well-known/keys`, an RSA JWK generated here) and the Bot Connector's
 * conversation API the bot replies through, recording each call.
 */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'fake-connector-key-1';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const calls: ConnectorCall[] = [];
  const waiters: { predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let next = 0;
  const failures: ScriptedFailure[] = [];

  const invalidCards: { conversationId: string; problems: string[] }[] = [];
  let checked = 0;
  const record = (call: ConnectorCall): void => {
    calls.push(call);
    for (const content of adaptiveCardsIn(call.body)) {
      checked += 1;
      const problems = cardProblems(content);
      if (problems.length > 0) invalidCards.push({ conversationId: call.conversationId, problems });
    }
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      const waiter = waiters[i];
      if (waiter !== undefined && waiter.predicate(call)) {
        waiters.splice(i, 1);
        waiter.resolve(call);
      }
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // Raw, not URL-parsed: Teams conversation ids (`19:…@thread.tacv2`, `a:1…`) arrive unencoded.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      json(res, { keys: [jwk] });
      return;
    }
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      json(res, { issuer: 'https://api.botframework.com', jwks_uri: `${url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      return;
    }
    const body = raw === '' ? {} : asRecord(JSON.parse(raw));
    const create = /^\/v3\/conversations\/(.+)\/activities\/?$/.exec(path);
    const update = /^\/v3\/conversations\/(.+)\/activities\/([^/]+)$/.exec(path);
    const conversation = req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path);
    const failure = create !== null || update !== null || conversation ? failures.shift() : undefined;
    if (failure !== undefined) {
      const kind = conversation ? 'conversation' : update !== null && req.method === 'PUT' ? 'update' : 'create';
      record({ kind, conversationId: update?.[1] ?? create?.[1] ?? '', body, failedWith: failure.status, ...(bearer !== undefined && { bearer }) });
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify(failure.body ?? { error: { code: 'Scripted', message: `scripted ${failure.status}` } }));
      return;
    }
    if (conversation) {
      next += 1;
      const id = `a:dm-${next}`;
      record({ kind: 'conversation', conversationId: id, body, ...(bearer !== undefined && { bearer }) });
      json(res, { id });
      return;
    }
    if (req.method === 'PUT' && update?.[1] !== undefined && update[2] !== undefined) {
      record({ kind: 'update', conversationId: update[1], activityId: update[2], body, ...(bearer !== undefined && { bearer }) });
      json(res, { id: update[2] });
      return;
    }
    if (req.method === 'POST' && create?.[1] !== undefined) {
      next += 1;
      record({ kind: 'create', conversationId: create[1], body, ...(bearer !== undefined && { bearer }) });
      json(res, { id: `sent-${next}` });
      return;
    }
    res.writeHead(404).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    invalidCards,
    cardsChecked: () => checked,
    url,
    calls,
    waitFor(predicate = () => true) {
      const seen = calls.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    failNext(...more) {
      failures.push(...more);
    },
    privateKey,
    kid,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** Seconds from now; negative for an expired token. Default 3600. */
  expiresIn?: number;
  [claim: string]: unknown;
}

/**
 * An RS256 JWT as the Bot Framework signs it for inbound activities: iss `https://api.botframework.com`,
 * aud the bot's client id, the activity's serviceurl. Override any claim; `key`/`kid` sign it otherwise.
 */
export function signConnectorToken(key: KeyObject, kid: string, claims: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const { expiresIn = 3600, ...rest } = claims;
  const payload = { iss: 'https://api.botframework.com', nbf: now - 60, iat: now - 60, exp: now + expiresIn, ...rest };
  const header = { alg: 'RS256', typ: 'JWT', kid };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

/** A string that decodes as a JWT (the SDK decodes the bot's outbound token); signed by nobody. */
export function jwtShaped(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'https://api.botframework.com', exp: now + 3600, ...claims })}.sig`;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The Adaptive Cards among an activity's attachments. */
function adaptiveCardsIn(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || !('attachments' in body) || !Array.isArray(body.attachments)) return [];
  return body.attachments
    .filter((a: unknown): a is { content: unknown } => typeof a === 'object' && a !== null && 'contentType' in a && a.contentType === 'application/vnd.microsoft.card.adaptive' && 'content' in a)
    .map((a) => a.content);
}

/** The Microsoft cloud endpoints (key set, login, token service) pointed at a fake connector. */
export function cloudAt(url: string): CloudEnvironment {
  return withOverrides(PUBLIC, { openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`, loginEndpoint: url, tokenServiceUrl: url });
}

/**
 * Teams settings for a test server: a bot client id whose outbound token is JWT-shaped (no Microsoft
 * login) and inbound tokens checked against the fake connector's key set at `keysUrl`.
 */
export function teamsTestConfig(clientId: string, keysUrl: string) {
  return { clientId, allowUnauthenticated: false, token: () => jwtShaped({ appid: clientId }), cloud: cloudAt(keysUrl) };
}

/**
 * Pacer serving Teams alone on loopback, its Bot Connector the fake at `fake.url`: what every Teams
 * end-to-end test starts. Resolves once it listens.
 */
export async function startTeamsPacer(options: { db: Kysely<Database>; clientId: string; fake: FakeBotConnector; clock: Clock; effects?: EffectSink; files?: FileLinksConfig }): Promise<{ pacer: PacerServer; url: string }> {
  const pacer = createPacerServer({
    db: options.db,
    ready: async () => true,
    teams: teamsTestConfig(options.clientId, options.fake.url),
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    clock: options.clock,
    ...(options.effects && { effects: options.effects }),
    ...(options.files && { files: options.files }),
  });
  return { pacer, url: (await pacer.start()).url };
}

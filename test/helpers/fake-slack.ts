import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface FakeSlackCall {
  /** `api`: a Web API method; `respond`: a post to a response_url; `upload`: a file's bytes to an upload_url; `download`: a shared file fetched. */
  kind: 'api' | 'respond' | 'upload' | 'download';
  /** The Web API method (`chat.postMessage`), `respond` for the response_url sink, `upload` for the upload_url. */
  method: string;
  /** For `respond`: the id in `/respond/<id>`; for `upload`: the file id in `/upload/<id>`. */
  id?: string;
  /** For `upload`: the file's bytes exactly as they arrived (the multipart part's content, or a raw body). */
  bytes?: Buffer;
  /** The parsed body, JSON-valued fields (blocks, view, …) decoded; `token` is left out. */
  body: Record<string, unknown>;
  /** Whether it came with `Authorization: Bearer …`. */
  hasAuth: boolean;
  /** The token it came with (`Authorization: Bearer <token>`), to tell the app token from the bot token. */
  bearer?: string;
}

/** A reply with an HTTP status and headers of its own (a 429 with `Retry-After`). */
export interface FakeSlackReply {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export type FakeSlackHandler = (body: Record<string, unknown>) => Record<string, unknown> | FakeSlackReply;

/** Slack's answer to a call over its rate limit: HTTP 429 with `Retry-After` in seconds. */
export const rateLimited = (seconds: number): FakeSlackReply => ({ status: 429, headers: { 'retry-after': String(seconds) }, body: { ok: false, error: 'ratelimited' } });

const isReply = (value: Record<string, unknown> | FakeSlackReply): value is FakeSlackReply =>
  typeof value.status === 'number' && typeof value.body === 'object' && value.body !== null;

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What to give the WebClient as `slackApiUrl`. */
  apiUrl: string;
  /** A loopback response_url whose posts are recorded as `{ kind: 'respond', id }`. */
  responseUrl(id: string): string;
  readonly calls: readonly FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /**
   * Resolves with the first call (already recorded or still to come) to `method` that matches:
   * event-driven, no polling. `waitFor('respond', (c) => c.id === 'a1')`.
   */
  waitFor(method: string, predicate?: (call: FakeSlackCall) => boolean): Promise<FakeSlackCall>;
  /** Replaces the answer to a method (e.g. make views.open fail); `undefined` restores the default. */
  override(method: string, handler: FakeSlackHandler | undefined): void;
  /** users.info answers from here, keyed by user id; edit freely. */
  users: Map<string, Record<string, unknown>>;
  /**
   * Holds the answers to a method until the returned function is called (the calls are recorded at
   * once), so a test can act while a request is in flight.
   */
  hold(method: string): () => void;
  /** How many calls were answered 429 by the per-channel limit. */
  readonly rateLimitedCount: number;
  /**
   * A file a person uploaded (to the bot's DM, say): `files.info` names it, with a `url_private_download`
   * on this fake that serves the bytes only to `Authorization: Bearer <botToken>` and otherwise, as
   * Slack does, a sign-in page. What a `file_share` event would carry comes back.
   */
  shareFile(name: string, content: Buffer | string, botToken: string): { id: string; name: string; size: number; mimetype: string; url_private_download: string };
  /** Forgets a shared file: `files.info` answers `file_not_found`, as for a deleted file. */
  deleteFile(id: string): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  users?: Record<string, Record<string, unknown>>;
  /** users.lookupByEmail answers from here: address → user id. */
  emails?: Record<string, string>;
  /**
   * Enforce Slack's posting limit: at most one `chat.postMessage` per channel in this many ms;
   * beyond it the call is answered 429 with `Retry-After` (whole seconds, as Slack sends).
   */
  postIntervalMs?: number;
}

export const FAKE_BOT = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', team: 'Acme', url: 'https://acme.slack.com/' };

/** Fields the WebClient sends JSON-encoded inside a form body. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

/**
 * A stand-in for Slack on loopback: the Web API (`POST /api/<method>`), a response_url sink
 * (`POST /respond/<id>`) and file uploads as `files.uploadV2` makes them (`files.getUploadURLExternal`
 * hands out an upload_url here, `POST /upload/<file id>` takes the bytes, `files.completeUploadExternal`
 * shares the files), recording every call. The WebClient posts form-encoded bodies (objects
 * JSON-encoded per field) and a file's bytes as multipart/form-data; Bolt's respond() posts JSON:
 * all are parsed.
 *
 *   const slack = await startFakeSlack({ users: { U1: { id: 'U1', name: 'alice' } } })
 *   createSlackClient({ token, apiUrl: slack.apiUrl })
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const waiters: { method: string; predicate: (c: FakeSlackCall) => boolean; resolve: (c: FakeSlackCall) => void }[] = [];
  const overrides = new Map<string, FakeSlackHandler>();
  const users = new Map(Object.entries(options.users ?? {}));
  let ts = 1_700_000_000;
  const lastPost = new Map<string, number>();
  const held = new Map<string, Promise<void>>();
  let rateLimitedCount = 0;
  /** Files handed an upload_url, by id, and whether their bytes arrived (Slack refuses to complete a file never uploaded). */
  const uploads = new Map<string, { filename: string; length: number; received: boolean }>();
  let fileSeq = 0;
  let url = '';
  /** Files people shared, by id: what files.info names and the download serves (to the right token only). */
  const shared = new Map<string, { name: string; content: Buffer; token: string }>();
  const emails = new Map(Object.entries(options.emails ?? {}));
  const sharedInfo = (id: string) => {
    const file = shared.get(id);
    if (file === undefined) return undefined;
    return { id, name: file.name, size: file.content.length, mimetype: 'text/csv', url_private_download: `${url}/download/${id}/${encodeURIComponent(file.name)}` };
  };

  /** Slack's one-message-per-channel pacing, measured on the fake's own clock. */
  function overPostLimit(body: Record<string, unknown>): FakeSlackReply | undefined {
    if (options.postIntervalMs === undefined) return undefined;
    const channel = String(body.channel);
    const now = performance.now();
    const last = lastPost.get(channel);
    if (last !== undefined && now - last < options.postIntervalMs) {
      rateLimitedCount += 1;
      return rateLimited(Math.max(1, Math.ceil((options.postIntervalMs - (now - last)) / 1000)));
    }
    lastPost.set(channel, now);
    return undefined;
  }

  const defaults: Record<string, FakeSlackHandler> = {
    'auth.test': () => ({ ok: true, ...FAKE_BOT }),
    'users.info': (body) => {
      const user = typeof body.user === 'string' ? users.get(body.user) : undefined;
      return user === undefined ? { ok: false, error: 'user_not_found' } : { ok: true, user };
    },
    'views.open': (body) => ({ ok: true, view: { id: 'V0001', ...asRecord(body.view) } }),
    'chat.postMessage': (body) => {
      ts += 1;
      const channel = typeof body.channel === 'string' ? body.channel : '';
      // Posting to a user id lands in the DM with them, as on Slack.
      const posted = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
      return { ok: true, channel: posted, ts: `${ts}.000100`, message: { text: body.text, blocks: body.blocks } };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: `${ts}.000200` }),
    'chat.update': (body) => ({ ok: true, channel: body.channel, ts: body.ts, text: body.text }),
    'files.getUploadURLExternal': (body) => {
      const filename = typeof body.filename === 'string' ? body.filename : '';
      const length = Number(body.length);
      if (filename === '') return { ok: false, error: 'invalid_arguments' };
      if (!Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
      fileSeq += 1;
      const fileId = `F${String(fileSeq).padStart(4, '0')}`;
      uploads.set(fileId, { filename, length, received: false });
      return { ok: true, upload_url: `${url}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (body) => {
      const files = Array.isArray(body.files) ? body.files.map(asRecord) : [];
      if (files.length === 0) return { ok: false, error: 'invalid_arguments' };
      for (const file of files) {
        const upload = typeof file.id === 'string' ? uploads.get(file.id) : undefined;
        if (upload === undefined) return { ok: false, error: 'file_not_found' };
        if (!upload.received) return { ok: false, error: 'file_upload_size_mismatch' };
      }
      return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, name: uploads.get(String(f.id))?.filename })) };
    },
    'files.info': (body) => {
      const info = typeof body.file === 'string' ? sharedInfo(body.file) : undefined;
      return info === undefined ? { ok: false, error: 'file_not_found' } : { ok: true, file: info };
    },
    'users.lookupByEmail': (body) => {
      const id = typeof body.email === 'string' ? emails.get(body.email.toLowerCase()) : undefined;
      return id === undefined ? { ok: false, error: 'users_not_found' } : { ok: true, user: { id } };
    },
    'conversations.open': (body) => {
      const user = typeof body.users === 'string' ? body.users.split(',')[0] ?? '' : '';
      return { ok: true, channel: { id: `D${user.replace(/^U/, '')}` } };
    },
  };

  const record = (call: FakeSlackCall): void => {
    calls.push(call);
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      const waiter = waiters[i];
      if (waiter !== undefined && waiter.method === call.method && waiter.predicate(call)) {
        waiters.splice(i, 1);
        waiter.resolve(call);
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: String(error) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const hasAuth = typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('Bearer ');
    const bearer = hasAuth ? req.headers.authorization?.slice('Bearer '.length) : undefined;

    const download = /^\/download\/(F\d+)\//.exec(path);
    if (req.method === 'GET' && download?.[1] !== undefined) {
      const file = shared.get(download[1]);
      record({ kind: 'download', method: 'download', id: download[1], body: {}, hasAuth, ...(bearer !== undefined && { bearer }) });
      if (file === undefined) res.writeHead(404).end();
      else if (bearer !== file.token) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>Sign in | Slack</title>');
      else res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(file.content.length) }).end(file.content);
      return;
    }
    const upload = /^\/upload\/(F\d+)$/.exec(path);
    if (req.method === 'POST' && upload?.[1] !== undefined) {
      await receiveUpload(upload[1], bytes, req.headers['content-type'], hasAuth, bearer, res);
      return;
    }
    const body = parseBody(bytes.toString('utf8'), req.headers['content-type']);
    delete body.token;

    const api = /^\/api\/([\w.]+)$/.exec(path);
    const respond = /^\/respond\/([\w.-]+)$/.exec(path);
    if (req.method === 'POST' && api?.[1] !== undefined) {
      const method = api[1];
      // Record before answering, so a waiter sees the call no later than the client sees the answer.
      record({ kind: 'api', method, body, hasAuth, ...(bearer !== undefined && { bearer }) });
      await held.get(method);
      const handler = overrides.get(method) ?? defaults[method];
      const answer = (method === 'chat.postMessage' ? overPostLimit(body) : undefined) ?? (handler === undefined ? { ok: false, error: 'unknown_method' } : handler(body));
      if (isReply(answer)) json(res, answer.body, answer.status, answer.headers);
      else json(res, answer);
      return;
    }
    if (req.method === 'POST' && respond?.[1] !== undefined) {
      record({ kind: 'respond', method: 'respond', id: respond[1], body, hasAuth });
      json(res, { ok: true });
      return;
    }
    res.writeHead(404).end();
  }

  /**
   * An upload_url as Slack's file servers take it: the bytes as the body, or (as the WebClient sends
   * them) the one file part of a multipart/form-data body. Its length must be what
   * files.getUploadURLExternal was told; the answer is Slack's plain `OK - <length>`.
   */
  async function receiveUpload(fileId: string, raw: Buffer, contentType: string | undefined, hasAuth: boolean, bearer: string | undefined, res: ServerResponse): Promise<void> {
    const expected = uploads.get(fileId);
    let content = raw;
    let filename: string | undefined;
    if (contentType?.startsWith('multipart/form-data') === true) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const parts = [...form.values()].filter((v): v is File => typeof v !== 'string');
      if (parts.length !== 1 || parts[0] === undefined) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('one file part expected');
        return;
      }
      content = Buffer.from(await parts[0].arrayBuffer());
      filename = parts[0].name;
    }
    record({ kind: 'upload', method: 'upload', id: fileId, body: { contentType: contentType ?? '', ...(filename !== undefined && { filename }) }, bytes: content, hasAuth, ...(bearer !== undefined && { bearer }) });
    if (expected === undefined || content.length !== expected.length) {
      res.writeHead(expected === undefined ? 404 : 400, { 'content-type': 'text/plain' }).end('upload refused');
      return;
    }
    expected.received = true;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${content.length}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id) => `${url}/respond/${id}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(method, predicate = () => true) {
      const seen = calls.find((c) => c.method === method && predicate(c));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ method, predicate, resolve }));
    },
    override(method, handler) {
      if (handler === undefined) overrides.delete(method);
      else overrides.set(method, handler);
    },
    users,
    hold(method) {
      let release: () => void = () => undefined;
      held.set(method, new Promise<void>((resolve) => { release = resolve; }));
      return () => {
        held.delete(method);
        release();
      };
    },
    get rateLimitedCount() {
      return rateLimitedCount;
    },
    shareFile(name, content, botToken) {
      fileSeq += 1;
      const id = `F${String(fileSeq).padStart(4, '0')}`;
      shared.set(id, { name, content: Buffer.isBuffer(content) ? content : Buffer.from(content), token: botToken });
      const info = sharedInfo(id);
      if (info === undefined) throw new Error('unreachable: the file was just shared');
      return info;
    },
    deleteFile(id) {
      shared.delete(id);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json') === true) return asRecord(JSON.parse(raw));
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return body;
}

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

function json(res: ServerResponse, body: Record<string, unknown>, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

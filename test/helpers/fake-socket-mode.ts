import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FakeSlack } from './fake-slack.ts';
import { slashCommandBody, type SlashCommandFields } from './slack-sign.ts';

/** What the client sends back for an envelope: `{ envelope_id, payload }` (payload `{}` for a bare ack). */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** Connections the client opened so far (each one got a `hello`): a reconnect shows as a second. */
  readonly connections: number;
  /** Resolves once a client is connected and has been sent `hello`. */
  connected(): Promise<void>;
  /**
   * Sends an envelope as Slack does (`{ envelope_id, type, payload, accepts_response_payload }`) on
   * the open connection and resolves with the client's ack for that envelope_id.
   */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<SocketModeAck>;
  /** A slash command envelope: the same fields (and defaults) as a slash command over HTTP. */
  slashCommand(fields: Partial<SlashCommandFields>): Promise<SocketModeAck>;
  /**
   * Makes `apps.connections.open` refuse with this error (`invalid_auth` for a revoked app token)
   * until called with `undefined`.
   */
  refuse(error: string | undefined): void;
  /** The close code the client sent on its latest connection (1000: a normal close); undefined while open. */
  readonly closeCode: number | undefined;
  /** Drops every connection, stops listening, and gives `apps.connections.open` back to the fake's default. */
  close(): Promise<void>;
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * Slack's side of Socket Mode on loopback. `apps.connections.open` on the fake Web API answers with
 * a one-use `ws://127.0.0.1:<port>/link/?ticket=…&app_id=A0001` (the shape of Slack's
 * `wss://wss-primary.slack.com/link/?ticket=…`); the client connects there, gets `hello`, and acks
 * every envelope with `{ envelope_id, payload }`. Client pings are answered with pongs, as Slack does;
 * the fake never pings first (the SDK only watches server pings once one came).
 *
 * A minimal RFC 6455 server on node:http (no `ws` package is installed: @slack/socket-mode 3 connects
 * with undici's WebSocket).
 *
 *   const fake = await startFakeSlack()
 *   const socket = await startFakeSocketMode(fake)
 *   const ack = await socket.slashCommand({ command: '/deal', text: '12500 Acme Corp' })
 */
export async function startFakeSocketMode(fake: FakeSlack): Promise<FakeSocketMode> {
  const tickets = new Set<string>();
  const open = new Set<Duplex>();
  let current: Duplex | undefined;
  let connections = 0;
  let envelopes = 0;
  const ackWaiters = new Map<string, (ack: SocketModeAck) => void>();
  let connectedWaiters: (() => void)[] = [];
  let lastCloseCode: number | undefined;
  let refusal: string | undefined;

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    // Like Slack: a ticket works once (a reconnect calls apps.connections.open again).
    if (url.pathname !== '/link/' || !tickets.delete(ticket) || typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    open.add(socket);
    current = socket;
    connections += 1;
    lastCloseCode = undefined;
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      open.delete(socket);
      if (current === socket) current = undefined;
    });
    readFrames(socket, head, (opcode, data) => {
      if (opcode === OP.ping) socket.write(frame(OP.pong, data));
      else if (opcode === OP.close) {
        lastCloseCode = data.length >= 2 ? data.readUInt16BE(0) : 1005;
        // Echo the close, then end the TCP connection: the server closes first, as RFC 6455 asks.
        socket.end(frame(OP.close, data.subarray(0, 2)));
      } else if (opcode === OP.text) {
        const ack = asAck(parseJson(data.toString('utf8')));
        if (ack !== undefined) {
          ackWaiters.get(ack.envelope_id)?.(ack);
          ackWaiters.delete(ack.envelope_id);
        }
      }
    });
    const hello = {
      type: 'hello',
      num_connections: open.size,
      debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0001' },
    };
    socket.write(frame(OP.text, Buffer.from(JSON.stringify(hello))));
    for (const resolve of connectedWaiters) resolve();
    connectedWaiters = [];
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.override('apps.connections.open', () => {
    if (refusal !== undefined) return { ok: false, error: refusal };
    const ticket = randomBytes(8).toString('hex');
    tickets.add(ticket);
    return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=A0001` };
  });

  const send: FakeSocketMode['send'] = (type, payload) => {
    const socket = current;
    if (socket === undefined) return Promise.reject(new Error('no Socket Mode client is connected'));
    envelopes += 1;
    const envelopeId = `env-${envelopes}-${randomBytes(4).toString('hex')}`;
    const acked = new Promise<SocketModeAck>((resolve) => ackWaiters.set(envelopeId, resolve));
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' };
    socket.write(frame(OP.text, Buffer.from(JSON.stringify(envelope))));
    return acked;
  };

  return {
    get connections() {
      return connections;
    },
    connected: () => (current !== undefined ? Promise.resolve() : new Promise<void>((resolve) => connectedWaiters.push(resolve))),
    send,
    refuse: (error) => {
      refusal = error;
    },
    slashCommand: (fields) => send('slash_commands', Object.fromEntries(new URLSearchParams(slashCommandBody(fields)))),
    get closeCode() {
      return lastCloseCode;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        fake.override('apps.connections.open', undefined);
        for (const socket of open) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Calls `onFrame` with each complete message (fragments joined) or control frame the client sends. */
function readFrames(socket: Duplex, head: Buffer, onFrame: (opcode: number, data: Buffer) => void): void {
  let buffer = Buffer.alloc(0);
  let fragments: { opcode: number; parts: Buffer[] } | undefined;
  const consume = (chunk: Buffer): void => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const first = buffer.readUInt8(0);
      const second = buffer.readUInt8(1);
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (second & 0x80) !== 0;
      const start = offset + (masked ? 4 : 0);
      if (buffer.length < start + length) return;
      const data = Buffer.from(buffer.subarray(start, start + length));
      // Clients mask every frame (RFC 6455 §5.3).
      if (masked) for (let i = 0; i < data.length; i += 1) data.writeUInt8(data.readUInt8(i) ^ buffer.readUInt8(offset + (i % 4)), i);
      buffer = buffer.subarray(start + length);
      const fin = (first & 0x80) !== 0;
      const opcode = first & 0x0f;
      if (opcode >= OP.close) onFrame(opcode, data);
      else if (opcode !== OP.continuation && fin) onFrame(opcode, data);
      else if (opcode !== OP.continuation) fragments = { opcode, parts: [data] };
      else if (fragments !== undefined) {
        fragments.parts.push(data);
        if (fin) {
          onFrame(fragments.opcode, Buffer.concat(fragments.parts));
          fragments = undefined;
        }
      }
    }
  };
  socket.on('data', (chunk: Buffer) => consume(chunk));
  if (head.length > 0) consume(head);
}

/** One unmasked, unfragmented server frame. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asAck(message: unknown): SocketModeAck | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const envelopeId: unknown = Reflect.get(message, 'envelope_id');
  if (typeof envelopeId !== 'string') return undefined;
  const payload: unknown = Reflect.get(message, 'payload');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { envelope_id: envelopeId };
  return { envelope_id: envelopeId, payload: Object.fromEntries(Object.entries(payload)) };
}

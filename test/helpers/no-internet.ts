/**
 * Vitest setup file: tests may talk to loopback (PostgreSQL, Redis, fake Slack/Teams APIs) and Unix
 * sockets, never to another host. Every TCP client in Node (http, https, tls, fetch/undici, pg,
 * ioredis) ends in `net.Socket.prototype.connect`, so guarding that one method covers them all.
 *
 * A forbidden connection fails with an error on the socket (so the caller sees it at once), and the
 * current test fails in `afterEach` even if the caller swallowed that error (retry loops, SDKs that
 * log and carry on).
 */
import net from 'node:net';
import { afterAll, afterEach } from 'vitest';

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
// "This host": a client connecting to the unspecified address reaches a local listener, never the network.
loopback.addAddress('0.0.0.0', 'ipv4');
loopback.addAddress('::', 'ipv6');

/** Whether a connection target stays on this machine. Exported for the guard's own test. */
export function isLocalTarget(target: { path?: unknown; host?: unknown }): boolean {
  if (typeof target.path === 'string' && target.path !== '') return true;
  if (target.host === undefined || target.host === null || target.host === '') return true; // Node's default is localhost
  if (typeof target.host !== 'string') return false;
  const host = target.host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost') return true;
  const family = net.isIP(host);
  if (family === 4) return loopback.check(host, 'ipv4');
  if (family === 6) return loopback.check(host, 'ipv6');
  // Any other name needs DNS and could resolve anywhere.
  return false;
}

/** Reads the target out of any of `socket.connect`'s call shapes. */
function targetOf(args: unknown[]): { path?: unknown; host?: unknown; port?: unknown } {
  // net.connect() passes its already-normalized arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const { path, host, port } = first as Record<string, unknown>;
    return { path, host, port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  const second = Array.isArray(args[0]) ? undefined : args[1];
  return { port: first, host: typeof second === 'string' ? second : undefined };
}

const violations: string[] = [];
const originalConnect = net.Socket.prototype.connect;

// The overloads of connect() cannot be restated one by one; the wrapper forwards whatever it got.
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const target = targetOf(args);
  if (isLocalTarget(target)) {
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  }
  const where = `${String(target.host)}:${String(target.port)}`;
  const error = Object.assign(new Error(`Tests must not reach the internet: blocked a connection to ${where}`), {
    code: 'EPACER_NO_INTERNET',
  });
  violations.push(where);
  console.error(`[no-internet] ${error.message}\n${(new Error().stack ?? '').split('\n').slice(1).join('\n')}`);
  process.nextTick(() => this.destroy(error));
  return this;
} as typeof net.Socket.prototype.connect;

/** Returns and forgets the blocked attempts: only for the guard's own test, which makes one on purpose. */
export function drainViolations(): string[] {
  return violations.splice(0);
}

function failOnViolations(): void {
  if (violations.length === 0) return;
  const list = violations.splice(0).join(', ');
  throw new Error(`Tests must not reach the internet; attempted: ${list}`);
}

afterEach(failOnViolations);
// Connections made from beforeAll/afterAll hooks are caught here.
afterAll(failOnViolations);

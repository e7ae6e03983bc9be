import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Slow or partial requests are cut off, on real sockets: a half-sent body, a header drip, an idle
 * kept-alive connection, too many requests on one connection, too many connections.
 */

/** Long enough to show that the cut comes from the timeout, far below it for a generous upper bound. */
const UPPER_BOUND_MS = 5000;

interface RawConnection {
  socket: net.Socket;
  received: () => string;
  /** Resolves with the time the server closed the connection, in ms since it was opened. */
  closed: Promise<number>;
}

function connect(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    let data = '';
    const socket = net.connect({ port, host: '127.0.0.1' });
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - opened)));
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => {}); // a reset is one of the ways to be cut off
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms))]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timeouts', () => {
  let app: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({
      env: {
        FOYER_HTTP_REQUEST_TIMEOUT_MS: '800',
        FOYER_HTTP_HEADERS_TIMEOUT_MS: '400',
        FOYER_HTTP_IDLE_TIMEOUT_MS: '10000',
        FOYER_HTTP_KEEP_ALIVE_TIMEOUT_MS: '400',
        FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '3',
      },
    });
    ({ token } = await newBrokerKey(app));
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    port = (app.http.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.destroy();
  });

  it('closes a connection whose body, announced whole, arrives only in part (with a valid key)', async () => {
    const c = await connect(port);
    c.socket.write(
      `POST /crediteo/prospect HTTP/1.1\r\nHost: foyer.test\r\nx-crediteo-user-auth-token: ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"nom": "Dur',
    );
    const elapsed = await within(c.closed, UPPER_BOUND_MS, 'half-sent body');
    expect(elapsed).toBeGreaterThanOrEqual(700);
    const answer = c.received();
    if (answer) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off headers that drip in slowly, even though bytes keep coming', async () => {
    const c = await connect(port);
    c.socket.write('GET /crediteo/dossiers HTTP/1.1\r\nHost: foyer.test\r\n');
    let sent = 0;
    const drip = setInterval(() => {
      if (!c.socket.destroyed) c.socket.write(`X-Drip-${sent++}: a\r\n`);
    }, 50);
    try {
      const elapsed = await within(c.closed, UPPER_BOUND_MS, 'header drip');
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(sent).toBeGreaterThan(4);
      const answer = c.received();
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection that never sends a byte', async () => {
    const c = await connect(port);
    await within(c.closed, UPPER_BOUND_MS, 'silent connection');
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const c = await connect(port);
    c.socket.write('GET /health HTTP/1.1\r\nHost: foyer.test\r\n\r\n');
    const elapsed = await within(c.closed, UPPER_BOUND_MS, 'kept-alive connection');
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.received()).toMatch(/keep-alive/i);
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });

  it('closes a connection after its allowed number of requests', async () => {
    const c = await connect(port);
    for (let i = 0; i < 3; i++) {
      c.socket.write('GET /health HTTP/1.1\r\nHost: foyer.test\r\n\r\n');
      await sleep(50);
    }
    await within(c.closed, UPPER_BOUND_MS, 'connection past its request quota');
    const responses = c.received().split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(3);
    expect(responses[2]).toMatch(/^HTTP\/1\.1 200 [\s\S]*connection: close/i);
  });
});

describe('connection ceiling', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp({ env: { FOYER_HTTP_MAX_CONNECTIONS: '3', FOYER_HTTP_HEADERS_TIMEOUT_MS: '20000' } });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    port = (app.http.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.destroy();
  });

  const serverConnections = () =>
    new Promise<number>((resolve, reject) => app.http.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

  it('refuses the connection beyond the ceiling at once, and accepts again once one closes', async () => {
    const held = await Promise.all([connect(port), connect(port), connect(port)]);
    for (let i = 0; (await serverConnections()) < 3 && i < 100; i++) await sleep(20);
    expect(await serverConnections()).toBe(3);

    const extra = await connect(port);
    extra.socket.write('GET /health HTTP/1.1\r\nHost: foyer.test\r\nConnection: close\r\n\r\n');
    await within(extra.closed, UPPER_BOUND_MS, 'connection beyond the ceiling');
    expect(extra.received()).toBe('');

    held[0]!.socket.destroy();
    for (let i = 0; (await serverConnections()) > 2 && i < 100; i++) await sleep(20);
    const next = await connect(port);
    next.socket.write('GET /health HTTP/1.1\r\nHost: foyer.test\r\nConnection: close\r\n\r\n');
    await within(next.closed, UPPER_BOUND_MS, 'connection under the ceiling');
    expect(next.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const c of held) c.socket.destroy();
  });
});

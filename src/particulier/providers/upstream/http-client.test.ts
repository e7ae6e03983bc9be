import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './http-client.ts';

/**
 * A pooled keep-alive connection that the server closed while it sat idle, picked up before this
 * process noticed (its event loop was busy): the call is retried on a new connection, not failed.
 */
describe('request over a stale keep-alive connection', () => {
  let server: http.Server;
  let url: URL;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('retries once on a new connection', async () => {
    expect(await request(url, { headers: {}, timeoutMs: 5000 })).toEqual({ status: 200, text: 'ok' });
    expect(sockets).toHaveLength(1);
    // In one turn of the event loop: the server drops the idle connection (as its keep-alive timeout
    // would), and the next call takes it from the pool before this loop could read the close.
    const pending = await new Promise<Promise<unknown>>((resolve) => {
      setImmediate(() => {
        sockets[0]!.destroy();
        const until = Date.now() + 50;
        while (Date.now() < until);
        resolve(request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x', timeoutMs: 5000 }));
      });
    });
    expect(await pending).toEqual({ status: 200, text: 'ok' });
    expect(sockets).toHaveLength(2);
  });
});

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';

/** SIGTERM calls `app.close()`: a request already being received must still get its answer. */
describe('graceful close', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    ({ token } = await newBrokerKey(app));
    await app.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('finishes an in-flight request before closing, then refuses new connections', async () => {
    const { port } = app.http.server.address() as net.AddressInfo;
    const body = JSON.stringify({ nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', tel: '0658957412' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (d) => (response += d));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      `POST /crediteo/prospect HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
        `X-CREDITEO-USER-AUTH-TOKEN: ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write(body.slice(10));
    await ended;
    await closing;

    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toMatch(/"dossier":\{"ref":"[^"]+","id":"[^"]+"\}/);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

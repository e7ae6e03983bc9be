import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startServer } from './processes.ts';

/**
 * One owner for the embedded database, with real processes: while `foyer serve` runs, admin
 * commands go through its socket (and take effect at once), a second server is refused, and after
 * a kill -9 the next server takes the stale lock over and finds the data.
 */
describe('the data directory has one owner', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-owner-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const lockFile = path.join(dataDir, 'foyer.lock');
  const socketFile = path.join(dataDir, 'admin.sock');
  const lockHolder = () => JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid: number; owner: string };

  it('runs admin commands through the running server, refuses a second server, survives kill -9', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/crediteo`;
    const list = (token: string) => fetch(`${base}/dossiers`, { headers: { 'x-crediteo-user-auth-token': token } });
    const notFound = { error: 'API KEY not found.', apiguide: `http://localhost:${port}/crediteo/guide#auth`, code: 404 };

    const first = startServer(dataDir, port);
    children.push(first.child);
    await first.listening;
    expect(lockHolder()).toMatchObject({ pid: first.child.pid, owner: 'serve' });
    const socket = fs.statSync(socketFile);
    expect(socket.isSocket()).toBe(true);
    expect((socket.mode & 0o777).toString(8)).toBe('600');

    // broker:create through the socket: the token works at once.
    const created = await runCli(dataDir, ['broker:create', '--name', 'Cabinet X']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const broker = JSON.parse(created.stdout) as { brokerId: string; keyId: string; token: string };
    expect(broker.token).toMatch(/^foyer_bk_/);
    expect((await list(broker.token)).status).toBe(200);

    // broker:key works too; the new key is used (and cached) before it is revoked.
    const added = await runCli(dataDir, ['broker:key', '--broker', broker.brokerId]);
    expect(added.code).toBe(0);
    const second = JSON.parse(added.stdout) as { keyId: string; token: string };
    expect((await list(second.token)).status).toBe(200);

    const revoked = await runCli(dataDir, ['broker:revoke', '--key', second.keyId]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: second.keyId });
    const revokedAt = Date.now();
    let answer = await list(second.token);
    while (answer.status === 200 && Date.now() - revokedAt < 1_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await list(second.token);
    }
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual(notFound);
    expect((await list(broker.token)).status).toBe(200);

    // A refusal travels back through the socket with its exit status.
    const again = await runCli(dataDir, ['broker:revoke', '--key', second.keyId]);
    expect(again).toMatchObject({ code: 2, stdout: '', stderr: `no active key ${second.keyId}\n` });

    // A second server on the same directory is refused before it opens anything; the first keeps serving.
    const intruder = startServer(dataDir, await freePort());
    children.push(intruder.child);
    expect(await intruder.exited).toBe(2);
    expect(intruder.output()).toContain(
      `foyer: the data directory ${dataDir} is in use by process ${first.child.pid} (foyer serve); two processes cannot open one embedded database.`,
    );
    expect(lockHolder()).toMatchObject({ pid: first.child.pid });
    expect((await list(broker.token)).status).toBe(200);
    const migrate = await runCli(dataDir, ['migrate']);
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain(`is in use by process ${first.child.pid} (foyer serve); it applied the migrations when it started.`);

    // kill -9 leaves a lock and a socket behind; the next server takes both over and finds the data.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(lockFile)).toBe(true);
    expect(fs.existsSync(socketFile)).toBe(true);
    const next = startServer(dataDir, port);
    children.push(next.child);
    await next.listening;
    expect(lockHolder()).toMatchObject({ pid: next.child.pid, owner: 'serve' });
    expect((fs.statSync(socketFile).mode & 0o777).toString(8)).toBe('600');
    expect((await list(broker.token)).status).toBe(200);
    expect((await list(second.token)).status).toBe(404);
    const dead = await runCli(dataDir, ['jobs:dead']);
    expect(dead).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(dead.stdout)).toEqual([]);

    // A clean stop removes the socket and the lock; a command then opens the directory itself.
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(fs.existsSync(socketFile)).toBe(false);
    expect(fs.existsSync(lockFile)).toBe(false);
    const offline = await runCli(dataDir, ['broker:key', '--broker', broker.brokerId]);
    expect(offline.code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);

    const last = startServer(dataDir, port);
    children.push(last.child);
    await last.listening;
    expect((await list((JSON.parse(offline.stdout) as { token: string }).token)).status).toBe(200);
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);
  }, 300_000);
});

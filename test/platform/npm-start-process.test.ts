import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a supervisor or a container's PID 1 runs it: SIGTERM goes to the npm process
 * only. npm forwards it to its child; the server must be that child (not a shell or a loader's
 * wrapper that dies and leaves the server orphaned), drain, and exit 0 — and npm with it.
 * Linux only: the process tree is read from /proc.
 */
const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Live (non-zombie) processes under `rootPid`, itself included. */
function liveTree(rootPid: number): { pid: number; command: string }[] {
  const procs = new Map<number, { ppid: number; state: string; command: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      procs.set(Number(entry), { ppid: Number(ppid), state: state!, command });
    } catch {
      // ended meanwhile
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, p] of procs) if (p.ppid === tree[i]) tree.push(pid);
  return tree.filter((pid) => procs.has(pid) && procs.get(pid)!.state !== 'Z').map((pid) => ({ pid, command: procs.get(pid)!.command }));
}

const alive = (pid: number) => {
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-npm-start-'));
  const started: number[] = [];
  afterAll(() => {
    // Whatever this test started and is still running (a failed run) is stopped, by pid.
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is one server process that SIGTERM to npm drains and stops; npm exits 0 and nothing is left', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, FOYER_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      npm.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not listen:\n${output}`)), 170_000);
      npm.stdout.on('data', () => {
        if (output.includes('Foyer listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(({ code }) => reject(new Error(`npm start exited ${code}:\n${output}`)));
    });

    const tree = liveTree(npm.pid!);
    started.push(...tree.map((p) => p.pid));
    const below = tree.filter((p) => p.pid !== npm.pid);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    npm.kill('SIGTERM');
    expect(await exited).toStrictEqual({ code: 0, signal: null });
    expect(output).toContain('SIGTERM received');
    // npm waits for its child: by the time it exits, the server is gone, and nothing else is left.
    expect(tree.filter((p) => alive(p.pid))).toStrictEqual([]);
    // npm's child is the server itself: no shell or loader wrapper in between to die and orphan it.
    expect(below.map((p) => p.command), JSON.stringify(tree)).toHaveLength(1);
    expect(below[0]!.command).toMatch(/^\S*node .* serve$/);
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireDataDirLock, dataDirHolder, DataDirInUseError, LOCK_FILE, readLock, removeStale } from './data-dir-lock.ts';
import { processStartOf } from './process-liveness.ts';

describe('data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-lock-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lockFile = () => path.join(dir, LOCK_FILE);
  const writeLock = (holder: object) => fs.writeFileSync(lockFile(), JSON.stringify(holder));
  /** A pid that surely belongs to no process: one that just exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

  it('holds the directory for one owner, names it in the refusal, and frees it on release', async () => {
    const lock = await acquireDataDirLock(dir, 'serve');
    const stored = JSON.parse(fs.readFileSync(lockFile(), 'utf8'));
    expect(stored).toMatchObject({ pid: process.pid, owner: 'serve', processStart: processStartOf(process.pid) });
    expect((fs.statSync(lockFile()).mode & 0o777).toString(8)).toBe('600');
    await expect(acquireDataDirLock(dir, 'broker:create')).rejects.toThrow(
      new DataDirInUseError(dir, stored).message,
    );
    await expect(acquireDataDirLock(dir, 'broker:create')).rejects.toThrow(`the data directory ${dir} is in use by process ${process.pid} (foyer serve)`);
    expect(dataDirHolder(dir)).toMatchObject({ pid: process.pid, owner: 'serve' });
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(dataDirHolder(dir)).toBeNull();
    (await acquireDataDirLock(dir, 'migrate')).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses while another live process holds it', async () => {
    writeLock({ pid: process.ppid, owner: 'serve', processStart: processStartOf(process.ppid), nonce: 'other' });
    await expect(acquireDataDirLock(dir, 'serve')).rejects.toThrow(`is in use by process ${process.ppid} (foyer serve)`);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).nonce).toBe('other');
  });

  it('takes over a lock whose process is dead, or whose pid was reused by another process', async () => {
    for (const stale of [
      { pid: deadPid(), owner: 'serve', processStart: null, nonce: 'dead' },
      { pid: process.ppid, owner: 'serve', processStart: '1', nonce: 'reused' },
      { pid: process.pid, owner: 'serve', processStart: processStartOf(process.pid), nonce: 'previous-life' },
    ]) {
      writeLock(stale);
      const lock = await acquireDataDirLock(dir, 'serve');
      expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, nonce: lock.holder.nonce });
      lock.release();
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('never lets a slow starter remove the lock another starter just took over', async () => {
    writeLock({ pid: deadPid(), owner: 'serve', processStart: null, nonce: 'dead' });
    // The slow starter read the stale lock, then paused…
    const seen = readLock(lockFile())!;
    // …while a quicker one took the directory over.
    const winner = await acquireDataDirLock(dir, 'serve');
    const slow = { pid: 1, owner: 'serve', startedAt: '', processStart: null, nonce: 'slow' };
    expect(removeStale(lockFile(), seen, slow)).toBe(false);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).nonce).toBe(winner.holder.nonce);
    winner.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock file that is not a lock', async () => {
    fs.writeFileSync(lockFile(), 'garbage');
    (await acquireDataDirLock(dir, 'serve')).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('drops a takeover claim abandoned by a starter that died, but not a fresh one', async () => {
    writeLock({ pid: deadPid(), owner: 'serve', processStart: null, nonce: 'dead' });
    const claim = `${lockFile()}.stale-${fs.statSync(lockFile()).ino}`;
    fs.linkSync(lockFile(), claim);
    await expect(acquireDataDirLock(dir, 'serve')).rejects.toThrow(`another process kept taking over its stale lock ${lockFile()}; try again`);
    expect(fs.existsSync(claim)).toBe(true);
    const now = Date.now();
    // While the claim is fresh, its owner may still be taking over: wait rather than race it.
    vi.spyOn(Date, 'now').mockReturnValue(now + 11_000);
    const lock = await acquireDataDirLock(dir, 'serve');
    expect(fs.existsSync(claim)).toBe(false);
    lock.release();
  });
});

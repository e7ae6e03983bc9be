import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './processes.ts';

/**
 * Several processes start together on a directory whose lock was left by a killed server: exactly
 * one of them takes it over, the others are refused and told which process holds it.
 */
describe('taking over a stale data directory lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-race-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const contender = (goAt: number) =>
    new Promise<{ pid: number; acquired: boolean; holder?: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/platform/fixtures/hold-lock.ts', dataDir, String(goAt), '2500'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`contender exited ${code}: ${out}`))));
    });

  it('lets exactly one of four simultaneous starters win', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(path.join(dataDir, 'foyer.lock'), JSON.stringify({ pid: deadPid, owner: 'serve', processStart: null, nonce: 'killed' }));
    const goAt = Date.now() + 8_000;
    const results = await Promise.all([1, 2, 3, 4].map(() => contender(goAt)));
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.acquired)) expect(loser.holder).toBe(winners[0]!.pid);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});

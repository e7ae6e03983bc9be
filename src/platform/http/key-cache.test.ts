import { describe, expect, it } from 'vitest';
import { KeyCache } from './key-cache.ts';

describe('KeyCache', () => {
  const actor = (keyId: string) => ({ ownerId: 'b', keyId });

  it('keeps a valid key, and forgets it at once when it is evicted', async () => {
    const loads: string[] = [];
    const cache = new KeyCache(async (token) => {
      loads.push(token);
      return actor(token === 't1' ? 'k1' : 'k2');
    });
    await cache.get('t1');
    await cache.get('t1');
    await cache.get('t2');
    expect(loads).toEqual(['t1', 't2']);
    cache.evictKey('k1');
    await cache.get('t1');
    await cache.get('t2');
    expect(loads).toEqual(['t1', 't2', 't1']);
  });

  it('does not keep a key read before a revocation that happened while it was being read', async () => {
    let loads = 0;
    let release!: () => void;
    const cache = new KeyCache(async () => {
      loads++;
      if (loads === 1) await new Promise<void>((resolve) => (release = resolve));
      return actor('k1');
    });
    const inFlight = cache.get('t1');
    await Promise.resolve();
    cache.evictKey('k1');
    release();
    await inFlight;
    await cache.get('t1');
    expect(loads).toBe(2);
  });
});

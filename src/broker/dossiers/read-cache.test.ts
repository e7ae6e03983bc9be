import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.ts';

describe('ReadCache', () => {
  it('serves what was set, with its owner', () => {
    const cache = new ReadCache(1000);
    cache.set('f1', 'file:1', cache.epoch, 'broker-a', '{"a":1}');
    expect(cache.get('f1')).toMatchObject({ text: '{"a":1}', owner: 'broker-a' });
  });

  it('drops a scope on invalidation and keeps the others', () => {
    const cache = new ReadCache(1000);
    cache.set('f1', 'file:1', cache.epoch, 'a', 'one');
    cache.set('f2', 'file:2', cache.epoch, 'a', 'two');
    cache.set('l1', 'list:a', cache.epoch, 'a', 'list');
    cache.invalidate('file:1', 'list:a');
    expect(cache.get('f1')).toBeUndefined();
    expect(cache.get('l1')).toBeUndefined();
    expect(cache.get('f2')?.text).toBe('two');
  });

  it('refuses a result read before a write that committed meanwhile', () => {
    const cache = new ReadCache(1000);
    const noted = cache.epoch;
    cache.invalidate('file:1');
    cache.set('f1', 'file:1', noted, 'a', 'stale');
    expect(cache.get('f1')).toBeUndefined();
  });

  it('never replaces a newer version of a file with an older one', () => {
    const cache = new ReadCache(1000);
    cache.set('f1', 'file:1', null, 'a', 'v3', 3);
    cache.set('f1', 'file:1', null, 'a', 'v2', 2);
    expect(cache.get('f1')?.text).toBe('v3');
    cache.set('f1', 'file:1', null, 'a', 'v4', 4);
    expect(cache.get('f1')?.text).toBe('v4');
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new ReadCache(10);
    cache.set('a', 'sa', cache.epoch, 'x', '1234');
    cache.set('b', 'sb', cache.epoch, 'x', '1234');
    cache.get('a');
    cache.set('c', 'sc', cache.epoch, 'x', '1234');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.text).toBe('1234');
    expect(cache.get('c')?.text).toBe('1234');
    expect(cache.size).toBe(2);
  });
});

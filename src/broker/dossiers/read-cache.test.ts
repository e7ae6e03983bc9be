import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.ts';

describe('ReadCache', () => {
  it('serves what was set, to the broker it was set for', () => {
    const cache = new ReadCache(1000);
    cache.set('broker-a', 'f1', 'file:1', cache.epoch, '{"a":1}');
    expect(cache.get('broker-a', 'f1')).toBe('{"a":1}');
  });

  it('keeps each broker\'s entries apart: another broker misses, and cannot replace or drop them', () => {
    const cache = new ReadCache(1000);
    cache.set('broker-a', 'f1', 'file:1', null, 'mine', 2);
    expect(cache.get('broker-b', 'f1')).toBeUndefined();
    cache.set('broker-b', 'f1', 'file:1', null, 'theirs', 3);
    cache.invalidate('broker-b', 'file:1');
    expect(cache.get('broker-a', 'f1')).toBe('mine');
    expect(cache.get('broker-b', 'f1')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('drops a scope on invalidation and keeps the others', () => {
    const cache = new ReadCache(1000);
    cache.set('a', 'f1', 'file:1', cache.epoch, 'one');
    cache.set('a', 'f2', 'file:2', cache.epoch, 'two');
    cache.set('a', 'l1', 'list', cache.epoch, 'list');
    cache.invalidate('a', 'file:1', 'list');
    expect(cache.get('a', 'f1')).toBeUndefined();
    expect(cache.get('a', 'l1')).toBeUndefined();
    expect(cache.get('a', 'f2')).toBe('two');
  });

  it('refuses a result read before a write that committed meanwhile', () => {
    const cache = new ReadCache(1000);
    const noted = cache.epoch;
    cache.invalidate('a', 'file:1');
    cache.set('a', 'f1', 'file:1', noted, 'stale');
    expect(cache.get('a', 'f1')).toBeUndefined();
  });

  it('never replaces a newer version of a file with an older one', () => {
    const cache = new ReadCache(1000);
    cache.set('a', 'f1', 'file:1', null, 'v3', 3);
    cache.set('a', 'f1', 'file:1', null, 'v2', 2);
    expect(cache.get('a', 'f1')).toBe('v3');
    cache.set('a', 'f1', 'file:1', null, 'v4', 4);
    expect(cache.get('a', 'f1')).toBe('v4');
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new ReadCache(10);
    cache.set('x', 'a', 'sa', cache.epoch, '1234');
    cache.set('x', 'b', 'sb', cache.epoch, '1234');
    cache.get('x', 'a');
    cache.set('x', 'c', 'sc', cache.epoch, '1234');
    expect(cache.get('x', 'b')).toBeUndefined();
    expect(cache.get('x', 'a')).toBe('1234');
    expect(cache.get('x', 'c')).toBe('1234');
    expect(cache.size).toBe(2);
  });
});

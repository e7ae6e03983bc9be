import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { masterKeyId, open, rewrap, seal, SEAL_SLICE_BYTES, sealInChunks } from './envelope.ts';

const master = randomBytes(32);
const other = randomBytes(32);
const text = Buffer.from('Pièce d’identité de Marie Curie, née le 7 novembre 1867');

describe('envelope encryption', () => {
  it('opens what it sealed, and the body holds no plaintext', () => {
    const sealed = seal(master, 'rental/a/b', text);
    expect(sealed.body.includes(Buffer.from('Marie Curie'))).toBe(false);
    expect(sealed.body.length).toBe(text.length + 28);
    expect(sealed.envelope.keyId).toBe(masterKeyId(master));
    expect(open(master, 'rental/a/b', sealed).equals(text)).toBe(true);
  });

  it('seals in pieces what opens as one body, over several slices and on a slice boundary', async () => {
    for (const size of [0, text.length, SEAL_SLICE_BYTES, 2 * SEAL_SLICE_BYTES + 17]) {
      const plaintext = Buffer.concat([text, randomBytes(Math.max(0, size - text.length))]).subarray(0, size);
      const sealed = await sealInChunks(master, 'rental/a/b', plaintext);
      const body = Buffer.concat(sealed.chunks);
      expect(body.length).toBe(sealed.length);
      expect(sealed.length).toBe(size + 28);
      expect(open(master, 'rental/a/b', { body, envelope: sealed.envelope }).equals(plaintext)).toBe(true);
      expect(() => open(master, 'rental/a/c', { body, envelope: sealed.envelope })).toThrow('does not authenticate');
    }
  });

  it('uses a new data key per blob: the same plaintext seals differently', () => {
    const a = seal(master, 'k', text);
    const b = seal(master, 'k', text);
    expect(a.body.equals(b.body)).toBe(false);
    expect(a.envelope.wrappedKey.equals(b.envelope.wrappedKey)).toBe(false);
  });

  it('refuses a body moved under another name, an altered body, or another master key', () => {
    const sealed = seal(master, 'rental/a/b', text);
    expect(() => open(master, 'rental/a/c', sealed)).toThrow('does not authenticate');
    const altered = Buffer.from(sealed.body);
    altered[20] = altered[20]! ^ 1;
    expect(() => open(master, 'rental/a/b', { ...sealed, body: altered })).toThrow('does not authenticate');
    expect(() => open(other, 'rental/a/b', sealed)).toThrow(`wrapped by master key ${masterKeyId(master)}`);
  });

  it('rewraps the data key for a new master key without touching the body', () => {
    const sealed = seal(master, 'k', text);
    const envelope = rewrap(master, other, sealed.envelope);
    expect(envelope.keyId).toBe(masterKeyId(other));
    expect(open(other, 'k', { body: sealed.body, envelope }).equals(text)).toBe(true);
    expect(() => open(master, 'k', { body: sealed.body, envelope })).toThrow();
  });
});

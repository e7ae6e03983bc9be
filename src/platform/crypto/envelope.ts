import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption: each blob is sealed with AES-256-GCM under its own random data key, and the
 * data key is stored wrapped (AES-256-GCM again) by the master key. Rotating the master key rewraps
 * the small data keys and never rewrites a blob.
 */
export interface Envelope {
  /** Which master key wrapped the data key (`masterKeyId`), so a rotation knows what to rewrap. */
  keyId: string;
  /** nonce (12) | wrapped data key (32) | tag (16). */
  wrappedKey: Buffer;
}

export interface Sealed {
  /** nonce (12) | ciphertext | tag (16): what the blob store holds. */
  body: Buffer;
  envelope: Envelope;
}

const NONCE = 12;
const TAG = 16;

/** A public fingerprint of the master key: never the key, never enough to find it. */
export function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256').update('foyer-master-key-id\0').update(masterKey).digest('hex').slice(0, 16);
}

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]);
}

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE + TAG) throw new EnvelopeError('sealed data is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
  } catch {
    throw new EnvelopeError('sealed data does not authenticate (wrong key, or altered)');
  }
}

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

const WRAP_AAD = Buffer.from('foyer-data-key');

/**
 * Seals `plaintext` for the blob named `blobKey`. The name is authenticated (AAD): a sealed body moved
 * under another name, or paired with another blob's envelope, does not open.
 */
export function seal(masterKey: Buffer, blobKey: string, plaintext: Buffer): Sealed {
  const dataKey = randomBytes(32);
  try {
    const body = gcmSeal(dataKey, plaintext, Buffer.from(blobKey, 'utf8'));
    return { body, envelope: { keyId: masterKeyId(masterKey), wrappedKey: gcmSeal(masterKey, dataKey, WRAP_AAD) } };
  } finally {
    dataKey.fill(0);
  }
}

/** A body in pieces (nonce, ciphertext slices, tag): their concatenation is what `seal` gives. */
export interface SealedChunks {
  chunks: Buffer[];
  length: number;
  envelope: Envelope;
}

/** Slices encrypted between two turns of the event loop by `sealInChunks`. */
export const SEAL_SLICE_BYTES = 1024 * 1024;

/**
 * `seal` for large plaintexts, without copying them: the ciphertext is left in the pieces the cipher
 * gives (a store writes them as they are), and the event loop gets a turn between 1 MB slices, so a
 * 10 MB file does not hold it for the whole encryption. Opens with `open` like any sealed body.
 */
export async function sealInChunks(masterKey: Buffer, blobKey: string, plaintext: Uint8Array): Promise<SealedChunks> {
  const dataKey = randomBytes(32);
  try {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
    cipher.setAAD(Buffer.from(blobKey, 'utf8'));
    const chunks: Buffer[] = [nonce];
    for (let at = 0; at < plaintext.length; at += SEAL_SLICE_BYTES) {
      if (at > 0) await new Promise((resolve) => setImmediate(resolve));
      chunks.push(cipher.update(plaintext.subarray(at, at + SEAL_SLICE_BYTES)));
    }
    const last = cipher.final();
    if (last.length) chunks.push(last);
    chunks.push(cipher.getAuthTag());
    return { chunks, length: NONCE + plaintext.length + TAG, envelope: { keyId: masterKeyId(masterKey), wrappedKey: gcmSeal(masterKey, dataKey, WRAP_AAD) } };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The current master key, which wraps every new data key, and the previous ones (during a rotation),
 * which still unwrap the data keys they wrapped until these are rewrapped.
 */
export interface MasterKeyring {
  current: Buffer;
  previous: readonly Buffer[];
}

/** The configured master key whose id is `keyId`. */
export function masterKeyFor(keys: Buffer | MasterKeyring, keyId: string): Buffer {
  const candidates = Buffer.isBuffer(keys) ? [keys] : [keys.current, ...keys.previous];
  const key = candidates.find((k) => masterKeyId(k) === keyId);
  if (!key) throw new EnvelopeError(`the data key was wrapped by master key ${keyId}, which is neither FOYER_MASTER_KEY nor in FOYER_MASTER_KEY_PREVIOUS`);
  return key;
}

export function open(keys: Buffer | MasterKeyring, blobKey: string, sealed: Sealed): Buffer {
  const masterKey = masterKeyFor(keys, sealed.envelope.keyId);
  const dataKey = gcmOpen(masterKey, sealed.envelope.wrappedKey, WRAP_AAD);
  try {
    return gcmOpen(dataKey, sealed.body, Buffer.from(blobKey, 'utf8'));
  } finally {
    dataKey.fill(0);
  }
}

/** Unwraps the data key with the old master key and wraps it with the new one; the blob is untouched. */
export function rewrap(oldMasterKey: Buffer, newMasterKey: Buffer, envelope: Envelope): Envelope {
  if (envelope.keyId !== masterKeyId(oldMasterKey)) throw new EnvelopeError(`envelope is under master key ${envelope.keyId}`);
  const dataKey = gcmOpen(oldMasterKey, envelope.wrappedKey, WRAP_AAD);
  try {
    return { keyId: masterKeyId(newMasterKey), wrappedKey: gcmSeal(newMasterKey, dataKey, WRAP_AAD) };
  } finally {
    dataKey.fill(0);
  }
}

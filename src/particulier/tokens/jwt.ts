import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify, decodeProtectedHeader } from 'jose';

/** The HS256 secret of this deployment's API tokens, derived from the master key (never stored). */
export function tokenSecret(masterKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'foyer/particulier/jwt-hs256', 32));
}

export interface TokenClaims {
  uid: string;
  jti: string;
  scopes: string[];
  sub: string;
  iat: number;
  exp: number;
  version: '1.0';
}

/** Mints a token shaped like API Particulier's (spec §1.3): HS256, `uid`, `jti`, `scopes`, `sub`, `iat`, `exp`, `version`. */
export async function signToken(secret: Uint8Array, claims: TokenClaims): Promise<string> {
  return new SignJWT({ uid: claims.uid, scopes: claims.scopes, version: claims.version })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(claims.jti)
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(secret);
}

/**
 * Verified tokens per secret, so the HMAC (WebCrypto, the costliest step of a call) runs once per
 * token and process. Keyed by the signature segment, not the whole text: a token carrying every
 * scope is ~2.7 kB, and hashing that string for a map lookup cost more than the rest of the token
 * check; the entry then holds the whole text, compared in full, so only the exact token that
 * verified is known. Bounded.
 */
const verifiedBySecret = new WeakMap<Uint8Array, Map<string, { token: string; jti: string }>>();
const VERIFIED_MAX = 10_000;

const signatureOf = (token: string) => token.slice(token.lastIndexOf('.') + 1);

/** The jti of a token whose signature already checked, without a promise (the hot path); undefined when not known. */
export function knownJti(secret: Uint8Array, token: string): string | undefined {
  const entry = verifiedBySecret.get(secret)?.get(signatureOf(token));
  return entry !== undefined && entry.token === token ? entry.jti : undefined;
}

/** `verifiedJti`, remembering successes (failures are not remembered: they cost the caller). */
export async function cachedVerifiedJti(secret: Uint8Array, token: string): Promise<string | null> {
  const hit = knownJti(secret, token);
  if (hit) return hit;
  const jti = await verifiedJti(secret, token);
  if (jti) {
    let verified = verifiedBySecret.get(secret);
    if (!verified) verifiedBySecret.set(secret, (verified = new Map()));
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(signatureOf(token), { token, jti });
  }
  return jti;
}

/**
 * The token's `jti` when its HS256 signature is ours, else null. Expiry is NOT read from the JWT:
 * the database row is authoritative (spec §1.3 step 1, §8.7).
 */
export async function verifiedJti(secret: Uint8Array, token: string): Promise<string | null> {
  try {
    if (decodeProtectedHeader(token).alg !== 'HS256') return null;
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(0) });
    return typeof payload.jti === 'string' ? payload.jti : null;
  } catch {
    return null;
  }
}

import type { KeyObject } from 'node:crypto';
import { compactDecrypt, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ParticulierError } from '../../errors.ts';

/**
 * FranceConnect's checktoken answer in production (spec §7.2 step 2): a JWE (RSA-OAEP key
 * wrapping, A256GCM content) encrypted to this service's RSA key, whose plaintext is a JWS (ES256,
 * signed with a key of FranceConnect's JWKS) of `{aud, iat, iss, token_introspection}`.
 */
export interface IntrospectionKeys {
  /** This service's RSA private key (the public half is registered with FranceConnect). */
  decryptionKey: KeyObject;
  /** FranceConnect's signing keys (its JWKS URL). */
  signingKeys: JWTVerifyGetKey;
  /** Expected `aud` of the signed document: this service's FranceConnect client id, when configured. */
  audience: string | null;
}

/** Exactly the algorithms of §7.2: anything else (RSA1_5, `dir`, A128GCM, HS256, `none`…) is refused. */
export const KEY_MANAGEMENT = 'RSA-OAEP';
export const CONTENT_ENCRYPTION = 'A256GCM';
export const SIGNATURE = 'ES256';

export function remoteSigningKeys(jwksUrl: string, timeoutMs: number): JWTVerifyGetKey {
  // jose caches the key set and fetches it again only for an unknown `kid` (at most every 30 s).
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: timeoutMs });
}

/** A compact JWE has five base64url parts (a JWS or a JSON document does not). */
export const isCompactJwe = (text: string): boolean => /^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/.test(text.trim());

/**
 * Decrypts and verifies one checktoken answer and returns the signed document. Whatever fails
 * (not a JWE, another algorithm, not encrypted to our key, a signature FranceConnect's keys do not
 * verify, another audience, an expired document, FranceConnect's JWKS out of reach) is an answer
 * this service cannot trust: 502 `50999`, as for any unknown answer of the provider (§7.2 step 3).
 */
export async function openIntrospection(text: string, keys: IntrospectionKeys): Promise<Record<string, unknown>> {
  const unknown = () => ParticulierError.generic('50999');
  if (!isCompactJwe(text)) throw unknown();
  let signed: string;
  try {
    const { plaintext } = await compactDecrypt(text.trim(), keys.decryptionKey, {
      keyManagementAlgorithms: [KEY_MANAGEMENT],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
    });
    signed = new TextDecoder().decode(plaintext);
  } catch {
    throw unknown();
  }
  try {
    const { payload } = await jwtVerify(signed, keys.signingKeys, {
      algorithms: [SIGNATURE],
      ...(keys.audience ? { audience: keys.audience } : {}),
    });
    return payload as Record<string, unknown>;
  } catch {
    throw unknown();
  }
}

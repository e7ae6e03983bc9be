import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWK } from 'jose';
import { SIGNING_ALG, type SigningKey } from './signing-keys.ts';

export interface TokenIssuer {
  issuer: string;
  /** Signs a token with these claims (plus iss, iat, exp, jti). */
  sign(claims: JWTPayload, ttlSeconds: number): Promise<string>;
  /** The claims of a valid token of ours, or null. */
  verify(token: string): Promise<JWTPayload | null>;
  jwks(): { keys: JWK[] };
}

export function tokenIssuer(issuer: string, key: SigningKey, now: () => Date): TokenIssuer {
  const keySet = { keys: [key.publicJwk] };
  const verifier = createLocalJWKSet(keySet);
  return {
    issuer,
    async sign(claims, ttlSeconds) {
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomUUID())
        .sign(key.privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, verifier, { issuer, algorithms: [SIGNING_ALG], currentDate: now() });
        return payload;
      } catch {
        return null;
      }
    },
    jwks: () => keySet,
  };
}

/** The claims of a client-credentials access token (the shape Keycloak gives DossierFacile's partners). */
export function clientClaims(clientId: string, scopes: readonly string[]): JWTPayload {
  return { sub: `service-account-${clientId}`, client_id: clientId, azp: clientId, scope: scopes.join(' '), typ: 'Bearer' };
}

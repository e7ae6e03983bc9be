import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Verifies bearer tokens: our own issuer's, or an external one's (§1.1, Keycloak at DossierFacile). */
export interface TokenVerifier {
  /** The claims of a valid token, or null. */
  verify(token: string): Promise<JWTPayload | null>;
}

/** Asymmetric algorithms only: an `HS256` token would be checked against a public key used as a secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

interface Discovery {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * An external OpenID issuer: its discovery document (`/.well-known/openid-configuration`) names the
 * JWKS, fetched with a bounded timeout and cached by jose (refetched for an unknown `kid`, at most
 * once per cooldown). A failed discovery is retried at the next token, not cached; meanwhile tokens
 * do not verify (401, as Spring's resource server answers when it cannot fetch the keys).
 */
export function externalIssuer(issuerUrl: string, options: { timeoutMs: number; onError(message: string): void }): TokenVerifier {
  let discovery: Promise<Discovery> | null = null;
  const discover = async (): Promise<Discovery> => {
    const res = await fetch(`${issuerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'error' });
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof doc.issuer !== 'string' || !sameIssuer(doc.issuer, issuerUrl)) throw new Error('discovery names another issuer');
    if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) throw new Error('discovery has no http(s) jwks_uri');
    const jwks = createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: options.timeoutMs, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    return { issuer: doc.issuer, jwks };
  };
  return {
    async verify(token) {
      let found: Discovery;
      try {
        discovery ??= discover();
        found = await discovery;
      } catch (error) {
        discovery = null;
        options.onError(`external issuer discovery failed: ${(error as Error).message}`);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, found.jwks, { issuer: found.issuer, algorithms: ALGORITHMS });
        return payload;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') options.onError(`external issuer keys unavailable: ${code}`);
        return null;
      }
    },
  };
}

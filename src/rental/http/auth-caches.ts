import type { JWTPayload } from 'jose';
import type { Partner } from '../partners/partners.ts';

/**
 * Tokens that verified, with their claims, until they expire: a signature check costs more than the
 * rest of a cached read. Only our own valid tokens get in; the cache is bounded (oldest out first).
 */
export class VerifiedTokens {
  #entries = new Map<string, JWTPayload>();
  constructor(private readonly max = 10_000) {}

  get(token: string, nowSeconds: number): JWTPayload | undefined {
    const claims = this.#entries.get(token);
    if (claims && typeof claims.exp === 'number' && claims.exp > nowSeconds) return claims;
    if (claims) this.#entries.delete(token);
    return undefined;
  }

  set(token: string, claims: JWTPayload): void {
    if (typeof claims.exp !== 'number') return;
    this.#entries.set(token, claims);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/**
 * Partners by client id, each trusted for `ttlMs`: a partner disabled by another process is refused
 * within that delay (the same bound as the citizen-data token cache).
 */
export class PartnerCache {
  #entries = new Map<string, { partner: Partner; until: number }>();
  constructor(private readonly ttlMs = 5_000, private readonly max = 1_000) {}

  get(clientId: string, nowMs: number): Partner | undefined {
    const entry = this.#entries.get(clientId);
    if (entry && entry.until > nowMs) return entry.partner;
    if (entry) this.#entries.delete(clientId);
    return undefined;
  }

  set(clientId: string, partner: Partner, nowMs: number): void {
    this.#entries.set(clientId, { partner, until: nowMs + this.ttlMs });
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

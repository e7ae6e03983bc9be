import { randomUUID } from 'node:crypto';
import type { ParticulierDb } from '../db.ts';
import { signToken } from './jwt.ts';

export interface TokenRow {
  jti: string;
  name: string;
  scopes: string[];
  /** `scopes` as a set, built once per read of the row (every call tests and masks with it). */
  scopeSet: ReadonlySet<string>;
  recipients: string[];
  allowedIps: string[];
  rateLimitPerMinute: number | null;
  /** The habilitation the token belongs to: its tokens share one per-minute quota (spec §4). */
  habilitation: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface NewToken {
  name: string;
  scopes: string[];
  recipients?: string[];
  allowedIps?: string[];
  rateLimitPerMinute?: number | null;
  habilitation?: string | null;
  expiresAt: Date;
}

/** Creates the token row and mints its JWT (shown once; only the jti is stored). */
export async function createToken(db: ParticulierDb, secret: Uint8Array, input: NewToken, now = new Date()): Promise<{ jti: string; token: string }> {
  const jti = randomUUID();
  await db
    .insertInto('particulier.tokens')
    .values({
      jti,
      name: input.name,
      scopes: input.scopes,
      recipients: input.recipients ?? [],
      allowed_ips: input.allowedIps ?? [],
      rate_limit_per_minute: input.rateLimitPerMinute ?? null,
      habilitation: input.habilitation ?? null,
      expires_at: input.expiresAt,
      revoked_at: null,
    })
    .execute();
  const token = await signToken(secret, {
    uid: randomUUID(),
    jti,
    scopes: input.scopes,
    sub: input.name,
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(input.expiresAt.getTime() / 1000),
    version: '1.0',
  });
  return { jti, token };
}

export async function revokeToken(db: ParticulierDb, jti: string, now = new Date()): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(jti)) return false;
  const result = await db.updateTable('particulier.tokens').set({ revoked_at: now }).where('jti', '=', jti).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findToken(db: ParticulierDb, jti: string): Promise<TokenRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(jti)) return null;
  const row = await db.selectFrom('particulier.tokens').selectAll().where('jti', '=', jti).executeTakeFirst();
  if (!row) return null;
  return {
    jti: row.jti,
    name: row.name,
    scopes: row.scopes,
    scopeSet: new Set(row.scopes),
    recipients: row.recipients,
    allowedIps: row.allowed_ips,
    rateLimitPerMinute: row.rate_limit_per_minute,
    habilitation: row.habilitation,
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

/**
 * Token rows read from the database are trusted for `ttlMs` (default 5 s): revocation and expiry
 * take effect within that delay in every process, at once in the process that ran the command.
 */
export class TokenCache {
  #rows = new Map<string, { row: TokenRow | null; until: number }>();
  constructor(
    private readonly db: ParticulierDb,
    private readonly ttlMs: number,
  ) {}

  /** The row while it is still trusted, without a promise (the hot path); undefined when it must be read. */
  peek(jti: string, now: number): TokenRow | null | undefined {
    const hit = this.#rows.get(jti);
    return hit && hit.until > now ? hit.row : undefined;
  }

  async get(jti: string, now: number): Promise<TokenRow | null> {
    const hit = this.#rows.get(jti);
    if (hit && hit.until > now) return hit.row;
    const row = await findToken(this.db, jti);
    if (this.ttlMs > 0) {
      if (this.#rows.size > 10_000) this.#rows.clear();
      this.#rows.set(jti, { row, until: now + this.ttlMs });
    }
    return row;
  }

  clear(): void {
    this.#rows.clear();
  }
}

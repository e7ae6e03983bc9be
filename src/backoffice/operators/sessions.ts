import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BackofficeDb } from '../db.ts';
import { sha256, type Operator, type Role } from './accounts.ts';

export interface Session {
  operator: Operator;
  /** SHA-256 of the cookie's token: the row's key. */
  tokenHash: string;
  expiresAt: Date;
}

/** Opens a session: the token goes in the cookie, only its hash in the table. Expired rows go at the same time. */
export async function openSession(db: BackofficeDb, operatorId: number, now: Date, ttlMinutes: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  await db.deleteFrom('backoffice.sessions').where('expires_at', '<=', now).execute();
  await db.insertInto('backoffice.sessions').values({ token_hash: sha256(token), operator_id: operatorId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The live session of this token (operator still enabled), or null. */
export async function findSession(db: BackofficeDb, token: string, now: Date): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256(token);
  const row = await db
    .selectFrom('backoffice.sessions as s')
    .innerJoin('backoffice.operators as o', 'o.id', 's.operator_id')
    .select(['o.id', 'o.email', 'o.role', 'o.disabled', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at <= now) return null;
  return { operator: { id: row.id, email: row.email, role: row.role as Role }, tokenHash, expiresAt: row.expires_at };
}

export async function closeSession(db: BackofficeDb, tokenHash: string): Promise<void> {
  await db.deleteFrom('backoffice.sessions').where('token_hash', '=', tokenHash).execute();
}

/**
 * The CSRF token of a session: an HMAC of the session token under a key of the server. It is
 * returned at login and by `GET /me`, never set as a cookie; a page of another site can neither read
 * it nor compute it, so a forged write lacks the header that every write must carry.
 */
export function csrfTokenOf(key: Buffer, sessionToken: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(key: Buffer, sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenOf(key, sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ParticulierError } from '../errors.ts';
import { cachedVerifiedJti, knownJti } from '../tokens/jwt.ts';
import type { TokenCache, TokenRow } from '../tokens/store.ts';

/** The bearer of `Authorization: Bearer …` (the only v3 credential transport, spec §1.2). */
export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return null;
  const token = header.slice(7).trim();
  return token && !hasSpace(token) ? token : null;
}

/** Every character `/\s/` matches (ECMAScript WhiteSpace and LineTerminator). */
const SPACES = [...'\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'];

/**
 * `/\s/.test(text)` for a long token (one carrying every scope is ~2.7 kB): one `includes` per
 * space character searches natively, where the regular expression or a loop over the characters
 * cost several microseconds per call.
 */
function hasSpace(text: string): boolean {
  for (const space of SPACES) if (text.includes(space)) return true;
  return false;
}

/**
 * The token row behind a bearer, or the contract's 401: not ours or unknown → `00101`, revoked →
 * `00105`, expired (per the database, not the JWT) → `00103` (spec §1.3, §8.7).
 */
export function authenticate(token: string | null, secret: Uint8Array, tokens: TokenCache, now: Date): TokenRow | Promise<TokenRow> {
  if (!token) throw ParticulierError.generic('00101');
  // Most calls come with a token already verified whose row is still trusted: answered without a
  // promise (the same checks, in the same order, as the path that reads).
  const known = knownJti(secret, token);
  const cached = known === undefined ? undefined : tokens.peek(known, now.getTime());
  if (cached !== undefined) return usable(cached, now);
  return authenticateSlowly(token, secret, tokens, now);
}

async function authenticateSlowly(token: string, secret: Uint8Array, tokens: TokenCache, now: Date): Promise<TokenRow> {
  const jti = await cachedVerifiedJti(secret, token);
  if (!jti) throw ParticulierError.generic('00101');
  return usable(await tokens.get(jti, now.getTime()), now);
}

function usable(row: TokenRow | null, now: Date): TokenRow {
  if (!row) throw ParticulierError.generic('00101');
  if (row.revokedAt) throw ParticulierError.generic('00105');
  if (row.expiresAt.getTime() <= now.getTime()) throw ParticulierError.generic('00103');
  return row;
}

const allowLists = new Map<string, BlockList>();

/** Is `ip` inside one of the CIDR ranges (or addresses) of the token's allow-list? */
export function ipAllowed(allowed: readonly string[], ip: string): boolean {
  if (!allowed.length) return true;
  const cacheKey = allowed.join(',');
  let list = allowLists.get(cacheKey);
  if (!list) {
    list = new BlockList();
    for (const entry of allowed) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const family = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (bits === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(bits), family);
    }
    allowLists.set(cacheKey, list);
  }
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(plain)) return list.check(plain, 'ipv4');
  return isIPv6(plain) && list.check(plain, 'ipv6');
}

/** A valid CIDR or address, for the admin command. */
export function isCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { RentalError } from '../errors.ts';
import type { RentalRuntime } from '../module/runtime.ts';
import { findPartnerByName, type Partner } from '../partners/partners.ts';

export const PARTNER_SCOPE = 'api-partner';

declare module 'fastify' {
  interface FastifyRequest {
    partner: Partner | null;
  }
}

/**
 * §1.1: 401 (empty body) without a token or with one that does not verify; 403 (empty body) when the
 * token is not a client token (no `client_id`) or lacks the `api-partner` scope; then the partner is
 * the one the `client_id` names (§1.2), else 404 "Partner not found".
 */
export function partnerAuthHook(runtime: RentalRuntime) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.partner = null;
    const header = request.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
    if (!m) return reply.code(401).header('www-authenticate', 'Bearer').send();
    const token = m[1]!;
    let claims = runtime.tokens.get(token, Date.now() / 1000);
    if (!claims) {
      claims = (await runtime.verifier.verify(token)) ?? undefined;
      if (claims) runtime.tokens.set(token, claims);
    }
    if (!claims) return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send();
    const clientId = claims.client_id;
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (typeof clientId !== 'string' || !clientId || !scopes.includes(PARTNER_SCOPE)) {
      return reply.code(403).header('www-authenticate', `Bearer error="insufficient_scope", scope="${PARTNER_SCOPE}"`).send();
    }
    let partner = runtime.partners.get(clientId, Date.now()) ?? null;
    if (!partner) {
      partner = await findPartnerByName(runtime.db, clientId);
      if (!partner) throw new RentalError('PARTNER_NOT_FOUND');
      runtime.partners.set(clientId, partner, Date.now());
    }
    request.partner = partner;
  };
}

/** The authenticated partner of a request that passed the hook. */
export function partnerOf(request: FastifyRequest): Partner {
  if (!request.partner) throw new RentalError('FORBIDDEN');
  return request.partner;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrokerError } from '../errors.ts';
import { findActor, type BrokerActor } from '../keys/keys.ts';
import type { BrokerDeps } from './context.ts';
import { KeyCache } from '../../platform/http/key-cache.ts';

export const TOKEN_HEADER = 'x-crediteo-user-auth-token';

const ALLOW_HEADERS = 'Content-Type, X-CREDITEO-USER-AUTH-TOKEN';
const ALLOW_METHODS = 'GET, POST, PUT, OPTIONS';

/**
 * Authentication and the CORS rule of the guide (§2.2, §4.1), decided before anything else:
 * - a request without `Origin` (server to server) needs only a valid key;
 * - a browser request (with `Origin`) must come from an origin listed on its key, else 428;
 * - a preflight carries no key, so it is answered for any origin that some active key lists.
 */
export function brokerAuthHook(deps: BrokerDeps) {
  // Valid keys are cached 5 s; a revocation run in this process evicts the key at once.
  const cache = new KeyCache((token) => findActor(deps.db, token));
  deps.onKeyRevoked?.((keyId) => cache.evictKey(keyId));
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    request.brokerActor = null;
    const origin = request.headers.origin?.toLowerCase();
    if (request.method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      if (!deps.ownOrigins.includes(origin) && !(await originIsRegistered(deps, origin))) {
        throw new BrokerError('CORS_NOT_ENABLED');
      }
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', ALLOW_METHODS)
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', '600')
        .header('vary', 'Origin')
        .code(204)
        .send();
      return reply;
    }
    if (origin) {
      // Errors are readable by the calling page, so an integrator sees why the call failed.
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    const token = request.headers[TOKEN_HEADER];
    const actor: BrokerActor | null = typeof token === 'string' && token ? await cache.get(token) : null;
    if (!actor) throw new BrokerError('API_KEY_NOT_FOUND');
    if (origin && !actor.allowedOrigins.includes(origin) && !deps.ownOrigins.includes(origin)) {
      throw new BrokerError('CORS_NOT_ENABLED');
    }
    request.brokerActor = actor;
  };
}

async function originIsRegistered(deps: BrokerDeps, origin: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('broker.api_keys')
    .select('id')
    .where('revoked_at', 'is', null)
    .where((eb) => eb(eb.val(origin), '=', eb.fn.any('allowed_origins')))
    .executeTakeFirst();
  return row !== undefined;
}

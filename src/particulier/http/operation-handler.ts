import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Operation } from '../catalogue/operations.ts';
import { ParticulierError } from '../errors.ts';
import { applyCivilityRules, mockingParams, type ProviderParams } from '../params/civility.ts';
import { checkRecipient, parseParams } from '../params/validation.ts';
import { civilityFromIdentity } from '../providers/sandbox/france-connect.ts';
import { mockingKey } from '../providers/sandbox/matching.ts';
import { pingName } from '../health/pings.ts';
import { mayCall, maskData } from '../scopes/mask.ts';
import { authenticate, bearerOf, ipAllowed } from './auth.ts';
import type { CallRecord, ParticulierDeps } from './context.ts';
import type { WindowSpec, WindowState } from '../ratelimit/windows.ts';
import { enforceLimits } from './rate-limit.ts';

export const callRecords = new WeakMap<FastifyRequest, CallRecord>();

/**
 * One operation of the catalogue, in the order of the reference implementation: per-IP limit,
 * credentials, per-token limits, scopes, `recipient`, parameters, FranceConnect identity, the
 * in-flight guard, the provider, then the scope mask on the answer.
 */
export function operationHandler(op: Operation, deps: ParticulierDeps, twin: Operation | undefined) {
  return async function handle(request: FastifyRequest, reply: FastifyReply) {
    const answer = await executeOperation(op, deps, twin, request, reply, { query: request.query as Record<string, unknown>, bearer: bearerOf(request) });
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.json ?? JSON.stringify(answer.body));
  };
}

/**
 * Runs one call through the whole pipeline and returns the contract's status and body (a 200 body
 * already masked), or throws the contract's error. The v2 layer calls it with translated input.
 */
export async function executeOperation(
  op: Operation,
  deps: ParticulierDeps,
  twin: Operation | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { query: Record<string, unknown>; bearer: string | null },
): Promise<{ status: number; body: unknown; json?: string }> {
  // Traceability is a legal duty: with the access log's buffer full, calls are refused, not served untraced.
  if (!deps.accessLog.accepting) throw ParticulierError.generic('00503');
  const now = deps.now();
  const record: CallRecord = { operation: op.id, tokenJti: null, recipient: null, paramsHash: null, startedAt: performance.now(), at: now };
  callRecords.set(request, record);
  const { query, bearer } = input;
  const ip = request.ip;
  const { settings } = deps;
  // A 429 also counts against the address: one that keeps calling through them is banned (spec §4).
  const limit = async (windows: readonly WindowSpec[], earlier?: readonly WindowState[]) => {
    try {
      return await enforceLimits(deps.counters, windows, now.getTime(), reply, earlier);
    } catch (error) {
      if (error instanceof ParticulierError && error.status === 429) await deps.bans.refused(ip, now.getTime());
      throw error;
    }
  };

  // Every call counts against its address first, so even a refused credential gets the headers.
  const perIp = await limit([{ bucket: `ip:${ip}`, limit: settings.perIpPerMinute, periodSeconds: 60 }]);
  let scopes: ReadonlySet<string>;
  let subject: string;
  let params: ProviderParams;
  if (op.modality === 'france_connect') {
    // The caller's FranceConnect access token replaces the API token (spec §7.1); its scopes apply.
    if (!bearer) throw ParticulierError.generic('50004');
    await limit(
      [
        { bucket: `fc-m:${ip}`, limit: settings.franceConnectPerIpPerMinute, periodSeconds: 60 },
        { bucket: `fc-h:${ip}`, limit: settings.franceConnectPerIpPerHour, periodSeconds: 3600 },
      ],
      perIp,
    );
    const recipient = checkRecipient(query);
    record.recipient = recipient;
    const own = applyCivilityRules(op, parseParams(op, query), now);
    const identity = await deps.provider.franceConnect(bearer);
    scopes = new Set(identity.scopes);
    if (!mayCall(op.endpointScopes, scopes)) throw ParticulierError.generic('00100');
    subject = `fc:${deps.hashParams(bearer).slice(0, 16)}`;
    params = civilityFromIdentity(identity, twin, own);
  } else {
    const token = await authenticate(bearer, deps.secret, deps.tokens, now);
    record.tokenJti = token.jti;
    await limit(
      [
        { bucket: `token-s:${token.jti}`, limit: settings.perTokenPerSecond, periodSeconds: 1 },
        // The quota is the habilitation's, shared by all its tokens (spec §4), else the token's own.
        {
          bucket: token.habilitation === null ? `token-m:${token.jti}` : `hab-m:${token.habilitation}`,
          limit: token.rateLimitPerMinute ?? settings.perTokenPerMinute,
          periodSeconds: 60,
        },
      ],
      perIp,
    );
    if (!ipAllowed(token.allowedIps, ip)) {
      throw ParticulierError.generic('00100', { detail: `Votre jeton n'est pas utilisable depuis l'adresse ${ip}.` });
    }
    scopes = token.scopeSet;
    if (!mayCall(op.endpointScopes, scopes)) throw ParticulierError.generic('00100');
    const recipient = checkRecipient(query);
    record.recipient = recipient;
    if (token.recipients.length && !token.recipients.includes(recipient)) {
      throw ParticulierError.generic('00100', { parameter: 'recipient', detail: `Votre jeton n'est pas habilité pour le destinataire ${recipient}.` });
    }
    subject = `token:${token.jti}`;
    params = applyCivilityRules(op, parseParams(op, query), now);
  }
  const canonical = mockingKey(params);
  const matching = mockingParams(op, params);
  const key = matching === params ? canonical : mockingKey(matching);
  record.paramsHash = deps.hashParams(canonical);

  const flightKey = `${subject}\u0000${op.id}\u0000${record.recipient}\u0000${canonical}`;
  const release = await deps.inFlight.claim(flightKey, now.getTime());
  if (!release) throw ParticulierError.generic('00015');
  let answer;
  const ping = pingName(op);
  try {
    answer = await deps.provider.call({
      op,
      params,
      recipient: record.recipient!,
      key,
      requestId: String(request.id),
      noCache: request.headers['cache-control'] !== undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(String(request.headers['cache-control'])),
      ...(op.modality === 'france_connect' && bearer ? { franceConnectToken: bearer } : {}),
    });
    deps.pings.record(ping, true, deps.now().getTime());
  } catch (error) {
    if (error instanceof ParticulierError && error.status >= 502) deps.pings.record(ping, false, deps.now().getTime());
    throw error;
  } finally {
    // A release that fails leaves the claim to its expiry; it must not replace the call's answer.
    await release().catch((error: unknown) => request.log.error({ err: error }, 'in-flight claim not released'));
  }

  if (op.cacheTtlSeconds !== null) {
    reply.header('X-Response-Cached', String(answer.cache?.hit ?? false));
    reply.header('X-Cache-Expires-in', answer.cache?.expiresIn === null || answer.cache?.expiresIn === undefined ? '' : String(answer.cache.expiresIn));
  }
  let body = answer.body;
  if (answer.status === 200) {
    const envelope = (body ?? {}) as { data?: unknown; links?: unknown; meta?: unknown };
    const data = maskData(envelope.data ?? {}, op.scopes.rules, scopes);
    // Nothing masked: the answer is the provider's own, the same for every caller of a sandbox case
    // (or a cached upstream answer), so its envelope and JSON text are built once per answer.
    if (data === envelope.data && body !== null && typeof body === 'object') return { status: 200, ...unmasked(body, envelope) };
    body = { data, links: envelope.links ?? {}, meta: envelope.meta ?? {} };
  }
  return { status: answer.status, body };
}

const serialised = new WeakMap<object, { body: unknown; json: string }>();

function unmasked(answer: object, envelope: { data?: unknown; links?: unknown; meta?: unknown }): { body: unknown; json: string } {
  let entry = serialised.get(answer);
  if (!entry) {
    const body = { data: envelope.data, links: envelope.links ?? {}, meta: envelope.meta ?? {} };
    entry = { body, json: JSON.stringify(body) };
    serialised.set(answer, entry);
  }
  return entry;
}

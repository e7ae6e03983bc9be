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
import type { ProviderAnswer } from '../providers/provider.ts';
import type { WindowSpec, WindowState } from '../ratelimit/windows.ts';
import { enforceLimits } from './rate-limit.ts';

/**
 * What the access log needs, kept on the request itself (the surface decorates its requests with
 * this property, so their shape does not change): a WeakMap entry per call cost the collector more.
 */
export const CALL_RECORD = Symbol('particulier call record');
type RecordedRequest = FastifyRequest & { [CALL_RECORD]?: CallRecord | null };

export const callRecordOf = (request: FastifyRequest): CallRecord | null => (request as RecordedRequest)[CALL_RECORD] ?? null;

const NO_CACHE = /(^|,)\s*no-cache\s*(,|$)/i;

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
 * Counts the call in `windows` (sets the `RateLimit-*` headers). A 429 also counts against the
 * address: one that keeps calling through them is banned (spec §4). No promise when the counters
 * are in memory.
 */
function limit(
  deps: ParticulierDeps,
  ip: string,
  nowMs: number,
  reply: FastifyReply,
  windows: readonly WindowSpec[],
  earlier?: readonly WindowState[],
): WindowState[] | Promise<WindowState[]> {
  let counted: WindowState[] | Promise<WindowState[]>;
  try {
    counted = enforceLimits(deps.counters, windows, nowMs, reply, earlier);
  } catch (error) {
    return refused(deps, ip, nowMs, error);
  }
  return Array.isArray(counted) ? counted : counted.catch((error: unknown) => refused(deps, ip, nowMs, error));
}

async function refused(deps: ParticulierDeps, ip: string, nowMs: number, error: unknown): Promise<never> {
  if (error instanceof ParticulierError && error.status === 429) await deps.bans.refused(ip, nowMs);
  throw error;
}

/**
 * Runs one call through the whole pipeline and returns the contract's status and body (a 200 body
 * already masked), or throws the contract's error. The v2 layer calls it with translated input.
 * Each step that may wait (counters, token row, in-flight claim, provider) is awaited only when it
 * returned a promise: with the embedded database and the sandbox, a call whose token is known
 * runs without one.
 */
export async function executeOperation(
  op: Operation,
  deps: ParticulierDeps,
  twin: Operation | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
  /** `sentNames`: the query as the client named it, when the caller translated it (v2). */
  input: { query: Record<string, unknown>; bearer: string | null; sentNames?: Record<string, unknown> },
): Promise<{ status: number; body: unknown; json?: string }> {
  // Traceability is a legal duty: with the access log's buffer full, calls are refused, not served untraced.
  if (!deps.accessLog.accepting) throw ParticulierError.generic('00503');
  const now = deps.now();
  const nowMs = now.getTime();
  const record: CallRecord = { operation: op.id, tokenJti: null, recipient: null, paramsHash: null, startedAt: performance.now(), at: now };
  (request as RecordedRequest)[CALL_RECORD] = record;
  const { query, bearer } = input;
  const sent = { url: request.url, names: input.sentNames };
  const ip = request.ip;
  const { settings } = deps;

  // Every call counts against its address first, so even a refused credential gets the headers.
  const ipCounted = limit(deps, ip, nowMs, reply, [{ bucket: `ip:${ip}`, limit: settings.perIpPerMinute, periodSeconds: 60 }]);
  const perIp = Array.isArray(ipCounted) ? ipCounted : await ipCounted;
  let scopes: ReadonlySet<string>;
  let subject: string;
  let params: ProviderParams;
  if (op.modality === 'france_connect') {
    // The caller's FranceConnect access token replaces the API token (spec §7.1); its scopes apply.
    if (!bearer) throw ParticulierError.generic('50004');
    await limit(
      deps,
      ip,
      nowMs,
      reply,
      [
        { bucket: `fc-m:${ip}`, limit: settings.franceConnectPerIpPerMinute, periodSeconds: 60 },
        { bucket: `fc-h:${ip}`, limit: settings.franceConnectPerIpPerHour, periodSeconds: 3600 },
      ],
      perIp,
    );
    const recipient = checkRecipient(query);
    record.recipient = recipient;
    const own = applyCivilityRules(op, parseParams(op, query, sent), now);
    const identity = await deps.provider.franceConnect(bearer);
    scopes = new Set(identity.scopes);
    if (!mayCall(op.endpointScopes, scopes)) throw ParticulierError.generic('00100');
    subject = `fc:${deps.hashParams(bearer).slice(0, 16)}`;
    params = civilityFromIdentity(identity, twin, own);
  } else {
    const authenticated = authenticate(bearer, deps.secret, deps.tokens, now);
    const token = authenticated instanceof Promise ? await authenticated : authenticated;
    record.tokenJti = token.jti;
    const tokenCounted = limit(
      deps,
      ip,
      nowMs,
      reply,
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
    if (!Array.isArray(tokenCounted)) await tokenCounted;
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
    params = applyCivilityRules(op, parseParams(op, query, sent), now);
  }
  const canonical = mockingKey(params);
  const matching = mockingParams(op, params);
  const key = matching === params ? canonical : mockingKey(matching);
  record.paramsHash = deps.hashParams(canonical);

  const flightKey = `${subject}\u0000${op.id}\u0000${record.recipient}\u0000${canonical}`;
  const claimed = deps.inFlight.claim(flightKey, nowMs);
  const release = claimed instanceof Promise ? await claimed : claimed;
  if (!release) throw ParticulierError.generic('00015');
  let answer: ProviderAnswer;
  const ping = pingName(op);
  try {
    const cacheControl = request.headers['cache-control'];
    const pending = deps.provider.call({
      op,
      params,
      recipient: record.recipient!,
      key,
      requestId: String(request.id),
      noCache: cacheControl !== undefined && NO_CACHE.test(String(cacheControl)),
      ...(op.modality === 'france_connect' && bearer ? { franceConnectToken: bearer } : {}),
    });
    answer = pending instanceof Promise ? await pending : pending;
    deps.pings.record(ping, true, deps.now().getTime());
  } catch (error) {
    if (error instanceof ParticulierError && error.status >= 502) deps.pings.record(ping, false, deps.now().getTime());
    throw error;
  } finally {
    // A release that fails leaves the claim to its expiry; it must not replace the call's answer.
    try {
      const released = release();
      if (released) await released;
    } catch (error) {
      request.log.error({ err: error }, 'in-flight claim not released');
    }
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

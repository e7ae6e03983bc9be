import type { Operation } from '../../catalogue/operations.ts';
import { ParticulierError } from '../../errors.ts';
import type { ProviderParams } from '../../params/civility.ts';
import { identityFromIntrospection } from '../sandbox/france-connect.ts';
import type { CitizenDataProvider, FranceConnectIdentity, ProviderAnswer, ProviderCall } from '../provider.ts';
import { request, TransportError, type HttpAnswer } from './http-client.ts';
import { ResponseCache } from './response-cache.ts';
import { openIntrospection, type IntrospectionKeys } from './france-connect-jwe.ts';

export interface UpstreamOptions {
  baseUrl: string;
  token: string | null;
  timeoutMs: number;
  franceConnect: {
    url: string;
    clientId: string | null;
    clientSecret: string | null;
    /** Set in production: the answer is a JWE wrapping a JWS (spec §7.2); unset: plain JSON. */
    keys: IntrospectionKeys | null;
  } | null;
  now: () => Date;
}

/** Builds `recipient=…&nomNaissance=…&prenoms[]=…` with the operation's own parameter names. */
export function upstreamQuery(op: Operation, params: ProviderParams, recipient: string): string {
  const search = new URLSearchParams({ recipient });
  for (const [key, value] of Object.entries(params)) {
    const declared = op.parameters.find((p) => p.name === key || p.name === `${key}[]`);
    if (!declared) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(declared.name, String(item));
  }
  return search.toString();
}

const isErrorBody = (body: unknown): boolean =>
  !!body &&
  typeof body === 'object' &&
  Array.isArray((body as { errors?: unknown }).errors) &&
  (body as { errors: unknown[] }).errors.every((e) => !!e && typeof (e as { code?: unknown }).code === 'string' && /^\d{5}$/.test((e as { code: string }).code));

const isEnvelope = (body: unknown): boolean => !!body && typeof body === 'object' && typeof (body as { data?: unknown }).data === 'object';

/**
 * The gateway mode: forwards each call to a real API Particulier with this deployment's own token,
 * maps what goes wrong on the way to the contract's provider codes (timeout → xx002, network →
 * 00501, DNS → xx004, upstream 429 → xx008, anything unreadable → xx999), caches DSS answers.
 * Our own token's scopes mask the answer afterwards (a second mask, done by the route).
 */
export class Upstream implements CitizenDataProvider {
  readonly kind = 'upstream' as const;
  readonly #cache = new ResponseCache();

  constructor(
    private readonly options: UpstreamOptions,
    private readonly operations: readonly Operation[],
  ) {}

  async call({ op, params, recipient, key, requestId, noCache, franceConnectToken }: ProviderCall): Promise<ProviderAnswer> {
    // FranceConnect calls arrive with civility parameters: they go to the identity route.
    const target = op.modality === 'france_connect' ? (this.operations.find((o) => o.api === op.api && o.modality === 'identite') ?? op) : op;
    const ttl = op.cacheTtlSeconds;
    const cacheKey = `${target.id}\u0000${key}`;
    const nowMs = this.options.now().getTime();
    if (ttl !== null && !noCache) {
      const hit = this.#cache.get(cacheKey, nowMs);
      if (hit) return { status: 200, body: hit.body, cache: { hit: true, expiresIn: hit.expiresIn } };
    }
    // An FC route without an identity twin (ANTS) can only be asked with the caller's FC token.
    const bearer = op.modality === 'france_connect' && target === op ? (franceConnectToken ?? null) : this.options.token;
    let answer = await this.#fetch(target, op, `${this.options.baseUrl}${target.path}?${upstreamQuery(target, params, recipient)}`, requestId, bearer);
    if (target !== op && answer.status === 200) answer = { ...answer, body: onlyDocumentedKeys(op, answer.body) };
    if (ttl !== null && answer.status === 200) this.#cache.set(cacheKey, answer.body, ttl, nowMs);
    return { ...answer, cache: ttl === null ? null : { hit: false, expiresIn: null } };
  }

  async #fetch(target: Operation, op: Operation, url: string, requestId: string, bearer: string | null): Promise<ProviderAnswer> {
    let response: HttpAnswer;
    try {
      response = await request(new URL(url), {
        headers: {
          accept: 'application/json',
          'x-request-id': requestId,
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        timeoutMs: this.options.timeoutMs,
      });
    } catch (error) {
      throw transportError(op, error);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw ParticulierError.provider(op.provider, 'unknown');
    }
    if (response.status === 200) {
      if (!isEnvelope(body)) throw ParticulierError.provider(op.provider, 'unknown');
      return { status: 200, body };
    }
    if (response.status === 429) throw ParticulierError.provider(op.provider, 'throttled');
    if (response.status === 503) throw ParticulierError.provider(op.provider, 'unavailable');
    // The deployment's own credentials are refused: nothing the caller can fix.
    if (response.status === 401 || response.status === 403 || !isErrorBody(body)) throw ParticulierError.provider(target.provider, 'unknown');
    if (![404, 409, 422, 502, 504].includes(response.status)) throw ParticulierError.provider(op.provider, 'unknown');
    return { status: response.status, body };
  }

  async franceConnect(accessToken: string): Promise<FranceConnectIdentity> {
    const fc = this.options.franceConnect;
    if (!fc) throw ParticulierError.generic('50002');
    let response: HttpAnswer;
    try {
      response = await request(new URL(fc.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: fc.keys ? 'application/jwt' : 'application/json' },
        body: new URLSearchParams({ token: accessToken, ...(fc.clientId ? { client_id: fc.clientId } : {}), ...(fc.clientSecret ? { client_secret: fc.clientSecret } : {}) }).toString(),
        timeoutMs: this.options.timeoutMs,
      });
    } catch {
      throw ParticulierError.generic('50999');
    }
    if (response.status === 401) throw ParticulierError.generic('50002');
    if (response.status === 400) throw ParticulierError.generic('50001');
    if (response.status !== 200) throw ParticulierError.generic('50999');
    if (fc.keys) return identityFromIntrospection(await openIntrospection(response.text, fc.keys));
    let document: unknown;
    try {
      document = JSON.parse(response.text);
    } catch {
      throw ParticulierError.generic('50999');
    }
    return identityFromIntrospection(document);
  }
}

/** A FranceConnect answer keeps only the keys its own schema documents (no `identite`, spec §8.4). */
function onlyDocumentedKeys(op: Operation, body: unknown): unknown {
  const keys = Object.keys(op.responseSchema.properties?.data?.properties ?? {});
  const envelope = body as { data: Record<string, unknown> };
  return { ...envelope, data: Object.fromEntries(Object.entries(envelope.data).filter(([k]) => keys.includes(k))) };
}

function transportError(op: Operation, error: unknown): ParticulierError {
  const reason = error instanceof TransportError ? error.reason : 'network';
  if (reason === 'timeout') return ParticulierError.provider(op.provider, 'timeout');
  if (reason === 'dns') return ParticulierError.provider(op.provider, 'dns');
  return ParticulierError.generic('00501');
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_SECURITY_HEADERS } from './security-headers.ts';

/**
 * Errors that Fastify or Node raise about a request before any route sees it (unreadable body, wrong
 * media type, URL it cannot route, headers too large, a request that never arrives whole), named by
 * what the client did, so that each surface can answer them in its own error body with an honest
 * status. The surface owns the words; the platform owns the list.
 */
export type FrameworkFault =
  /** Malformed or empty JSON (or a forbidden `__proto__` key): the body could not be read. */
  | { kind: 'unreadable-body' }
  /** No parser for the request's Content-Type. */
  | { kind: 'unsupported-media-type' }
  /** The body's size disagrees with its Content-Length. */
  | { kind: 'bad-content-length' }
  | { kind: 'body-too-large' }
  /** A path parameter longer than the router accepts (`maxParamLength`). */
  | { kind: 'param-too-long' }
  /** A path that does not decode (bad percent-encoding). */
  | { kind: 'bad-url' }
  /** Any other error that carries a 4xx status (Fastify's, or a parser's). */
  | { kind: 'bad-request' }
  /** Node's HTTP parser: the request line and headers exceed its limit (16 KiB by default). See client-errors.ts. */
  | { kind: 'headers-too-large' }
  /** Node: the request (headers, or headers and body) did not arrive whole within the request timeout. */
  | { kind: 'request-timeout' }
  /** Node's HTTP parser refused the request: a malformed request line, header or chunk. */
  | { kind: 'malformed-request' };

/** Null when the error is not Fastify's verdict on the request (a handler's error, a validation error). */
export function classifyFrameworkError(error: unknown): FrameworkFault | null {
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (e === null || typeof e !== 'object' || e.validation) return null;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'unreadable-body' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { kind: 'unsupported-media-type' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { kind: 'bad-content-length' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { kind: 'body-too-large' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { kind: 'param-too-long' };
    case 'FST_ERR_BAD_URL':
      return { kind: 'bad-url' };
  }
  // secure-json-parse throws a SyntaxError (with status 400) for `__proto__` and `constructor.prototype`.
  if (error instanceof SyntaxError) return { kind: 'unreadable-body' };
  const status = e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { kind: 'bad-request' };
  return null;
}

/** What a surface answers for a fault, in its own body. */
export interface SurfaceErrorReply {
  status: number;
  body: unknown;
}

/**
 * `path` is the request's path (prefix included, no query string), for a surface whose parts answer
 * in different shapes; it is only matched, never echoed.
 */
export type SurfaceFaultRenderer = (fault: FrameworkFault, path: string) => SurfaceErrorReply;

// Keyed by the Node server every encapsulated Fastify instance shares, so that a surface registers
// from inside its own plugin and the root-level handler below still finds it.
const renderers = new WeakMap<object, { prefix: string; render: SurfaceFaultRenderer }[]>();

/**
 * Registers the surface mounted at `prefix` for the faults Fastify or Node raise before any route or
 * hook of that surface runs (bad URL, over-long path parameter, headers too large, request timeout):
 * without this, those get Fastify's own body.
 */
export function registerSurfaceFaults(scope: FastifyInstance, prefix: string, render: SurfaceFaultRenderer): void {
  const list = renderers.get(scope.server) ?? [];
  list.push({ prefix, render });
  // The longest prefix wins when mount points nest.
  list.sort((a, b) => b.prefix.length - a.prefix.length);
  renderers.set(scope.server, list);
}

const PLATFORM_FAULT: Record<FrameworkFault['kind'], { status: number; error: string }> = {
  'unreadable-body': { status: 400, error: 'Bad Request' },
  'unsupported-media-type': { status: 415, error: 'Unsupported Media Type' },
  'bad-content-length': { status: 400, error: 'Bad Request' },
  'body-too-large': { status: 413, error: 'Payload Too Large' },
  'param-too-long': { status: 414, error: 'URI Too Long' },
  'bad-url': { status: 400, error: 'Bad Request' },
  'bad-request': { status: 400, error: 'Bad Request' },
  'headers-too-large': { status: 431, error: 'Request Header Fields Too Large' },
  'request-timeout': { status: 408, error: 'Request Timeout' },
  'malformed-request': { status: 400, error: 'Bad Request' },
};

/** The answer to a fault of a request for `path`: the surface's body if `path` is under its prefix, else the platform's. */
export function answerFault(server: object, fault: FrameworkFault, path: string | null): SurfaceErrorReply {
  const surface = path === null ? undefined : renderers.get(server)?.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));
  return surface ? surface.render(fault, path!) : platformBody(fault);
}

/**
 * The `frameworkErrors` server option: routes the fault to the surface whose prefix the URL is under,
 * else answers with a plain platform body (never echoing the URL back).
 */
export function routeFrameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const fault = classifyFrameworkError(error) ?? { kind: 'bad-request' };
  const answer = answerFault(request.server.server, fault, (request.raw.url ?? '/').split('?')[0]!);
  // Raised before any hook runs, so the API headers are set here.
  reply.headers(API_SECURITY_HEADERS).code(answer.status).type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

export function platformBody(fault: FrameworkFault): SurfaceErrorReply {
  const { status, error } = PLATFORM_FAULT[fault.kind];
  return { status, body: { error, statusCode: status } };
}

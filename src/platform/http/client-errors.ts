import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { answerFault, type FrameworkFault, type SurfaceErrorReply } from './framework-errors.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

/**
 * What Node reports on a connection before (or instead of) a request Fastify can route: its parser's
 * refusals (`HPE_*`, with `rawPacket`, the chunk it was parsing) and the request timeout. Null: a
 * network error (reset, broken pipe), to which nothing can be answered.
 */
export function classifyClientError(code: string | undefined): FrameworkFault | null {
  if (code === 'HPE_HEADER_OVERFLOW') return { kind: 'headers-too-large' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { kind: 'request-timeout' };
  // Node answers an over-long chunk extension with 413, like a body over the limit.
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return { kind: 'body-too-large' };
  if (code?.startsWith('HPE_')) return { kind: 'malformed-request' };
  return null;
}

/**
 * The path of the request line at the start of `chunk`, or null when the chunk does not start with
 * one. Node hands over the chunk it was parsing when the headers overflowed: the start of the request
 * when the client's head came in one read (on loopback, behind a local proxy), a later piece of it
 * otherwise, and then the fault gets the platform body. An absolute-form target keeps its path.
 */
export function requestLinePath(chunk: Uint8Array | undefined): string | null {
  if (!chunk?.length) return null;
  const head = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.length, 4096)).toString('latin1');
  const target = /^[A-Z]{1,16} (?:https?:\/\/[^/\s]*)?(\/[^\s?#]*)/i.exec(head);
  return target ? target[1]! : null;
}

/** A complete HTTP/1.1 answer that closes the connection, with the API headers. Pure. */
export function rawAnswer(answer: SurfaceErrorReply): string {
  const body = JSON.stringify(answer.body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...API_SECURITY_HEADERS,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\r\n${lines.join('')}\r\n${body}`;
}

/** Node's own fields on a server socket: its HTTP parser (and the request it is reading) and its response in flight. */
interface HttpSocket extends Socket {
  parser?: { incoming?: { url?: string; complete?: boolean } | null } | null;
  _httpMessage?: { headersSent?: boolean } | null;
}

/**
 * The path of the request a timeout cut short: Node has parsed its head (a half-sent body) or not (a
 * header drip, which gets the platform body).
 */
function timedOutPath(socket: HttpSocket): string | null {
  const incoming = socket.parser?.incoming;
  if (!incoming || incoming.complete || typeof incoming.url !== 'string') return null;
  const path = incoming.url.split('?')[0]!;
  return path.startsWith('/') ? path : null;
}

/**
 * The `clientErrorHandler` server option: Fastify's default answers these with its own body, listed
 * in no surface's document. This answers in the body of the surface the request was for (when its
 * path can be read), else the platform's, then closes the connection, as Node does. Never echoes nor
 * logs the URL: only the error's code and the status.
 */
export function handleClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  const fault = classifyClientError(error.code);
  if (!fault || socket.destroyed) {
    socket.destroy();
    return;
  }
  const http = socket as HttpSocket;
  const path = fault.kind === 'request-timeout' ? timedOutPath(http) : requestLinePath(error.rawPacket as unknown as Uint8Array | undefined);
  const answer = answerFault(this.server, fault, path);
  this.log.debug({ clientError: error.code, statusCode: answer.status }, 'client error');
  // As Node's own handler: never write into a response that has started (an answer sent before the
  // body arrived leaves a request for the timeout to cut).
  if (socket.writable && !http._httpMessage?.headersSent) socket.write(rawAnswer(answer));
  socket.destroy();
}

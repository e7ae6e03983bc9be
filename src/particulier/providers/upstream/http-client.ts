import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** An error of the transport, with the reason the provider codes tell apart. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly reason: 'timeout' | 'dns' | 'network',
    message: string,
  ) {
    super(message);
  }
}

const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/**
 * One GET or form POST over keep-alive connections (node:http: undici's fetch costs several times
 * more CPU per call, which the gateway adds to every request). The whole exchange, body included,
 * must end within `timeoutMs`; redirects are not followed.
 *
 * A pooled connection the server closed while it sat idle (its keep-alive timeout, noticed late by
 * a busy event loop) fails as soon as it is written to: such a failure on a reused connection,
 * before any answer, is retried once on a new connection, as Node's documentation advises. Both
 * calls made here (an upstream GET, FranceConnect's token introspection) are safe to repeat.
 */
export function request(url: URL, options: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<HttpAnswer> {
  const deadline = performance.now() + options.timeoutMs;
  return attempt(url, options, options.timeoutMs).catch((error: unknown) => {
    if (!(error instanceof StaleConnection)) throw error;
    return attempt(url, { ...options, fresh: true }, Math.max(1, deadline - performance.now()));
  });
}

/** A reused connection that failed before any byte of an answer: the request may not have reached the server. */
class StaleConnection extends Error {}

function attempt(url: URL, options: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string; fresh?: boolean }, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    let answered = false;
    const req = transport.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.body === undefined ? options.headers : { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        // The retry takes a connection of its own rather than another pooled one that may be as stale.
        agent: options.fresh ? false : agents[url.protocol as 'http:' | 'https:'],
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(new TransportError('network', error.message));
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new TransportError('timeout', `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      if (error instanceof TransportError) return reject(error);
      if (req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return reject(new StaleConnection(error.message));
      reject(new TransportError(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? 'dns' : 'network', error.message));
    });
    req.end(options.body);
  });
}

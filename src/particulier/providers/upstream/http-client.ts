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
 */
export function request(url: URL, options: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.body === undefined ? options.headers : { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        agent: agents[url.protocol as 'http:' | 'https:'],
      },
      (res) => {
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
      req.destroy(new TransportError('timeout', `no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      if (error instanceof TransportError) return reject(error);
      reject(new TransportError(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? 'dns' : 'network', error.message));
    });
    req.end(options.body);
  });
}

import { describe, expect, it } from 'vitest';
import { classifyClientError, rawAnswer, requestLinePath } from './client-errors.ts';

describe('classifyClientError', () => {
  it('names what Node reports by what the client did', () => {
    expect(classifyClientError('HPE_HEADER_OVERFLOW')).toStrictEqual({ kind: 'headers-too-large' });
    expect(classifyClientError('ERR_HTTP_REQUEST_TIMEOUT')).toStrictEqual({ kind: 'request-timeout' });
    expect(classifyClientError('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toStrictEqual({ kind: 'body-too-large' });
    expect(classifyClientError('HPE_INVALID_METHOD')).toStrictEqual({ kind: 'malformed-request' });
    expect(classifyClientError('HPE_INVALID_HEADER_TOKEN')).toStrictEqual({ kind: 'malformed-request' });
  });

  it('has no answer for a network error', () => {
    expect(classifyClientError('ECONNRESET')).toBeNull();
    expect(classifyClientError('EPIPE')).toBeNull();
    expect(classifyClientError(undefined)).toBeNull();
  });
});

describe('requestLinePath', () => {
  const chunk = (text: string) => Buffer.from(text, 'latin1');

  it('reads the path of the request line at the start of the chunk, without the query', () => {
    expect(requestLinePath(chunk('GET /api-particulier/v3/dss?prenoms[]=Jean&prenoms[]=Marie'))).toBe('/api-particulier/v3/dss');
    expect(requestLinePath(chunk('POST /crediteo/prospect HTTP/1.1\r\nHost: x\r\n'))).toBe('/crediteo/prospect');
    expect(requestLinePath(chunk('GET http://foyer.test/backoffice/api/files HTTP/1.1\r\n'))).toBe('/backoffice/api/files');
    // A request line cut by the end of the chunk still names its surface.
    expect(requestLinePath(chunk('GET /crediteo/dos'))).toBe('/crediteo/dos');
  });

  it('is null for a chunk that is not the start of a request', () => {
    expect(requestLinePath(chunk('nom[]=Jean&prenoms[]=Marie HTTP/1.1\r\n'))).toBeNull();
    expect(requestLinePath(chunk('X-Big: aaaa'))).toBeNull();
    expect(requestLinePath(chunk('GET * HTTP/1.1'))).toBeNull();
    expect(requestLinePath(Buffer.alloc(0))).toBeNull();
    expect(requestLinePath(undefined)).toBeNull();
  });
});

describe('rawAnswer', () => {
  it('is a whole HTTP/1.1 answer that closes the connection, its length in bytes', () => {
    const text = rawAnswer({ status: 431, body: { error: 'Délai' } });
    const [head, body] = text.split('\r\n\r\n');
    expect(body).toBe('{"error":"Délai"}');
    expect(head!.split('\r\n')).toStrictEqual([
      'HTTP/1.1 431 Request Header Fields Too Large',
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body!)}`,
      'x-content-type-options: nosniff',
      'x-frame-options: DENY',
      'strict-transport-security: max-age=31536000; includeSubDomains',
      'referrer-policy: no-referrer',
      'connection: close',
    ]);
  });
});

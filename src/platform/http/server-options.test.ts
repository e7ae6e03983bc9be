import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/index.ts';
import { serverOptions } from './server-options.ts';

describe('HTTP limits from the environment', () => {
  it('has finite defaults for every timeout and a connection ceiling', () => {
    expect(loadConfig({}).http).toStrictEqual({
      bodyLimit: 1024 * 1024,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      idleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 72_000,
      maxRequestsPerSocket: 1000,
      maxConnections: 1000,
    });
  });

  it('reads each variable', () => {
    const http = loadConfig({
      FOYER_HTTP_REQUEST_TIMEOUT_MS: '5000',
      FOYER_HTTP_HEADERS_TIMEOUT_MS: '2000',
      FOYER_HTTP_IDLE_TIMEOUT_MS: '7000',
      FOYER_HTTP_KEEP_ALIVE_TIMEOUT_MS: '3000',
      FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      FOYER_HTTP_MAX_CONNECTIONS: '50',
    }).http;
    expect(http).toMatchObject({ requestTimeoutMs: 5000, headersTimeoutMs: 2000, idleTimeoutMs: 7000, keepAliveTimeoutMs: 3000, maxRequestsPerSocket: 0, maxConnections: 50 });
  });

  it('refuses a timeout of 0 (no timeout) and headers allowed longer than the whole request', () => {
    expect(() => loadConfig({ FOYER_HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(
      new ConfigError([{ variable: 'FOYER_HTTP_REQUEST_TIMEOUT_MS', message: 'must be between 1 and 3600000, got 0' }]),
    );
    expect(() => loadConfig({ FOYER_HTTP_REQUEST_TIMEOUT_MS: '1000', FOYER_HTTP_HEADERS_TIMEOUT_MS: '2000' })).toThrow(
      'FOYER_HTTP_HEADERS_TIMEOUT_MS: must not exceed FOYER_HTTP_REQUEST_TIMEOUT_MS (1000)',
    );
    expect(() => loadConfig({ FOYER_HTTP_MAX_CONNECTIONS: '0' })).toThrow('FOYER_HTTP_MAX_CONNECTIONS');
  });
});

describe('serverOptions', () => {
  it('hands every limit to Fastify and to Node, checking deadlines often enough to keep them', () => {
    const options = serverOptions(loadConfig({}).http);
    expect(options).toStrictEqual({
      bodyLimit: 1024 * 1024,
      requestTimeout: 30_000,
      connectionTimeout: 60_000,
      keepAliveTimeout: 72_000,
      maxRequestsPerSocket: 1000,
      http: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2500 },
    });
  });

  it('checks short deadlines often, but never busier than every 25 ms', () => {
    const short = serverOptions(loadConfig({ FOYER_HTTP_REQUEST_TIMEOUT_MS: '800', FOYER_HTTP_HEADERS_TIMEOUT_MS: '400' }).http);
    expect(short.http.connectionsCheckingInterval).toBe(100);
    const tiny = serverOptions(loadConfig({ FOYER_HTTP_REQUEST_TIMEOUT_MS: '20', FOYER_HTTP_HEADERS_TIMEOUT_MS: '10' }).http);
    expect(tiny.http.connectionsCheckingInterval).toBe(25);
  });
});

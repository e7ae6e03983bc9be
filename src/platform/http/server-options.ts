import type { Server } from 'node:http';
import type { HttpConfig } from '../config/index.ts';

/**
 * Limits that keep slow or partial requests from holding connections: Fastify leaves Node's request
 * timeout off (0), so a client that sends half a body would keep its connection, and a slot of the
 * connection table, forever.
 *
 * Node checks the header and request deadlines on a timer (`connectionsCheckingInterval`, 30 s by
 * default, so a 10 s deadline would really be up to 40 s): the interval follows the shortest deadline.
 */
export function serverOptions(http: HttpConfig) {
  const connectionsCheckingInterval = Math.min(30_000, Math.max(25, Math.floor(Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4)));
  return {
    bodyLimit: http.bodyLimit,
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    maxRequestsPerSocket: http.maxRequestsPerSocket,
    // Read by Node when the server is created; Fastify passes them to `http.createServer`.
    http: { headersTimeout: http.headersTimeoutMs, requestTimeout: http.requestTimeoutMs, connectionsCheckingInterval },
  };
}

/** The connection ceiling: Node closes a connection accepted beyond it at once. */
export function limitConnections(server: Server, http: HttpConfig): void {
  server.maxConnections = http.maxConnections;
}

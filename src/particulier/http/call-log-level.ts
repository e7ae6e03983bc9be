import type { FastifyInstance, LogLevel } from 'fastify';
import { levels } from 'pino';

/**
 * The `logLevel` route option of the citizen-data calls (`FOYER_PARTICULIER_CALL_LOG_LEVEL`):
 * the setting when it is above the server's level, else none. Fastify's per-request lines are
 * `info`, so at `warn` each call skips two serialised lines (and their writes), which the access
 * log makes redundant; errors still reach the log. A level at or below `LOG_LEVEL` is not passed:
 * it would log more than `LOG_LEVEL` asks (`silent` must stay silent), and a level set on each
 * request's child logger costs a little for nothing.
 */
export function callRouteLogLevel(app: FastifyInstance, level: LogLevel): { logLevel?: LogLevel } {
  const server = levels.values[app.log.level] ?? Infinity; // `silent` has no value: nothing is above it
  return levels.values[level]! > server ? { logLevel: level } : {};
}

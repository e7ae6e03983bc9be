import path from 'node:path';

/** Everything the service reads from its environment, read once at boot and passed down. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  /** 32 bytes; null means "use (or create) the key file in the data directory". */
  masterKey: Buffer | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Run job workers inside the HTTP process (embedded mode); `foyer worker` runs them apart. */
  runWorkers: boolean;
  /** Where the broker surface is mounted. */
  brokerPrefix: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Create demo credentials on first start (default: only with the embedded database). */
  demo: boolean;
  /** Budget of the broker's rendered-read cache, used with the embedded database only; 0 disables. */
  brokerReadCacheBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return raw.replace(/\/+$/, '');
}

function masterKey(env: Env): Buffer | null {
  const raw = env.FOYER_MASTER_KEY;
  if (!raw) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError('FOYER_MASTER_KEY', 'must be 32 bytes, as 64 hex digits or base64');
  return key;
}

function prefix(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(raw)) throw new ConfigError(name, 'must look like /some-path');
  return raw;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = env.DATABASE_URL ? url(env, 'DATABASE_URL', '', ['postgres:', 'postgresql:']) : null;
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port,
    host,
    dataDir: path.resolve(cwd, env.FOYER_DATA_DIR || './data'),
    databaseUrl: databaseUrl === null ? null : env.DATABASE_URL!,
    publicUrl: url(env, 'FOYER_PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']),
    masterKey: masterKey(env),
    logLevel,
    runWorkers: flag(env, 'FOYER_RUN_WORKERS', true),
    brokerPrefix: prefix(env, 'FOYER_BROKER_PREFIX', '/crediteo'),
    bodyLimit: integer(env, 'FOYER_BODY_LIMIT', 1024 * 1024, 1024, 100 * 1024 * 1024),
    demo: flag(env, 'FOYER_DEMO', databaseUrl === null),
    brokerReadCacheBytes: integer(env, 'FOYER_BROKER_READ_CACHE_MB', 64, 0, 65536) * 1024 * 1024,
  };
}

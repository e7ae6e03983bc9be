import path from 'node:path';
import { ConfigError, EnvReader, type Env } from './env-reader.ts';
import { readStorageConfig, type StorageConfig } from './storage.ts';

export { ConfigError, EnvReader, type ConfigProblem, type Env } from './env-reader.ts';
export type { StorageConfig } from './storage.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** HTTP server limits shared by every surface. */
export interface HttpConfig {
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** The whole request (headers and body) must have arrived within this, in ms. */
  requestTimeoutMs: number;
  /** The headers must have arrived within this, in ms (at most the request timeout). */
  headersTimeoutMs: number;
  /** A connection that sends or receives nothing for this long is closed, in ms. */
  idleTimeoutMs: number;
  /** An idle kept-alive connection is closed after this, in ms. */
  keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed (0: no limit). */
  maxRequestsPerSocket: number;
  /** Open connections beyond this are refused at once. */
  maxConnections: number;
}

/** Everything the service reads from its environment, read once at boot and passed down. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** Embedded database only: PGlite runs in a thread of its own (FOYER_EMBEDDED_DB_THREAD, default off). */
  databaseThread: boolean;
  /**
   * Embedded database only: a tarball of an initialised data directory (PGlite's `dumpDataDir`) that
   * a new database starts from instead of running initdb (FOYER_EMBEDDED_DB_TEMPLATE; the test suite
   * makes one per PGlite version, see test/support/pglite-template.ts).
   */
  embeddedTemplate: string | null;
  publicUrl: string;
  /** 32 bytes; null means "use (or create) the key file in the data directory". */
  masterKey: Buffer | null;
  /**
   * Master keys being rotated away from (FOYER_MASTER_KEY_PREVIOUS): data keys they wrapped stay
   * readable until `rental:keys:rotate` has rewrapped them under the current one.
   */
  previousMasterKeys: Buffer[];
  /** Where blobs live (FOYER_STORAGE and FOYER_S3_*). */
  storage: StorageConfig;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Run job workers inside the HTTP process (embedded mode); `foyer worker` runs them apart. */
  runWorkers: boolean;
  /** Create demo credentials on first start (default: only with the embedded database). */
  demo: boolean;
  http: HttpConfig;
  /** One section per surface, keyed by module name, each read by that module's own reader. */
  surfaces: Record<string, unknown>;
}

/** What a module contributes to the configuration: its section, read from the same environment. */
export interface ConfigSection {
  name: string;
  readConfig?: (read: EnvReader, base: { databaseUrl: string | null }) => unknown;
}

export interface LoadOptions {
  cwd?: string;
  sections?: readonly ConfigSection[];
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
  const read = new EnvReader(env);
  const port = read.integer('PORT', 8080, 0, 65535);
  const databaseUrl = read.raw('DATABASE_URL') === undefined ? null : read.url('DATABASE_URL', '', ['postgres:', 'postgresql:']);
  const template = read.raw('FOYER_EMBEDDED_DB_TEMPLATE');
  const surfaces: Record<string, unknown> = {};
  for (const section of options.sections ?? []) {
    if (section.readConfig) surfaces[section.name] = section.readConfig(read, { databaseUrl });
  }
  const config: Config = {
    port,
    host: read.string('HOST', '0.0.0.0'),
    dataDir: path.resolve(options.cwd ?? process.cwd(), read.string('FOYER_DATA_DIR', './data')),
    databaseUrl: databaseUrl === null || databaseUrl === '' ? null : read.raw('DATABASE_URL')!,
    databaseThread: read.flag('FOYER_EMBEDDED_DB_THREAD', false),
    embeddedTemplate: template ? path.resolve(options.cwd ?? process.cwd(), template) : null,
    publicUrl: read.url('FOYER_PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']),
    masterKey: masterKey(read),
    previousMasterKeys: previousMasterKeys(read),
    storage: readStorageConfig(read),
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    runWorkers: read.flag('FOYER_RUN_WORKERS', true),
    demo: read.flag('FOYER_DEMO', databaseUrl === null),
    http: httpConfig(read),
    surfaces,
  };
  read.finish();
  return config;
}

function httpConfig(read: EnvReader): HttpConfig {
  const ms = (name: string, fallback: number) => read.integer(name, fallback, 1, 3_600_000);
  const http: HttpConfig = {
    bodyLimit: read.integer('FOYER_BODY_LIMIT', 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: ms('FOYER_HTTP_REQUEST_TIMEOUT_MS', 30_000),
    headersTimeoutMs: ms('FOYER_HTTP_HEADERS_TIMEOUT_MS', 10_000),
    idleTimeoutMs: ms('FOYER_HTTP_IDLE_TIMEOUT_MS', 60_000),
    keepAliveTimeoutMs: ms('FOYER_HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000),
    maxRequestsPerSocket: read.integer('FOYER_HTTP_MAX_REQUESTS_PER_SOCKET', 1000, 0, 1_000_000),
    maxConnections: read.integer('FOYER_HTTP_MAX_CONNECTIONS', 1000, 1, 1_000_000),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    read.problem('FOYER_HTTP_HEADERS_TIMEOUT_MS', `must not exceed FOYER_HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs})`);
  }
  return http;
}

function masterKey(read: EnvReader): Buffer | null {
  const raw = read.raw('FOYER_MASTER_KEY');
  if (!raw) return null;
  const key = decodeKey(raw);
  if (!key) read.problem('FOYER_MASTER_KEY', 'must be 32 bytes, as 64 hex digits or base64');
  return key;
}

function decodeKey(raw: string): Buffer | null {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  return key.length === 32 ? key : null;
}

/** Comma-separated, like FOYER_MASTER_KEY each. */
function previousMasterKeys(read: EnvReader): Buffer[] {
  const raw = read.raw('FOYER_MASTER_KEY_PREVIOUS');
  if (!raw) return [];
  const keys: Buffer[] = [];
  for (const [i, item] of raw.split(',').entries()) {
    const key = decodeKey(item.trim());
    if (!key) {
      // Say which one without echoing it: it is a secret.
      read.problem('FOYER_MASTER_KEY_PREVIOUS', `key number ${i + 1} is not 32 bytes as 64 hex digits or base64`);
      continue;
    }
    keys.push(key);
  }
  return keys;
}

/** A surface's own section, as its module's reader produced it. */
export function sectionOf<T>(config: Config, name: string): T {
  if (!(name in config.surfaces)) throw new ConfigError([{ variable: name, message: 'this surface has no configuration section' }]);
  return config.surfaces[name] as T;
}

/** The process's own environment: the one place it is read. */
export function loadProcessConfig(sections: readonly ConfigSection[]): Config {
  return loadConfig(process.env, { sections });
}

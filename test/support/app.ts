import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type AppOptions, type FoyerApp } from '../../src/app.ts';
import { asBrokerDb, createApiKey, createBroker } from '../../src/broker/index.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';

/**
 * Builds the app exactly as production does (`buildApp`), on a fresh database: embedded PGlite by
 * default, or a new PostgreSQL database when TEST_DATABASE_URL is set (CI runs the suite both ways).
 */
export interface TestApp extends FoyerApp {
  dataDir: string;
  /** The PostgreSQL test database (null: embedded), for an app restarted on the same data. */
  databaseUrl: string | null;
  /** Drops the test database / data directory after closing. */
  destroy(): Promise<void>;
}

export async function startTestApp(options: AppOptions & { env?: Record<string, string>; dataDir?: string; databaseUrl?: string | null } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-test-'));
  // A restart (same dataDir) on PostgreSQL reuses the first start's database: pass its databaseUrl.
  const { databaseUrl, dropDatabase } = options.databaseUrl ? reusedDatabase(options.databaseUrl) : await freshDatabase();
  const config = loadConfig({
    FOYER_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FOYER_PUBLIC_URL: 'http://foyer.test',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...s3Env(dataDir),
    ...(process.env.FOYER_EMBEDDED_DB_THREAD ? { FOYER_EMBEDDED_DB_THREAD: process.env.FOYER_EMBEDDED_DB_THREAD } : {}),
    ...(process.env.FOYER_EMBEDDED_DB_TEMPLATE ? { FOYER_EMBEDDED_DB_TEMPLATE: process.env.FOYER_EMBEDDED_DB_TEMPLATE } : {}),
    ...options.env,
  }, { sections: options.modules ?? MODULES });
  const app = await buildApp(config, { memoryDatabase: !options.dataDir && !databaseUrl, ...options });
  return {
    ...app,
    dataDir,
    databaseUrl,
    async destroy() {
      await app.close();
      await dropDatabase();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * With TEST_S3_ENDPOINT set (`npm run test:s3`), blobs go to that S3 server, under a key prefix of
 * their own per data directory (an app restarted on the same directory finds its blobs again).
 */
function s3Env(dataDir: string): Record<string, string> {
  const endpoint = process.env.TEST_S3_ENDPOINT;
  if (!endpoint) return {};
  return {
    FOYER_STORAGE: 's3',
    FOYER_S3_ENDPOINT: endpoint,
    FOYER_S3_BUCKET: process.env.TEST_S3_BUCKET ?? 'foyer-test',
    FOYER_S3_ACCESS_KEY_ID: 'S3RVER',
    FOYER_S3_SECRET_ACCESS_KEY: 'S3RVER',
    FOYER_S3_FORCE_PATH_STYLE: 'true',
    FOYER_S3_PREFIX: `${path.basename(dataDir)}/`,
  };
}

function reusedDatabase(databaseUrl: string): { databaseUrl: string; dropDatabase: () => Promise<void> } {
  const admin = process.env.TEST_DATABASE_URL;
  const name = new URL(databaseUrl).pathname.slice(1);
  return {
    databaseUrl,
    async dropDatabase() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function freshDatabase(): Promise<{ databaseUrl: string | null; dropDatabase: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return { databaseUrl: null, dropDatabase: async () => {} };
  const name = `foyer_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async dropDatabase() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function newBrokerKey(app: FoyerApp, origins: string[] = []) {
  const db = asBrokerDb(app.db.kysely);
  const brokerId = await createBroker(db, `Broker ${randomBytes(3).toString('hex')}`);
  const { token } = await createApiKey(db, brokerId, { allowedOrigins: origins });
  return { brokerId, token };
}

/** Shorthand for injecting a broker request with its token. */
export function brokerClient(app: FoyerApp, token: string, prefix = '/crediteo') {
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.http.inject({
      method,
      url: `${prefix}${url}`,
      headers: {
        'x-crediteo-user-auth-token': token,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.body ? (safeJson(res.body) as any) : undefined, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

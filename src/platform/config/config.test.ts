import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ConfigSection } from './index.ts';

/** A surface's section, as a module declares it (the platform knows no module). */
const SECTIONS: ConfigSection[] = [
  { name: 'demo-surface', readConfig: (read) => ({ prefix: read.prefix('FOYER_DEMO_SURFACE_PREFIX', '/demo'), cacheMb: read.integer('FOYER_DEMO_SURFACE_CACHE_MB', 8, 0, 64) }) },
];

describe('loadConfig', () => {
  it('has working defaults for the two-command start', () => {
    const config = loadConfig({}, { cwd: '/srv/foyer', sections: SECTIONS });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/foyer', 'data'),
      databaseUrl: null,
      databaseThread: false,
      embeddedTemplate: null,
      publicUrl: 'http://localhost:8080',
      masterKey: null,
      demo: true,
      http: { bodyLimit: 1024 * 1024 },
      surfaces: { 'demo-surface': { prefix: '/demo', cacheMb: 8 } },
    });
  });

  it('resolves FOYER_EMBEDDED_DB_TEMPLATE against the working directory', () => {
    expect(loadConfig({ FOYER_EMBEDDED_DB_TEMPLATE: 'tmp/pgdata.tar' }, { cwd: '/srv/foyer' }).embeddedTemplate).toBe(path.resolve('/srv/foyer', 'tmp/pgdata.tar'));
  });

  it('uses PostgreSQL and turns the demo off when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/foyer' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/foyer');
    expect(config.demo).toBe(false);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }, 'PORT: expected an integer, got "eighty"'],
    ['PORT', { PORT: '70000' }, 'PORT: must be between 0 and 65535, got 70000'],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must use postgres: or postgresql:'],
    ['FOYER_PUBLIC_URL', { FOYER_PUBLIC_URL: 'not a url' }, 'FOYER_PUBLIC_URL: is not a valid URL'],
    ['FOYER_MASTER_KEY', { FOYER_MASTER_KEY: 'abcd' }, 'FOYER_MASTER_KEY: must be 32 bytes, as 64 hex digits or base64'],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
    ['FOYER_RUN_WORKERS', { FOYER_RUN_WORKERS: 'maybe' }, 'FOYER_RUN_WORKERS: expected true or false, got "maybe"'],
    ['FOYER_DEMO_SURFACE_PREFIX', { FOYER_DEMO_SURFACE_PREFIX: 'demo' }, 'FOYER_DEMO_SURFACE_PREFIX: must look like /some-path'],
  ])('stops on a bad %s with a message naming it', (variable, env, message) => {
    let error: unknown;
    try {
      loadConfig(env, { sections: SECTIONS });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toBe(message);
  });

  it('reports every bad variable of the environment at once, surface sections included', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', FOYER_DEMO_SURFACE_CACHE_MB: '999', FOYER_MASTER_KEY: 'abcd' }, { sections: SECTIONS });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(
      ['FOYER_DEMO_SURFACE_CACHE_MB', 'FOYER_MASTER_KEY', 'LOG_LEVEL', 'PORT'].sort(),
    );
    expect((error as ConfigError).message).toContain('FOYER_DEMO_SURFACE_CACHE_MB: must be between 0 and 64, got 999');
  });

  it('accepts a 32-byte master key in hex', () => {
    expect(loadConfig({ FOYER_MASTER_KEY: 'ab'.repeat(32) }).masterKey?.length).toBe(32);
  });

  it('reads previous master keys, comma-separated, in hex or base64', () => {
    const config = loadConfig({ FOYER_MASTER_KEY_PREVIOUS: `${'cd'.repeat(32)}, ${Buffer.alloc(32, 7).toString('base64')}` });
    expect(config.previousMasterKeys).toEqual([Buffer.alloc(32, 0xcd), Buffer.alloc(32, 7)]);
    expect(loadConfig({}).previousMasterKeys).toEqual([]);
  });

  it('stores blobs on the filesystem by default, in an S3 bucket with FOYER_STORAGE=s3', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'fs' });
    const config = loadConfig({
      FOYER_STORAGE: 's3',
      FOYER_S3_ENDPOINT: 'http://127.0.0.1:9000/',
      FOYER_S3_BUCKET: 'foyer-blobs',
      FOYER_S3_ACCESS_KEY_ID: 'AK',
      FOYER_S3_SECRET_ACCESS_KEY: 'SK',
      FOYER_S3_FORCE_PATH_STYLE: 'true',
      FOYER_S3_PREFIX: 'prod/',
    });
    expect(config.storage).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'foyer-blobs',
      region: 'us-east-1',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      forcePathStyle: true,
      keyPrefix: 'prod/',
    });
  });

  it('reports every bad storage and key variable at boot, by name, without echoing a key', () => {
    let error: unknown;
    try {
      loadConfig({
        FOYER_STORAGE: 's3',
        FOYER_S3_ENDPOINT: 'ftp://x',
        FOYER_S3_BUCKET: 'Not_A_Bucket',
        FOYER_S3_REGION: 'EU WEST',
        FOYER_S3_FORCE_PATH_STYLE: 'perhaps',
        FOYER_S3_PREFIX: '/abs',
        FOYER_MASTER_KEY_PREVIOUS: `${'ab'.repeat(32)},secret-but-short`,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'FOYER_MASTER_KEY_PREVIOUS', message: 'key number 2 is not 32 bytes as 64 hex digits or base64' },
      { variable: 'FOYER_S3_ENDPOINT', message: 'must use http: or https:' },
      { variable: 'FOYER_S3_BUCKET', message: 'is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)' },
      { variable: 'FOYER_S3_REGION', message: 'is not a region name, got "EU WEST"' },
      { variable: 'FOYER_S3_PREFIX', message: 'must be one to four path segments, each followed by "/" (e.g. foyer/)' },
      { variable: 'FOYER_S3_ACCESS_KEY_ID', message: 'is required with FOYER_STORAGE=s3' },
      { variable: 'FOYER_S3_SECRET_ACCESS_KEY', message: 'is required with FOYER_STORAGE=s3' },
      { variable: 'FOYER_S3_FORCE_PATH_STYLE', message: 'expected true or false, got "perhaps"' },
    ]);
    expect((error as ConfigError).message).not.toContain('secret-but-short');
    expect(() => loadConfig({ FOYER_STORAGE: 'ftp' })).toThrow('FOYER_STORAGE: must be one of fs, s3');
  });
});

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asBrokerDb, brokerMigrations, brokerPlugin, dossierChangedJob, ReadCache } from './broker/index.ts';
import { JOBS } from './jobs.ts';
import type { Config } from './platform/config/index.ts';
import { loadMasterKey } from './platform/crypto/master-key.ts';
import { executorFor, openDatabase, type Database } from './platform/db/index.ts';
import { migrate } from './platform/migrations/runner.ts';
import { startEmbeddedMaintenance, type Maintenance } from './platform/db/maintenance.ts';
import { startQueue, type Queue } from './platform/queue/index.ts';
import { registerHealthRoutes } from './platform/http/health.ts';
import { addApiSecurityHeaders } from './platform/http/security-headers.ts';

export interface AppOptions {
  /** In-memory embedded database (tests that need no persistence). */
  memoryDatabase?: boolean;
  /** Clock for the broker's "now" (tests). */
  now?: () => Date;
}

export interface FoyerApp {
  http: FastifyInstance;
  db: Database;
  queue: Queue;
  masterKey: Buffer;
  config: Config;
  /** Stops accepting requests, finishes in-flight ones and jobs, closes the database. */
  close(): Promise<void>;
}

export const MIGRATIONS = [brokerMigrations];

/** The one app factory, used by `foyer serve` and by every test. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FoyerApp> {
  const masterKey = loadMasterKey(config.masterKey, config.dataDir);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: options.memoryDatabase });
  const logger = makeLogger(config);
  let queue: Queue | undefined;
  let maintenance: Maintenance;
  try {
    await migrate(db.kysely, MIGRATIONS);
    maintenance = await startEmbeddedMaintenance(db, logger);
    queue = await startQueue({ executor: db.executor, jobs: JOBS, runWorkers: config.runWorkers, logger });
  } catch (error) {
    await db.close();
    throw error;
  }
  const jobs = queue;

  const http = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  addApiSecurityHeaders(http);
  await http.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Foyer — platform', version: '1.0.0', description: 'Liveness and readiness.' },
    },
  });
  // The documentation pages are HTML: they get helmet's full set of headers.
  await http.register(async (pages) => {
    await pages.register(helmet, { contentSecurityPolicy: false });
    await pages.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: {
        urls: [
          { url: `${config.brokerPrefix}/openapi.json`, name: 'Broker API (CREDITEO-compatible)' },
          { url: '/docs/json', name: 'Platform' },
        ],
      } as never,
    });
  });
  registerHealthRoutes(http, db);

  await http.register(brokerPlugin, {
    prefix: config.brokerPrefix,
    db: asBrokerDb(db.kysely),
    onWrite: async (trx, event) => {
      await jobs.enqueue(dossierChangedJob, event, executorFor(trx as never));
      maintenance.noteWrites(1);
    },
    guideUrl: `${config.publicUrl}${config.brokerPrefix}/guide`,
    ownOrigins: [new URL(config.publicUrl).origin.toLowerCase()],
    openapiServerUrl: `${config.publicUrl}${config.brokerPrefix}`,
    // Only the embedded database guarantees that this process is the sole writer.
    readCache: db.kind === 'embedded' && config.brokerReadCacheBytes > 0 ? new ReadCache(config.brokerReadCacheBytes) : null,
    now: options.now,
  });

  let closing: Promise<void> | undefined;
  return {
    http,
    db,
    queue: jobs,
    masterKey,
    config,
    close() {
      closing ??= (async () => {
        await http.close();
        maintenance.stop();
        await jobs.stop();
        await db.close();
      })();
      return closing;
    },
  };
}

const REDACT = ['req.headers["x-crediteo-user-auth-token"]', 'req.headers.authorization', 'req.headers.cookie'];

function loggerOptions(config: Config) {
  return { level: config.logLevel, redact: REDACT };
}

function makeLogger(config: Config) {
  return pino(loggerOptions(config));
}

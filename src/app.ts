import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MODULES } from './modules.ts';
import type { Config } from './platform/config/index.ts';
import { loadMasterKey } from './platform/crypto/master-key.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import { migrate } from './platform/migrations/runner.ts';
import { startEmbeddedMaintenance, type Maintenance } from './platform/db/maintenance.ts';
import { startQueue, type Queue } from './platform/queue/index.ts';
import { registerHealthRoutes } from './platform/http/health.ts';
import { addApiSecurityHeaders } from './platform/http/security-headers.ts';
import { handleClientError } from './platform/http/client-errors.ts';
import { routeFrameworkErrors } from './platform/http/framework-errors.ts';
import { limitConnections, serverOptions } from './platform/http/server-options.ts';
import { LOG_SERIALIZERS } from './platform/http/log-serializers.ts';
import { registerDocs, registerIndex, type DocumentedSurface } from './platform/http/docs.ts';
import type { AnyModule, ModuleContext } from './platform/module.ts';

export interface AppOptions {
  /** In-memory embedded database (tests that need no persistence). */
  memoryDatabase?: boolean;
  /** Where log lines go (default: standard output); tests read them. */
  logStream?: DestinationStream;
  /** Clock for the modules' "now" (tests). */
  now?: () => Date;
  /** The modules to mount (default: all of them). */
  modules?: readonly AnyModule[];
  /** The command building the app, named in the data directory lock (`serve`, `worker`). */
  owner?: string;
  /** How often the job scheduler looks for due cron jobs, in seconds (tests: 1). */
  cronCheckSeconds?: number;
}

export interface FoyerApp {
  http: FastifyInstance;
  db: Database;
  queue: Queue;
  masterKey: Buffer;
  config: Config;
  logger: Logger;
  /** The context each module was built with, by module name (admin commands run in it). */
  contexts: Map<string, ModuleContext>;
  /** The same for the platform's own admin commands (`jobs:dead`), which belong to no module. */
  platform: ModuleContext<undefined>;
  /** Stops accepting requests, finishes in-flight ones and jobs, closes the database. */
  close(): Promise<void>;
}

/** The one app factory, used by `foyer serve`, `foyer worker` and by every test. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FoyerApp> {
  const modules = options.modules ?? MODULES;
  // The database first: with the embedded one it locks the data directory before anything in it is touched.
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: options.memoryDatabase, owner: options.owner, databaseThread: config.databaseThread, embeddedTemplate: config.embeddedTemplate });
  const logger = options.logStream ? pino(loggerOptions(config, modules), options.logStream) : pino(loggerOptions(config, modules));
  let queue: Queue | undefined;
  let maintenance: Maintenance | undefined;
  let masterKey: Buffer;
  // Contexts exist before the queue starts (its workers hand them to job handlers) and reach the
  // queue through this forwarder once it is started.
  const jobs: Queue = {
    enqueue: (job, payload, within, options) => queue!.enqueue(job, payload, within, options),
    drain: (names, timeoutMs) => queue!.drain(names, timeoutMs),
    stop: () => queue!.stop(),
  };
  // What modules hold beyond the platform's own resources (thread pools): released on close.
  const closeHooks: { module: string; fn: () => Promise<void> | void }[] = [];
  const runCloseHooks = async () => {
    for (const hook of closeHooks.splice(0)) {
      try {
        await hook.fn();
      } catch (error) {
        logger.error({ err: error, module: hook.module }, 'module close hook failed');
      }
    }
  };
  const contextOf = (name: string, settings: unknown): ModuleContext => ({
    config,
    settings,
    db,
    queue: jobs,
    masterKey,
    logger: logger.child({ module: name }),
    noteWrites: (count) => maintenance?.noteWrites(count),
    now: options.now ?? (() => new Date()),
    events: new EventEmitter(),
    onClose: (fn) => closeHooks.push({ module: name, fn }),
  });
  const contexts = new Map<string, ModuleContext>();
  try {
    masterKey = loadMasterKey(config.masterKey, config.dataDir);
    await migrate(
      db.kysely,
      modules.map((m) => m.migrations),
    );
    maintenance = await startEmbeddedMaintenance(db, logger);
    const moduleOfJob = new Map<string, string>();
    for (const module of modules) {
      contexts.set(module.name, contextOf(module.name, config.surfaces[module.name]));
      for (const job of module.jobs) moduleOfJob.set(job.name, module.name);
    }
    queue = await startQueue({
      executor: db.executor,
      jobs: modules.flatMap((m) => m.jobs),
      contextOf: (jobName) => contexts.get(moduleOfJob.get(jobName)!)!,
      runWorkers: config.runWorkers,
      logger,
      cronCheckSeconds: options.cronCheckSeconds,
    });
  } catch (error) {
    await queue?.stop();
    await runCloseHooks();
    maintenance?.stop();
    await db.close();
    throw error;
  }

  const http = Fastify({
    logger: { ...loggerOptions(config, modules), ...(options.logStream ? { stream: options.logStream } : {}) },
    ...serverOptions(config.http),
    frameworkErrors: routeFrameworkErrors,
    clientErrorHandler: handleClientError,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  limitConnections(http.server, config.http);

  const surfaces: DocumentedSurface[] = [];
  try {
    addApiSecurityHeaders(http);
    await http.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Foyer — platform', version: '1.0.0', description: 'Index, liveness and readiness.' },
      },
    });

    for (const module of modules) {
      const context = contexts.get(module.name)!;
      const surface = module.surface;
      if (!surface) continue;
      const prefix = surface.prefix(context.settings);
      surfaces.push({ name: module.name, title: surface.title, prefix, openapi: `${prefix}${surface.openapiPath}` });
      await http.register(async (scope) => surface.plugin(scope, context), { prefix });
      for (const mount of surface.mounts ?? []) {
        const mountPrefix = mount.prefix(context.settings);
        if (mount.document) surfaces.push({ name: mount.document.name, title: mount.document.title, prefix: mountPrefix, openapi: `${mountPrefix}${mount.document.openapiPath}` });
        await http.register(async (scope) => mount.plugin(scope, context), { prefix: mountPrefix });
      }
    }
    await registerDocs(http, surfaces);
    registerIndex(http, { name: 'Foyer', surfaces });
    registerHealthRoutes(http, db);
  } catch (error) {
    // A surface that cannot be mounted must not leave the pool, the queue or the lock behind.
    await http.close().catch(() => {});
    maintenance!.stop();
    await jobs.stop();
    await runCloseHooks();
    await db.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    http,
    db,
    queue: jobs,
    masterKey,
    config,
    logger,
    contexts,
    platform: contextOf('platform', undefined) as ModuleContext<undefined>,
    close() {
      closing ??= (async () => {
        await http.close();
        maintenance!.stop();
        await jobs.stop();
        await runCloseHooks();
        await db.close();
      })();
      return closing;
    },
  };
}

/** Secrets never reach the logs: every module names the headers that carry its credentials. */
function loggerOptions(config: Config, modules: readonly AnyModule[]) {
  const headers = new Set(['authorization', 'cookie', ...modules.flatMap((m) => m.redactHeaders)]);
  return { level: config.logLevel, redact: [...headers].map((h) => `req.headers["${h}"]`), serializers: LOG_SERIALIZERS };
}

import type { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config, ConfigSection } from './config/index.ts';
import type { Database } from './db/index.ts';
import type { MigrationSource } from './migrations/runner.ts';
import type { AnyJob, Queue } from './queue/index.ts';

/**
 * What the platform hands a module at boot. Modules never reach for globals: the database, the
 * queue, the keys and the clock all come from here.
 */
export interface ModuleContext<C = unknown> {
  config: Config;
  /** This module's own configuration section (see `ModuleDescriptor.readConfig`). */
  settings: C;
  db: Database;
  queue: Queue;
  masterKey: Buffer;
  logger: Logger;
  /** Tells the embedded database's maintenance that rows were written (it analyses after bursts). */
  noteWrites(count: number): void;
  /** Clock, injectable by tests. */
  now: () => Date;
  /**
   * In-process notifications between the parts of this module (one emitter per module): an admin
   * command run inside the server tells the HTTP surface to drop a cached credential at once.
   */
  events: EventEmitter;
  /**
   * Runs `fn` when the app closes: after the HTTP server and the job queue have stopped (in-flight
   * requests and jobs may still use what it releases), before the database closes. Hooks run once,
   * in registration order; a failing hook is logged and does not stop the others.
   */
  onClose(fn: () => Promise<void> | void): void;
}

/** An HTTP surface: where it is mounted and how it documents itself. */
export interface SurfaceDescriptor<C> {
  /** Mount point, usually from the module's configuration section. */
  prefix(settings: C): string;
  /** Title shown in `/docs` and in `GET /`. */
  title: string;
  /** Path of the surface's OpenAPI document, relative to its prefix. */
  openapiPath: string;
  /** Registers the surface's routes, hooks, error handler and OpenAPI document under the prefix. */
  plugin(app: FastifyInstance, context: ModuleContext<C>): Promise<void>;
  /** Further mount points of the same surface (the rental API's `/oauth`), each with its own plugin. */
  mounts?: SurfaceMount<C>[];
}

export interface SurfaceMount<C> {
  prefix(settings: C): string;
  plugin(app: FastifyInstance, context: ModuleContext<C>): Promise<void>;
  /** A mount with an OpenAPI document of its own, listed in `/docs` and `GET /` beside the surface's. */
  document?: { name: string; title: string; openapiPath: string };
}

/** The context of a command run from the CLI, or through the running server's admin socket. */
export interface CommandContext<C = unknown> {
  config: Config;
  settings: C;
  db: Database;
  /** Present when the command runs inside the server process: lets it drop caches at once. */
  server?: ModuleContext<C>;
}

export type CommandOptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; description?: string };
export type CommandValues = Record<string, string | boolean | string[] | undefined>;

/** An administration command (`foyer broker:create …`). Its result is printed as JSON. */
export interface CliCommand<C = unknown> {
  name: string;
  summary: string;
  options: Record<string, CommandOptionSpec>;
  /** The string option a single positional argument fills (`foyer cmd VALUE` = `foyer cmd --option VALUE`). */
  positional?: string;
  run(context: CommandContext<C>, values: CommandValues): Promise<unknown>;
}

/** A refusal of the command's own arguments or state: printed as is, exit status 2. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** Demo credentials of one surface: stored under the module's name in `demo-credentials.json`. */
export interface DemoSeed<C> {
  create(context: ModuleContext<C>): Promise<Record<string, unknown>>;
  /** One line for the console, from the stored credentials. */
  describe(credentials: Record<string, unknown>, context: { publicUrl: string; settings: C }): string;
}

/**
 * Everything the platform needs to know about a module. `app.ts`, `main.ts`, the job registry and
 * the demo seeding loop over the list of descriptors, so adding a surface touches no platform file.
 */
export interface ModuleDescriptor<C = unknown> extends ConfigSection {
  name: string;
  readConfig?: ConfigSection['readConfig'];
  migrations: MigrationSource;
  jobs: AnyJob[];
  /** Lower-case request header names that carry secrets, redacted from logs. */
  redactHeaders: string[];
  surface?: SurfaceDescriptor<C>;
  demo?: DemoSeed<C>;
  commands: CliCommand<C>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDescriptor<any>;

export function defineModule<C>(descriptor: ModuleDescriptor<C>): ModuleDescriptor<C> {
  return descriptor;
}

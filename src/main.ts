import { buildApp, type FoyerApp } from './app.ts';
import { MODULES } from './modules.ts';
import { AdminProtocolError, sendAdminCommand } from './platform/admin/client.ts';
import { parseCommandLine } from './platform/admin/command-line.ts';
import { commandEntries, runInHost, type CommandEntry } from './platform/admin/commands.ts';
import { adminSocketPath, type AdminResponse } from './platform/admin/protocol.ts';
import { startAdminServer, type AdminServer } from './platform/admin/server.ts';
import { ConfigError, loadProcessConfig, type Config } from './platform/config/index.ts';
import { DataDirInUseError } from './platform/db/data-dir-lock.ts';
import { openDatabase } from './platform/db/index.ts';
import { ensureDemoCredentials, DEMO_FILE } from './platform/demo.ts';
import { migrate } from './platform/migrations/runner.ts';
import { CommandError, type CliCommand, type CommandValues } from './platform/module.ts';
import { jobsDeadCommand, jobsDeadRetryCommand } from './platform/queue/dead-command.ts';

/** The platform's own admin commands: same shape as the modules' ones, and run the same way. */
const PLATFORM_COMMANDS: CliCommand<undefined>[] = [jobsDeadCommand, jobsDeadRetryCommand];

const COMMANDS: CommandEntry[] = commandEntries(MODULES, PLATFORM_COMMANDS);

const USAGE = [
  'usage: foyer <command> [options]',
  '  serve      run the HTTP service (and, embedded, the job workers)',
  '  worker     run the job workers only (scale-out with PostgreSQL)',
  '  migrate    apply pending database migrations and exit',
  ...COMMANDS.map(({ command }) => `  ${command.name} ${command.summary}`),
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  let config: Config;
  try {
    config = loadProcessConfig(MODULES);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    switch (name) {
      case 'serve':
        return await serve(config);
      case 'worker':
        return await worker(config);
      case 'migrate':
        return await migrateOnly(config);
    }
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(`foyer: ${error.message}; ${name === 'migrate' ? 'it applied the migrations when it started' : 'two processes cannot open one embedded database'}. Stop it first, or set DATABASE_URL (PostgreSQL) to run several processes.`);
      return 2;
    }
    throw error;
  }
  const entry = COMMANDS.find((c) => c.command.name === name);
  if (!entry) {
    console.error(USAGE);
    return name ? 2 : 0;
  }
  let values: CommandValues;
  try {
    values = parseCommandLine(entry.command, rest);
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: foyer ${entry.command.name} ${entry.command.summary}`);
    return 2;
  }
  return runCommand(config, entry, values);
}

async function serve(config: Config): Promise<number> {
  const started = Date.now();
  const app = await buildApp(config, { owner: 'serve' });
  const admin = await adminSocketFor(app);
  if (config.demo) {
    const { created, lines } = await ensureDemoCredentials(config.dataDir, MODULES, app.contexts);
    const verb = created.length ? 'Created' : 'Using';
    console.log(`${verb} demo credentials (${config.dataDir}/${DEMO_FILE}):\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  await app.http.listen({ port: config.port, host: config.host });
  console.log(`Foyer listening on ${config.publicUrl} in ${Date.now() - started} ms — docs at ${config.publicUrl}/docs`);
  await untilSignal();
  await admin?.close();
  await app.close();
  return 0;
}

async function worker(config: Config): Promise<number> {
  const app = await buildApp({ ...config, runWorkers: true }, { owner: 'worker' });
  const admin = await adminSocketFor(app);
  console.log('Foyer workers running');
  await untilSignal();
  await admin?.close();
  await app.close();
  return 0;
}

/**
 * The process that owns the embedded database runs the admin commands sent to its socket. With
 * PostgreSQL every process opens the pool itself, so there is no socket (and no lock).
 */
async function adminSocketFor(app: FoyerApp): Promise<AdminServer | null> {
  if (app.db.kind !== 'embedded') return null;
  return startAdminServer({
    socketPath: adminSocketPath(app.config.dataDir),
    logger: app.logger.child({ admin: true }),
    run: async ({ command, values }) => {
      const entry = COMMANDS.find((c) => c.command.name === command);
      if (!entry) throw new CommandError(`unknown command ${command}`);
      return runInHost(app, entry, values);
    },
  });
}

async function migrateOnly(config: Config): Promise<number> {
  const db = await openDatabase({ ...config, owner: 'migrate' });
  try {
    const applied = await migrate(
      db.kysely,
      MODULES.map((m) => m.migrations),
    );
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
  return 0;
}

/**
 * An admin command. With the embedded database, a running server owns the data directory: the
 * command is sent to it over the admin socket (it then also drops its caches at once); otherwise
 * the command opens the database itself, under the data directory lock.
 */
async function runCommand(config: Config, entry: CommandEntry, values: CommandValues): Promise<number> {
  const { command } = entry;
  if (!config.databaseUrl) {
    let answer: AdminResponse | null;
    try {
      answer = await sendAdminCommand(adminSocketPath(config.dataDir), { command: command.name, values });
    } catch (error) {
      if (!(error instanceof AdminProtocolError)) throw error;
      console.error(`foyer: ${error.message}`);
      return 1;
    }
    if (answer) return report(answer);
  }
  let db;
  try {
    db = await openDatabase({ ...config, owner: command.name });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    const why = ['serve', 'worker'].includes(error.holder.owner)
      ? `, which does not answer on its admin socket ${adminSocketPath(config.dataDir)} (starting, stopping, or no socket could be made there); try again when it is up`
      : '; try again when it has finished';
    console.error(`foyer: ${error.message}${why}.`);
    return 2;
  }
  try {
    await migrate(
      db.kysely,
      MODULES.map((m) => m.migrations),
    );
    const result = await command.run({ config, settings: entry.module ? config.surfaces[entry.module.name] : undefined, db }, values);
    return report({ ok: true, result });
  } catch (error) {
    if (error instanceof CommandError) return report({ ok: false, error: error.message, refused: true });
    throw error;
  } finally {
    await db.close();
  }
}

function report(answer: AdminResponse): number {
  if (answer.ok) {
    console.log(typeof answer.result === 'string' ? answer.result : JSON.stringify(answer.result, null, 2));
    return 0;
  }
  console.error(answer.error);
  return answer.refused ? 2 : 1;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal} received: finishing in-flight work`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { MODULES } from './modules.ts';
import { ConfigError, loadProcessConfig, type Config } from './platform/config/index.ts';
import { openDatabase } from './platform/db/index.ts';
import { ensureDemoCredentials, DEMO_FILE } from './platform/demo.ts';
import { migrate } from './platform/migrations/runner.ts';
import { CommandError, type AnyModule, type CliCommand, type CommandValues } from './platform/module.ts';

const COMMANDS: { module: AnyModule; command: CliCommand }[] = MODULES.flatMap((module) =>
  module.commands.map((command) => ({ module, command })),
);

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
  switch (name) {
    case 'serve':
      return serve(config);
    case 'worker':
      return worker(config);
    case 'migrate':
      return migrateOnly(config);
  }
  const entry = COMMANDS.find((c) => c.command.name === name);
  if (!entry) {
    console.error(USAGE);
    return name ? 2 : 0;
  }
  let values: CommandValues;
  try {
    values = parseArgs({ args: rest, options: entry.command.options, strict: true }).values as CommandValues;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: foyer ${entry.command.name} ${entry.command.summary}`);
    return 2;
  }
  return runCommand(config, entry, values);
}

async function serve(config: Config): Promise<number> {
  const started = Date.now();
  const app = await buildApp(config);
  if (config.demo) {
    const { created, lines } = await ensureDemoCredentials(config.dataDir, MODULES, app.contexts);
    const verb = created.length ? 'Created' : 'Using';
    console.log(`${verb} demo credentials (${config.dataDir}/${DEMO_FILE}):\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  await app.http.listen({ port: config.port, host: config.host });
  console.log(`Foyer listening on ${config.publicUrl} in ${Date.now() - started} ms — docs at ${config.publicUrl}/docs`);
  await untilSignal();
  await app.close();
  return 0;
}

async function worker(config: Config): Promise<number> {
  const app = await buildApp({ ...config, runWorkers: true });
  console.log('Foyer workers running');
  await untilSignal();
  await app.close();
  return 0;
}

async function migrateOnly(config: Config): Promise<number> {
  const db = await openDatabase(config);
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

async function runCommand(config: Config, { module, command }: { module: AnyModule; command: CliCommand }, values: CommandValues): Promise<number> {
  const db = await openDatabase(config);
  try {
    await migrate(
      db.kysely,
      MODULES.map((m) => m.migrations),
    );
    const result = await command.run({ config, settings: config.surfaces[module.name], db }, values);
    console.log(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof CommandError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
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

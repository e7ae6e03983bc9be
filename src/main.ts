import { parseArgs } from 'node:util';
import { buildApp, MIGRATIONS } from './app.ts';
import { asBrokerDb, createApiKey, createBroker, revokeApiKey } from './broker/index.ts';
import { ensureDemoCredentials } from './demo.ts';
import { ConfigError, loadConfig, type Config } from './platform/config/index.ts';
import { openDatabase } from './platform/db/index.ts';
import { migrate } from './platform/migrations/runner.ts';

const USAGE = `usage: foyer <command> [options]
  serve                                   run the HTTP service (and, embedded, the job workers)
  worker                                  run the job workers only (scale-out with PostgreSQL)
  migrate                                 apply pending database migrations and exit
  broker:create --name N [--origin URL…]  create a broker and its first API key (printed once)
  broker:key --broker ID [--origin URL…]  add an API key to a broker (printed once)
  broker:revoke --key ID                  revoke an API key`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      broker: { type: 'string' },
      key: { type: 'string' },
      origin: { type: 'string', multiple: true },
      label: { type: 'string' },
    },
  });
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  switch (command) {
    case 'serve':
      return serve(config);
    case 'worker':
      return worker(config);
    case 'migrate': {
      const db = await openDatabase(config);
      try {
        const applied = await migrate(db.kysely, MIGRATIONS);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'broker:create':
    case 'broker:key':
    case 'broker:revoke':
      return brokerAdmin(config, command, values);
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

async function serve(config: Config): Promise<number> {
  const started = Date.now();
  const app = await buildApp(config);
  if (config.demo) {
    const { credentials, created } = await ensureDemoCredentials(app);
    console.log(
      `${created ? 'Created' : 'Using'} demo credentials (${config.dataDir}/demo-credentials.json):\n` +
        `  broker API  ${config.publicUrl}${config.brokerPrefix}  X-CREDITEO-USER-AUTH-TOKEN: ${credentials.broker.token}`,
    );
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

async function brokerAdmin(config: Config, command: string, values: Record<string, unknown>): Promise<number> {
  const database = await openDatabase(config);
  try {
    await migrate(database.kysely, MIGRATIONS);
    const db = asBrokerDb(database.kysely);
    const origins = (values.origin as string[] | undefined) ?? [];
    if (command === 'broker:create') {
      if (!values.name) throw new UsageError('--name is required');
      const brokerId = await createBroker(db, String(values.name));
      const key = await createApiKey(db, brokerId, { allowedOrigins: origins, label: values.label as string | undefined });
      console.log(JSON.stringify({ brokerId, keyId: key.keyId, token: key.token }, null, 2));
    } else if (command === 'broker:key') {
      if (!values.broker) throw new UsageError('--broker is required');
      const key = await createApiKey(db, String(values.broker), { allowedOrigins: origins, label: values.label as string | undefined });
      console.log(JSON.stringify({ keyId: key.keyId, token: key.token }, null, 2));
    } else {
      if (!values.key) throw new UsageError('--key is required');
      if (!(await revokeApiKey(db, String(values.key)))) throw new UsageError(`no active key ${String(values.key)}`);
      console.log('revoked');
    }
    return 0;
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(1);
  },
);

import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../platform/migrations/runner.ts';

export { brokerPlugin } from './http/plugin.ts';
export type { BrokerDeps } from './http/context.ts';
export { asBrokerDb } from './db.ts';
export { createApiKey, createBroker, revokeApiKey } from './keys/keys.ts';
export { dossierChangedJob } from './jobs.ts';
export { BROKER_ERRORS } from './errors.ts';
export { ReadCache } from './dossiers/read-cache.ts';

export const brokerMigrations: MigrationSource = {
  module: 'broker',
  directory: fileURLToPath(new URL('./migrations', import.meta.url)),
};

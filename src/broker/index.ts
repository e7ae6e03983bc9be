export { brokerModule } from './module/index.ts';
export { brokerSettingsOf, type BrokerSettings } from './module/settings.ts';
export type { BrokerDeps } from './http/context.ts';
export { asBrokerDb } from './db.ts';
export { createApiKey, createBroker, revokeApiKey } from './keys/keys.ts';
export { dossierChangedJob } from './jobs.ts';
export { BROKER_ERRORS } from './errors.ts';

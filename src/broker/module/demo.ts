import type { DemoSeed } from '../../platform/module.ts';
import { asBrokerDb } from '../db.ts';
import { createApiKey, createBroker } from '../keys/keys.ts';
import type { BrokerSettings } from './settings.ts';

/** A demo broker whose key is usable from our own pages (the embedded form). */
export const brokerDemo: DemoSeed<BrokerSettings> = {
  async create({ db, config }) {
    const brokers = asBrokerDb(db.kysely);
    const brokerId = await createBroker(brokers, 'Courtier de démonstration');
    const key = await createApiKey(brokers, brokerId, { label: 'demo', allowedOrigins: [new URL(config.publicUrl).origin] });
    return { token: key.token, brokerId };
  },
  describe(credentials, { publicUrl, settings }) {
    return `broker API  ${publicUrl}${settings.prefix}  X-CREDITEO-USER-AUTH-TOKEN: ${String(credentials.token)}`;
  },
};

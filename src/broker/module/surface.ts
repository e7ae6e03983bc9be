import type { SurfaceDescriptor } from '../../platform/module.ts';
import { asBrokerDb } from '../db.ts';
import { ReadCache } from '../dossiers/read-cache.ts';
import { KEY_REVOKED } from '../../platform/http/key-cache.ts';
import { brokerPlugin } from '../http/plugin.ts';
import type { BrokerApp } from '../http/context.ts';
import { dossierChangedJob } from '../jobs.ts';
import type { BrokerSettings } from './settings.ts';

export const brokerSurface: SurfaceDescriptor<BrokerSettings> = {
  title: 'Broker API (CREDITEO-compatible)',
  prefix: (settings) => settings.prefix,
  openapiPath: '/openapi.json',
  async plugin(app, { config, settings, db, queue, noteWrites, now, events }) {
    await brokerPlugin(app as BrokerApp, {
      prefix: settings.prefix,
      db: asBrokerDb(db.kysely),
      onWrite: async (trx, event) => {
        await queue.enqueue(dossierChangedJob, event, trx);
        noteWrites(1);
      },
      guideUrl: `${config.publicUrl}${settings.prefix}/guide`,
      ownOrigins: [new URL(config.publicUrl).origin.toLowerCase()],
      openapiServerUrl: `${config.publicUrl}${settings.prefix}`,
      // Only the embedded database guarantees that this process is the sole writer.
      readCache: db.kind === 'embedded' && settings.readCacheBytes > 0 ? new ReadCache(settings.readCacheBytes) : null,
      now,
      onKeyRevoked: (listener) => events.on(KEY_REVOKED, listener),
    });
  },
};

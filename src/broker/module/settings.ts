import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The broker surface's own configuration section. */
export interface BrokerSettings {
  /** Where the surface is mounted. */
  prefix: string;
  /** Budget of the rendered-read cache, in bytes; used with the embedded database only; 0 disables. */
  readCacheBytes: number;
}

export function readBrokerSettings(read: EnvReader): BrokerSettings {
  return {
    prefix: read.prefix('FOYER_BROKER_PREFIX', '/crediteo'),
    readCacheBytes: read.integer('FOYER_BROKER_READ_CACHE_MB', 64, 0, 65536) * 1024 * 1024,
  };
}

/** The broker section of a loaded configuration (benches and tests read the mount point from it). */
export const brokerSettingsOf = (config: Config): BrokerSettings => sectionOf<BrokerSettings>(config, 'broker');

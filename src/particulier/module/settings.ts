import { fileURLToPath } from 'node:url';
import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The citizen-data surface's own configuration section. */
export interface ParticulierSettings {
  /** Where the surface is mounted. */
  prefix: string;
  /** `sandbox` answers from staging-format cases; `upstream` forwards to a real API Particulier. */
  provider: 'sandbox' | 'upstream';
  /** Directory of sandbox cases (one folder per operationId); default: the shipped corpus. */
  sandboxDir: string;
  upstreamUrl: string | null;
  upstreamToken: string | null;
  /** Milliseconds a provider may take before 504. */
  upstreamTimeoutMs: number;
  /** FranceConnect checktoken endpoint (upstream mode), with this service's FC data-provider credentials. */
  franceConnectUrl: string | null;
  franceConnectClientId: string | null;
  franceConnectClientSecret: string | null;
  /** How long a token row read from the database is trusted before it is read again. */
  tokenCacheMs: number;
  /** Requests per second per token, per minute per IP, default per minute per token. */
  perTokenPerSecond: number;
  perIpPerMinute: number;
  perTokenPerMinute: number;
  /** FranceConnect calls (each one is an introspection) per address: per minute and per hour (spec §4). */
  franceConnectPerIpPerMinute: number;
  franceConnectPerIpPerHour: number;
  /** Hours an address is banned for ignoring 429s (spec §4: 12 h); 0 = never banned. */
  ipBanHours: number;
  /** 429s an address may receive in one minute before it is banned (answers refused while it keeps calling). */
  ipBanAfterRefusals: number;
}

const SHIPPED_CORPUS = fileURLToPath(new URL('../../../data/particulier/sandbox', import.meta.url));

export function readParticulierSettings(read: EnvReader): ParticulierSettings {
  const provider = read.oneOf('FOYER_PARTICULIER_PROVIDER', 'sandbox', ['sandbox', 'upstream'] as const);
  const upstreamUrl = read.raw('FOYER_PARTICULIER_UPSTREAM_URL') ? read.url('FOYER_PARTICULIER_UPSTREAM_URL', '', ['http:', 'https:']) : null;
  if (provider === 'upstream' && !upstreamUrl) read.problem('FOYER_PARTICULIER_UPSTREAM_URL', 'is required when FOYER_PARTICULIER_PROVIDER=upstream');
  return {
    prefix: read.prefix('FOYER_PARTICULIER_PREFIX', '/api-particulier'),
    provider,
    sandboxDir: read.string('FOYER_PARTICULIER_SANDBOX_DIR', SHIPPED_CORPUS),
    upstreamUrl,
    upstreamToken: read.raw('FOYER_PARTICULIER_UPSTREAM_TOKEN') ?? null,
    upstreamTimeoutMs: read.integer('FOYER_PARTICULIER_UPSTREAM_TIMEOUT_MS', 10_000, 1, 120_000),
    franceConnectUrl: read.raw('FOYER_PARTICULIER_FRANCECONNECT_URL') ? read.url('FOYER_PARTICULIER_FRANCECONNECT_URL', '', ['http:', 'https:']) : null,
    franceConnectClientId: read.raw('FOYER_PARTICULIER_FRANCECONNECT_CLIENT_ID') ?? null,
    franceConnectClientSecret: read.raw('FOYER_PARTICULIER_FRANCECONNECT_CLIENT_SECRET') ?? null,
    tokenCacheMs: read.integer('FOYER_PARTICULIER_TOKEN_CACHE_MS', 5_000, 0, 3_600_000),
    perTokenPerSecond: read.integer('FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND', 20, 1, 1_000_000),
    perIpPerMinute: read.integer('FOYER_PARTICULIER_RATE_PER_IP_MINUTE', 1000, 1, 10_000_000),
    perTokenPerMinute: read.integer('FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE', 1200, 1, 10_000_000),
    franceConnectPerIpPerMinute: read.integer('FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE', 30, 1, 10_000_000),
    franceConnectPerIpPerHour: read.integer('FOYER_PARTICULIER_RATE_FC_PER_IP_HOUR', 600, 1, 10_000_000),
    ipBanHours: read.integer('FOYER_PARTICULIER_IP_BAN_HOURS', 12, 0, 24 * 365),
    ipBanAfterRefusals: read.integer('FOYER_PARTICULIER_IP_BAN_AFTER_REFUSALS', 100, 1, 10_000_000),
  };
}

export const particulierSettingsOf = (config: Config): ParticulierSettings => sectionOf<ParticulierSettings>(config, 'particulier');

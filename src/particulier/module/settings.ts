import { createPrivateKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
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
  /**
   * Production FranceConnect answers checktoken with a JWE (RSA-OAEP / A256GCM) encrypted to this
   * RSA key, wrapping a JWS (ES256) verified with FranceConnect's JWKS (spec §7.2). Both set → the
   * answer must be such a JWE; both unset → a plain JSON introspection document is read.
   */
  franceConnectDecryptionKey: KeyObject | null;
  franceConnectJwksUrl: string | null;
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
  /**
   * The lowest level Fastify logs for a citizen-data call (the `logLevel` of the operation routes,
   * v3 and v2). At the default `warn`, its `incoming request` and `request completed` info lines are
   * not written (the access log records every call, without personal data); warnings and errors
   * still are. It only ever raises `LOG_LEVEL`, never lowers it; `info` brings the lines back.
   */
  callLogLevel: (typeof CALL_LOG_LEVELS)[number];
}

export const CALL_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

const SHIPPED_CORPUS = fileURLToPath(new URL('../../../data/particulier/sandbox', import.meta.url));

export function readParticulierSettings(read: EnvReader): ParticulierSettings {
  const provider = read.oneOf('FOYER_PARTICULIER_PROVIDER', 'sandbox', ['sandbox', 'upstream'] as const);
  const upstreamUrl = read.raw('FOYER_PARTICULIER_UPSTREAM_URL') ? read.url('FOYER_PARTICULIER_UPSTREAM_URL', '', ['http:', 'https:']) : null;
  if (provider === 'upstream' && !upstreamUrl) read.problem('FOYER_PARTICULIER_UPSTREAM_URL', 'is required when FOYER_PARTICULIER_PROVIDER=upstream');
  const franceConnectUrl = read.raw('FOYER_PARTICULIER_FRANCECONNECT_URL') ? read.url('FOYER_PARTICULIER_FRANCECONNECT_URL', '', ['http:', 'https:']) : null;
  const franceConnectJwksUrl = read.raw('FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL') ? read.url('FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL', '', ['http:', 'https:']) : null;
  const franceConnectDecryptionKey = readDecryptionKey(read, 'FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE');
  if (franceConnectDecryptionKey && !franceConnectJwksUrl) {
    read.problem('FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL', 'is required with FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE (the encrypted answer is signed)');
  }
  if (franceConnectJwksUrl && !read.raw('FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE')) {
    read.problem('FOYER_PARTICULIER_FRANCECONNECT_DECRYPTION_KEY_FILE', 'is required with FOYER_PARTICULIER_FRANCECONNECT_JWKS_URL (the signed answer is encrypted)');
  }
  if ((franceConnectDecryptionKey || franceConnectJwksUrl) && !franceConnectUrl) {
    read.problem('FOYER_PARTICULIER_FRANCECONNECT_URL', 'is required when the FranceConnect answer keys are set');
  }
  return {
    prefix: read.prefix('FOYER_PARTICULIER_PREFIX', '/api-particulier'),
    provider,
    sandboxDir: read.string('FOYER_PARTICULIER_SANDBOX_DIR', SHIPPED_CORPUS),
    upstreamUrl,
    upstreamToken: read.raw('FOYER_PARTICULIER_UPSTREAM_TOKEN') ?? null,
    upstreamTimeoutMs: read.integer('FOYER_PARTICULIER_UPSTREAM_TIMEOUT_MS', 10_000, 1, 120_000),
    franceConnectUrl,
    franceConnectClientId: read.raw('FOYER_PARTICULIER_FRANCECONNECT_CLIENT_ID') ?? null,
    franceConnectClientSecret: read.raw('FOYER_PARTICULIER_FRANCECONNECT_CLIENT_SECRET') ?? null,
    franceConnectDecryptionKey,
    franceConnectJwksUrl,
    tokenCacheMs: read.integer('FOYER_PARTICULIER_TOKEN_CACHE_MS', 5_000, 0, 3_600_000),
    perTokenPerSecond: read.integer('FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND', 20, 1, 1_000_000),
    perIpPerMinute: read.integer('FOYER_PARTICULIER_RATE_PER_IP_MINUTE', 1000, 1, 10_000_000),
    perTokenPerMinute: read.integer('FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE', 1200, 1, 10_000_000),
    franceConnectPerIpPerMinute: read.integer('FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE', 30, 1, 10_000_000),
    franceConnectPerIpPerHour: read.integer('FOYER_PARTICULIER_RATE_FC_PER_IP_HOUR', 600, 1, 10_000_000),
    ipBanHours: read.integer('FOYER_PARTICULIER_IP_BAN_HOURS', 12, 0, 24 * 365),
    ipBanAfterRefusals: read.integer('FOYER_PARTICULIER_IP_BAN_AFTER_REFUSALS', 100, 1, 10_000_000),
    callLogLevel: read.oneOf('FOYER_PARTICULIER_CALL_LOG_LEVEL', 'warn', CALL_LOG_LEVELS),
  };
}

/** An RSA private key of at least 2048 bits, PEM (PKCS#8 or PKCS#1), read once at boot; never echoed. */
function readDecryptionKey(read: EnvReader, name: string): KeyObject | null {
  const file = read.raw(name);
  if (!file) return null;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    read.problem(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    read.problem(name, 'is not a PEM private key');
    return null;
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    read.problem(name, 'must be an RSA key of at least 2048 bits (RSA-OAEP)');
    return null;
  }
  return key;
}

export const particulierSettingsOf = (config: Config): ParticulierSettings => sectionOf<ParticulierSettings>(config, 'particulier');

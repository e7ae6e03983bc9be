import os from 'node:os';
import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The rental surface's own configuration section. */
export interface RentalSettings {
  /** Where the partner API is mounted. */
  prefix: string;
  /** Where the OAuth2 token endpoint and the JWKS are mounted. */
  oauthPrefix: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtlSeconds: number;
  /**
   * An unreferenced blob younger than this is left alone by the orphan sweeper: its upload may still
   * be on its way to the commit. Far above the longest upload (request timeout), in minutes.
   */
  blobSweepGraceMinutes: number;
  /** Budget of the rendered-profile cache, in bytes (embedded database only; 0 turns it off). */
  readCacheBytes: number;
  /** An external OpenID issuer (e.g. Keycloak's realm URL) whose tokens the surface accepts instead of its own; null: Foyer issues them. */
  oauthIssuer: string | null;
  /** Timeout of each request to the external issuer (discovery, JWKS). */
  oauthIssuerTimeoutMs: number;
  /** Threads of the documents pool that renders PDFs and thumbnails (the cores by default). */
  documentsThreads: number;
  /** A render waits this long after a change, so that a burst of uploads makes one render (§10.1 waits 20 s). */
  renderDelaySeconds: number;
  /** Where the public share-link routes are mounted (`/partage/{token}`, `/application/fullPdf/{token}`). */
  publicPrefix: string;
  /** Requests per minute one address may make to the public share-link routes (429 beyond). */
  shareRatePerIpMinute: number;
  /** The full-file PDF is stored as sealed parts of this size: what its generation and download hold in memory at once. */
  fullPdfPartBytes: number;
}

export function readRentalSettings(read: EnvReader, base: { databaseUrl: string | null } = { databaseUrl: null }): RentalSettings {
  return {
    prefix: read.prefix('FOYER_RENTAL_PREFIX', '/api-partner'),
    oauthPrefix: read.prefix('FOYER_RENTAL_OAUTH_PREFIX', '/oauth'),
    tokenTtlSeconds: read.integer('FOYER_RENTAL_TOKEN_TTL_SECONDS', 300, 30, 86_400),
    blobSweepGraceMinutes: read.integer('FOYER_RENTAL_BLOB_SWEEP_GRACE_MINUTES', 60, 0, 7 * 24 * 60),
    // With PostgreSQL other processes write too: no cache (they could not invalidate it).
    readCacheBytes: base.databaseUrl === null ? read.integer('FOYER_RENTAL_READ_CACHE_MB', 16, 0, 4096) * 1024 * 1024 : 0,
    oauthIssuer: read.raw('FOYER_RENTAL_OAUTH_ISSUER') === undefined ? null : read.url('FOYER_RENTAL_OAUTH_ISSUER', '', ['http:', 'https:']),
    oauthIssuerTimeoutMs: read.integer('FOYER_RENTAL_OAUTH_ISSUER_TIMEOUT_MS', 5000, 100, 60_000),
    documentsThreads: read.integer('FOYER_DOCUMENTS_THREADS', os.availableParallelism(), 1, 256),
    renderDelaySeconds: read.integer('FOYER_RENTAL_RENDER_DELAY_SECONDS', 5, 0, 3600),
    publicPrefix: read.prefix('FOYER_RENTAL_PUBLIC_PREFIX', '/api'),
    shareRatePerIpMinute: read.integer('FOYER_RENTAL_SHARE_RATE_PER_IP_MINUTE', 60, 1, 100_000),
    fullPdfPartBytes: read.integer('FOYER_RENTAL_FULL_PDF_PART_KB', 4096, 64, 65_536) * 1024,
  };
}

export const rentalSettingsOf = (config: Config): RentalSettings => sectionOf<RentalSettings>(config, 'rental');

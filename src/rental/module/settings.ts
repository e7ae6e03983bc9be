import os from 'node:os';
import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';
import { DEFAULT_NICENESS } from '../../documents/index.ts';

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
  /** PostgreSQL: wait before the profile cache's listening connection is opened again after a loss. */
  readCacheRetryMs: number;
  /** An external OpenID issuer (e.g. Keycloak's realm URL) whose tokens the surface accepts instead of its own; null: Foyer issues them. */
  oauthIssuer: string | null;
  /** Timeout of each request to the external issuer (discovery, JWKS). */
  oauthIssuerTimeoutMs: number;
  /** Threads of the documents pool that renders PDFs and thumbnails (the cores by default). */
  documentsThreads: number;
  /** Nice value of the documents threads (Linux: each thread its own), so the event loop wins a contended core; 0: unchanged. */
  documentsNiceness: number;
  /** A render waits this long after a change, so that a burst of uploads makes one render (§10.1 waits 20 s). */
  renderDelaySeconds: number;
  /** Where the public share-link routes are mounted (`/partage/{token}`, `/application/fullPdf/{token}`). */
  publicPrefix: string;
  /** Requests per minute one address may make to the public share-link routes (429 beyond). */
  shareRatePerIpMinute: number;
  /** The full-file PDF is stored as sealed parts of this size: what its generation and download hold in memory at once. */
  fullPdfPartBytes: number;
  /** Inactivity retention (§11): the days of the warnings and of the archiving, the months before hard deletion, when the job runs. */
  retention: RetentionSettings;
  /** Webhook delivery (§9, issue 10): see `WebhookSettings`. */
  webhooks: WebhookSettings;
}

export interface RetentionSettings {
  /** Days of inactivity before the first and the second warning (§11.1: 30, 37). */
  firstWarningDay: number;
  secondWarningDay: number;
  /** Days of inactivity before archiving, once both warnings went (or at once for a file without documents) (§11.1: 45). */
  archiveDay: number;
  /** Months without any update before a tenant is deleted for good (§11.2: 12). */
  deletionMonths: number;
  /** When the retention job runs (cron, Europe/Paris; §11.1: Mondays 10:20). */
  cron: string;
}

const CRON = /^\S+( \S+){4}$/;

function readRetention(read: EnvReader): RetentionSettings {
  const firstWarningDay = read.integer('FOYER_RENTAL_FIRST_WARNING_DAY', 30, 1, 3650);
  const secondWarningDay = read.integer('FOYER_RENTAL_SECOND_WARNING_DAY', 37, 1, 3650);
  const archiveDay = read.integer('FOYER_RENTAL_ARCHIVE_DAY', 45, 1, 3650);
  if (secondWarningDay <= firstWarningDay) read.problem('FOYER_RENTAL_SECOND_WARNING_DAY', `must be after FOYER_RENTAL_FIRST_WARNING_DAY (${firstWarningDay}), got ${secondWarningDay}`);
  if (archiveDay <= secondWarningDay) read.problem('FOYER_RENTAL_ARCHIVE_DAY', `must be after FOYER_RENTAL_SECOND_WARNING_DAY (${secondWarningDay}), got ${archiveDay}`);
  const cron = read.string('FOYER_RENTAL_RETENTION_CRON', '20 10 * * 1').trim().replace(/\s+/g, ' ');
  if (!CRON.test(cron)) read.problem('FOYER_RENTAL_RETENTION_CRON', `expected a cron expression of five fields (minute hour day month weekday), got "${cron}"`);
  return { firstWarningDay, secondWarningDay, archiveDay, deletionMonths: read.integer('FOYER_RENTAL_DELETION_MONTHS', 12, 1, 120), cron };
}

export interface WebhookSettings {
  /** Time to establish the TCP (and TLS) connection to a partner's callback URL. */
  connectTimeoutMs: number;
  /** Time for the whole exchange once connected: request sent, response status and body received. */
  responseTimeoutMs: number;
  /** Delays before each retry after a failed attempt, in ms; when they run out the delivery is DEAD. */
  retryScheduleMs: number[];
  /** Deliver to private, loopback and link-local addresses too (tests, a private network of partners). */
  allowPrivateTargets: boolean;
  /** Deliveries in flight at once, per process. */
  concurrency: number;
  /** How often an idle dispatcher looks for due deliveries. */
  pollMs: number;
  /** A delivered payload is erased this many days after its delivery (replay needs it until then). */
  payloadRetentionDays: number;
}

/** Default retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h — the last one about 41.6 h after the first attempt. */
const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h,14h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "5s,5m,2h" → milliseconds; null if any item is not a number with a unit (ms, s, m, h, d). */
export function parseRetrySchedule(text: string): number[] | null {
  const items = text.split(',').map((item) => item.trim());
  const delays: number[] = [];
  for (const item of items) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(item);
    if (!match) return null;
    delays.push(Math.round(Number(match[1]) * UNIT_MS[match[2]!]!));
  }
  return delays.length > 0 && delays.length <= 50 ? delays : null;
}

function readWebhookSettings(read: EnvReader): WebhookSettings {
  const scheduleText = read.string('FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE);
  let retryScheduleMs = parseRetrySchedule(scheduleText);
  if (!retryScheduleMs) {
    read.problem('FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE', 'comma-separated delays with a unit (ms, s, m, h, d), 1 to 50 of them, e.g. "5s,5m,30m,2h"');
    retryScheduleMs = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)!;
  }
  return {
    connectTimeoutMs: read.integer('FOYER_RENTAL_WEBHOOK_CONNECT_TIMEOUT_MS', 5000, 50, 60_000),
    responseTimeoutMs: read.integer('FOYER_RENTAL_WEBHOOK_TIMEOUT_MS', 15_000, 50, 300_000),
    retryScheduleMs,
    allowPrivateTargets: read.flag('FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE', false),
    concurrency: read.integer('FOYER_RENTAL_WEBHOOK_CONCURRENCY', 16, 1, 512),
    pollMs: read.integer('FOYER_RENTAL_WEBHOOK_POLL_MS', 200, 10, 60_000),
    payloadRetentionDays: read.integer('FOYER_RENTAL_WEBHOOK_PAYLOAD_RETENTION_DAYS', 30, 1, 3650),
  };
}

export function readRentalSettings(read: EnvReader): RentalSettings {
  return {
    prefix: read.prefix('FOYER_RENTAL_PREFIX', '/api-partner'),
    oauthPrefix: read.prefix('FOYER_RENTAL_OAUTH_PREFIX', '/oauth'),
    tokenTtlSeconds: read.integer('FOYER_RENTAL_TOKEN_TTL_SECONDS', 300, 30, 86_400),
    blobSweepGraceMinutes: read.integer('FOYER_RENTAL_BLOB_SWEEP_GRACE_MINUTES', 60, 0, 7 * 24 * 60),
    // With PostgreSQL too: other processes' writes reach it through LISTEN/NOTIFY (http/profile-listener.ts).
    readCacheBytes: read.integer('FOYER_RENTAL_READ_CACHE_MB', 16, 0, 4096) * 1024 * 1024,
    readCacheRetryMs: read.integer('FOYER_RENTAL_READ_CACHE_RETRY_MS', 1000, 10, 3_600_000),
    oauthIssuer: read.raw('FOYER_RENTAL_OAUTH_ISSUER') === undefined ? null : read.url('FOYER_RENTAL_OAUTH_ISSUER', '', ['http:', 'https:']),
    oauthIssuerTimeoutMs: read.integer('FOYER_RENTAL_OAUTH_ISSUER_TIMEOUT_MS', 5000, 100, 60_000),
    documentsThreads: read.integer('FOYER_DOCUMENTS_THREADS', os.availableParallelism(), 1, 256),
    documentsNiceness: read.integer('FOYER_DOCUMENTS_NICENESS', DEFAULT_NICENESS, 0, 19),
    renderDelaySeconds: read.integer('FOYER_RENTAL_RENDER_DELAY_SECONDS', 5, 0, 3600),
    publicPrefix: read.prefix('FOYER_RENTAL_PUBLIC_PREFIX', '/api'),
    shareRatePerIpMinute: read.integer('FOYER_RENTAL_SHARE_RATE_PER_IP_MINUTE', 60, 1, 100_000),
    fullPdfPartBytes: read.integer('FOYER_RENTAL_FULL_PDF_PART_KB', 4096, 64, 65_536) * 1024,
    retention: readRetention(read),
    webhooks: readWebhookSettings(read),
  };
}

export const rentalSettingsOf = (config: Config): RentalSettings => sectionOf<RentalSettings>(config, 'rental');

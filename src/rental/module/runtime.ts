import type { ModuleContext } from '../../platform/module.ts';
import type { Queue } from '../../platform/queue/index.ts';
import { DocumentPool } from '../../documents/index.ts';
import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import { UploadPool } from '../documents/upload-pool.ts';
import { openBlobStore, SealedBlobs, type BlobStore } from '../../platform/storage/index.ts';
import { asRentalDb, type RentalDb } from '../db.ts';
import { PartnerCache, VerifiedTokens } from '../http/auth-caches.ts';
import { ProfileCache } from '../http/profile-cache.ts';
import { ProfileListener } from '../http/profile-listener.ts';
import { writeEpochPlugin } from '../http/write-epoch.ts';
import { loadSigningKey } from '../oauth/signing-keys.ts';
import { externalIssuer, type TokenVerifier } from '../oauth/external-issuer.ts';
import { tokenIssuer, type TokenIssuer } from '../oauth/tokens.ts';
import type { ShareLinkContext } from '../sharing/links.ts';
import { logMailer, type RetentionMailer } from '../retention/mailer.ts';
import type { RentalSettings } from './settings.ts';
import { WebhookPayloadContext } from '../events/payload.ts';
import { WebhookDispatcher } from '../events/dispatcher.ts';

/** What the rental routes work with: built once per app, shared by `/api-partner` and `/oauth`. */
export interface RentalRuntime {
  db: RentalDb;
  blobs: SealedBlobs;
  /** The master keys (current and previous): they seal blobs, share-link tokens, webhook payloads and secrets. */
  keys: MasterKeyring;
  /** The raw store under `blobs` (the orphan sweeper lists it). */
  store: BlobStore;
  /** Foyer's own token issuer (`/oauth/token`). */
  issuer: TokenIssuer;
  /** What verifies the bearer tokens of `/api-partner`: the external issuer when one is configured, else ours. */
  verifier: TokenVerifier;
  settings: RentalSettings;
  /** Rendered profiles: null when off (FOYER_RENTAL_READ_CACHE_MB=0). */
  profiles: ProfileCache | null;
  /** PostgreSQL: what keeps `profiles` right when other processes write (null: embedded, or no cache). */
  profileListener: ProfileListener | null;
  tokens: VerifiedTokens;
  partners: PartnerCache;
  now: () => Date;
  noteWrites(count: number): void;
  /** The module's job queue (renders are enqueued in the transaction of each document change). */
  queue: Queue;
  /** The worker threads rendering PDFs and thumbnails; closed with the app. */
  documents: DocumentPool;
  /** The light threads that hash received files and count their pages (no mupdf, no sharp); closed with the app. */
  uploads: UploadPool;
  /** The partner API's public URL, `{publicUrl}{prefix}`: the base of the PDF and preview URLs of the models. */
  apiBase: string;
  /** Sealed share-link tokens and the public URLs built from them. */
  sharing: ShareLinkContext;
  /** Where the inactivity warnings go (§11.1): the log adapter; tests put a recorder here. */
  mailer: RetentionMailer;
  /** Test seams of the render job (tests change a document between a render's read and its commit). */
  renderHooks: { beforeCommit?: (documentId: number) => Promise<void>; beforeFullPdfCommit?: (apartmentId: number) => Promise<void> };
  /** The webhook dispatcher of this process (null where workers do not run: FOYER_RUN_WORKERS=false). */
  webhooks: WebhookDispatcher | null;
}

const runtimes = new WeakMap<ModuleContext<RentalSettings>, Promise<RentalRuntime>>();
/** The same runtimes by database: how the back-office's operator desk finds the rental module of its app. */
const byDatabase = new WeakMap<object, Promise<RentalRuntime>>();

export function rentalRuntime(context: ModuleContext<RentalSettings>): Promise<RentalRuntime> {
  let runtime = runtimes.get(context);
  if (!runtime) {
    runtime = build(context);
    runtimes.set(context, runtime);
    byDatabase.set(context.db, runtime);
  }
  return runtime;
}

/** The rental runtime of the app that owns this database, if the rental module has built one. */
export const runtimeOfDatabase = (db: object): Promise<RentalRuntime> | undefined => byDatabase.get(db);

async function build(context: ModuleContext<RentalSettings>): Promise<RentalRuntime> {
  const profiles = context.settings.readCacheBytes > 0 ? new ProfileCache(context.settings.readCacheBytes) : null;
  // With PostgreSQL, other processes write too: the cache stays off until their commits can be heard.
  const databaseUrl = context.db.kind === 'postgres' ? context.config.databaseUrl : null;
  const profileListener =
    profiles && databaseUrl
      ? new ProfileListener({ connectionString: databaseUrl, cache: profiles, retryMs: context.settings.readCacheRetryMs, barrierTimeoutMs: 2000, log: context.logger })
      : null;
  if (profileListener) {
    profileListener.start();
    context.onClose(() => profileListener.close());
  }
  // New data keys under the master key; previous ones (FOYER_MASTER_KEY_PREVIOUS) still open old ones.
  const keys: MasterKeyring = { current: context.masterKey, previous: context.config.previousMasterKeys };
  const apiBase = `${context.config.publicUrl}${context.settings.prefix}`;
  const publicBase = `${context.config.publicUrl}${context.settings.publicPrefix}`;
  // Every write of the module goes through this handle, and so clears the profile cache; the handle
  // (and every transaction opened from it) carries what snapshots a webhook payload.
  const base = asRentalDb(context.db.kysely).withPlugin(new WebhookPayloadContext(keys, apiBase, publicBase));
  const db = profiles ? base.withPlugin(writeEpochPlugin(() => profiles.invalidate())) : base;
  const key = await loadSigningKey(db, keys);
  const store = openBlobStore(context.config);
  context.onClose(() => store.close?.());
  // Token lifetimes run on the real clock: the injectable one dates the tenant files (tests move it by days).
  const issuer = tokenIssuer(`${context.config.publicUrl}${context.settings.oauthPrefix}`, key, () => new Date());
  const external = context.settings.oauthIssuer;
  // Threads start on the first render only; they must stop with the app.
  const documents = new DocumentPool({ size: context.settings.documentsThreads, niceness: context.settings.documentsNiceness });
  context.onClose(() => documents.close());
  // At most two: an upload's off-loop work is a few milliseconds per megabyte.
  const uploads = new UploadPool({ size: Math.min(2, context.settings.documentsThreads) });
  context.onClose(() => uploads.close());
  // Webhooks are delivered where the job workers run (`serve` embedded, `foyer worker` on PostgreSQL).
  // Its writes touch only the outbox, the attempts and the signing secrets, none of which a profile
  // shows: through `db` its every poll would clear the profile cache (reads fell to 3 % of the bare route).
  const webhooks = context.config.runWorkers ? new WebhookDispatcher({ db: base, keys, apiBase, publicBase, settings: context.settings.webhooks, logger: context.logger, analyzeBacklog: context.db.kind === 'embedded' }) : null;
  if (webhooks) {
    webhooks.start();
    context.onClose(() => webhooks.stop());
  }
  return {
    db,
    blobs: new SealedBlobs(store, keys),
    keys,
    store,
    issuer,
    verifier: external ? externalIssuer(external, { timeoutMs: context.settings.oauthIssuerTimeoutMs, onError: (message) => context.logger.warn(message) }) : issuer,
    settings: context.settings,
    profiles,
    profileListener,
    tokens: new VerifiedTokens(),
    partners: new PartnerCache(),
    now: context.now,
    noteWrites: context.noteWrites,
    queue: context.queue,
    documents,
    uploads,
    apiBase,
    sharing: { keys, publicBase },
    renderHooks: {},
    mailer: logMailer(context.logger),
    webhooks,
  };
}

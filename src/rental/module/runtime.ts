import type { ModuleContext } from '../../platform/module.ts';
import { openBlobStore, SealedBlobs } from '../../platform/storage/index.ts';
import { asRentalDb, type RentalDb } from '../db.ts';
import { loadSigningKey } from '../oauth/signing-keys.ts';
import { externalIssuer, type TokenVerifier } from '../oauth/external-issuer.ts';
import { tokenIssuer, type TokenIssuer } from '../oauth/tokens.ts';
import type { RentalSettings } from './settings.ts';

/** What the rental routes work with: built once per app, shared by `/api-partner` and `/oauth`. */
export interface RentalRuntime {
  db: RentalDb;
  blobs: SealedBlobs;
  /** Foyer's own token issuer (`/oauth/token`). */
  issuer: TokenIssuer;
  /** What verifies the bearer tokens of `/api-partner`: the external issuer when one is configured, else ours. */
  verifier: TokenVerifier;
  settings: RentalSettings;
  now: () => Date;
  noteWrites(count: number): void;
}

const runtimes = new WeakMap<ModuleContext<RentalSettings>, Promise<RentalRuntime>>();

export function rentalRuntime(context: ModuleContext<RentalSettings>): Promise<RentalRuntime> {
  let runtime = runtimes.get(context);
  if (!runtime) {
    runtime = build(context);
    runtimes.set(context, runtime);
  }
  return runtime;
}

async function build(context: ModuleContext<RentalSettings>): Promise<RentalRuntime> {
  const db = asRentalDb(context.db.kysely);
  const key = await loadSigningKey(db, context.masterKey);
  // Token lifetimes run on the real clock: the injectable one dates the tenant files (tests move it by days).
  const issuer = tokenIssuer(`${context.config.publicUrl}${context.settings.oauthPrefix}`, key, () => new Date());
  const external = context.settings.oauthIssuer;
  return {
    db,
    blobs: new SealedBlobs(openBlobStore({ dataDir: context.config.dataDir }), context.masterKey),
    issuer,
    verifier: external ? externalIssuer(external, { timeoutMs: context.settings.oauthIssuerTimeoutMs, onError: (message) => context.logger.warn(message) }) : issuer,
    settings: context.settings,
    now: context.now,
    noteWrites: context.noteWrites,
  };
}

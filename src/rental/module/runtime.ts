import type { ModuleContext } from '../../platform/module.ts';
import { openBlobStore, SealedBlobs } from '../../platform/storage/index.ts';
import { asRentalDb, type RentalDb } from '../db.ts';
import { loadSigningKey } from '../oauth/signing-keys.ts';
import { tokenIssuer, type TokenIssuer } from '../oauth/tokens.ts';
import type { RentalSettings } from './settings.ts';

/** What the rental routes work with: built once per app, shared by `/api-partner` and `/oauth`. */
export interface RentalRuntime {
  db: RentalDb;
  blobs: SealedBlobs;
  issuer: TokenIssuer;
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
  return {
    db,
    blobs: new SealedBlobs(openBlobStore({ dataDir: context.config.dataDir }), context.masterKey),
    // Token lifetimes run on the real clock: the injectable one dates the tenant files (tests move it by days).
    issuer: tokenIssuer(`${context.config.publicUrl}${context.settings.oauthPrefix}`, key, () => new Date()),
    settings: context.settings,
    now: context.now,
    noteWrites: context.noteWrites,
  };
}

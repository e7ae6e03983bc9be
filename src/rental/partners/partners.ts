import { hash, verify } from '@node-rs/argon2';
import { newToken } from '../../platform/crypto/tokens.ts';
import type { RentalDb } from '../db.ts';

/** The scopes a partner client may be granted (§1.1); `api-partner` is the partner API's. */
export const PARTNER_SCOPES = ['api-partner'] as const;

export interface NewPartner {
  /** The OAuth2 client id (DossierFacile's `user_api.name`). */
  name: string;
  displayName: string;
  callbackUrl?: string | null;
  callbackApiKey?: string | null;
}

export interface Partner {
  id: number;
  name: string;
  displayName: string;
  scopes: string[];
}

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class PartnerInputError extends Error {
  override name = 'PartnerInputError';
}

/** Creates a partner and returns its client secret: the only time the secret exists in clear. */
export async function createPartner(db: RentalDb, input: NewPartner): Promise<{ partner: Partner; clientSecret: string }> {
  if (!CLIENT_ID.test(input.name)) throw new PartnerInputError('name: letters, digits, ".", "_" and "-" only, at most 100 characters');
  if (!input.displayName.trim()) throw new PartnerInputError('display name: must not be blank');
  if (input.callbackUrl) {
    let url: URL;
    try {
      url = new URL(input.callbackUrl);
    } catch {
      throw new PartnerInputError('callback URL: not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PartnerInputError('callback URL: must be http or https');
  }
  const existing = await db.selectFrom('rental.partners').select('id').where('name', '=', input.name).executeTakeFirst();
  if (existing) throw new PartnerInputError(`name: a partner named ${input.name} already exists`);
  const clientSecret = newToken('foyer_rs_');
  const row = await db
    .insertInto('rental.partners')
    .values({
      name: input.name,
      display_name: input.displayName.trim(),
      callback_url: input.callbackUrl || null,
      callback_api_key: input.callbackApiKey || null,
      secret_hash: await hash(clientSecret),
      scopes: [...PARTNER_SCOPES],
    })
    .returning(['id', 'name', 'display_name', 'scopes'])
    .executeTakeFirstOrThrow();
  return { partner: { id: row.id, name: row.name, displayName: row.display_name, scopes: row.scopes }, clientSecret };
}

// Verified against when the client id is unknown, so that both failures cost the same time.
let decoy: Promise<string> | undefined;

/** The partner whose client id and secret these are, or null (unknown, disabled or wrong secret). */
export async function authenticateClient(db: RentalDb, clientId: string, secret: string): Promise<Partner | null> {
  const row = await db
    .selectFrom('rental.partners')
    .select(['id', 'name', 'display_name', 'scopes', 'secret_hash', 'disabled'])
    .where('name', '=', clientId)
    .executeTakeFirst();
  if (!row || row.disabled) {
    decoy ??= hash(newToken('decoy_'));
    await verify(await decoy, secret).catch(() => false);
    return null;
  }
  const ok = await verify(row.secret_hash, secret).catch(() => false);
  return ok ? { id: row.id, name: row.name, displayName: row.display_name, scopes: row.scopes } : null;
}

/** The partner a token's `client_id` names (§1.2), or null. */
export async function findPartnerByName(db: RentalDb, name: string): Promise<Partner | null> {
  const row = await db
    .selectFrom('rental.partners')
    .select(['id', 'name', 'display_name', 'scopes'])
    .where('name', '=', name)
    .where('disabled', '=', false)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, displayName: row.display_name, scopes: row.scopes } : null;
}

import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { open, seal, type MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb, Row } from '../db.ts';

/** What reads and writes share links needs: the master keys (sealed tokens) and where the public routes live. */
export interface ShareLinkContext {
  keys: MasterKeyring;
  /** `{publicUrl}{publicPrefix}`: the base of `/partage/{token}` and `/application/fullPdf/{token}`. */
  publicBase: string;
}

export type ShareLinkRow = Row<'rental.share_links'>;

/** 256 random bits, base64url (43 characters): unguessable, and short enough for a URL. */
export const newShareToken = () => randomBytes(32).toString('base64url');

/** Links are found by this hash; a random 256-bit token needs no salt or slow hash. */
export const shareTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The sealed copy's name (authenticated): a sealed token moved to another row does not open. */
const sealName = (hash: string) => `rental/share-link/${hash}`;

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function sealedToken(keys: MasterKeyring) {
  const token = newShareToken();
  const hash = shareTokenHash(token);
  const sealed = seal(keys.current, sealName(hash), Buffer.from(token, 'utf8'));
  return { token, values: { token_hash: hash, token_sealed: sealed.body, token_master_key_id: sealed.envelope.keyId, token_wrapped_key: sealed.envelope.wrappedKey } };
}

/** The token of a link row, unsealed. */
export function tokenOf(keys: MasterKeyring, row: Pick<ShareLinkRow, 'token_hash' | 'token_sealed' | 'token_master_key_id' | 'token_wrapped_key'>): string {
  return open(keys, sealName(row.token_hash), { body: Buffer.from(row.token_sealed), envelope: { keyId: row.token_master_key_id, wrappedKey: Buffer.from(row.token_wrapped_key) } }).toString('utf8');
}

export const shareUrl = (context: ShareLinkContext, token: string) => `${context.publicBase}/partage/${token}`;
export const fullPdfUrl = (context: ShareLinkContext, token: string) => `${context.publicBase}/application/fullPdf/${token}`;

/**
 * `registerTenant` (§1.3): the two PARTNER links (full and light, no expiry, titled with the
 * partner's display name) of each (apartment, partner) that has none alive yet. Called in the
 * transaction that links tenants to partners; a concurrent linking is absorbed by the partial unique index.
 */
export async function ensurePartnerLinks(trx: RentalDb, keys: MasterKeyring, apartmentId: number, partnerIds: readonly number[], now: Date): Promise<void> {
  for (const partnerId of new Set(partnerIds)) {
    const partner = await trx.selectFrom('rental.partners').select('display_name').where('id', '=', partnerId).executeTakeFirstOrThrow();
    for (const fullData of [true, false]) {
      await trx
        .insertInto('rental.share_links')
        .values({ apartment_sharing_id: apartmentId, link_type: 'PARTNER', full_data: fullData, partner_id: partnerId, title: partner.display_name, expires_at: null, created_at: now, ...sealedToken(keys).values })
        .onConflict((oc) => oc.columns(['apartment_sharing_id', 'partner_id', 'full_data']).where('link_type', '=', 'PARTNER').where('revoked_at', 'is', null).doNothing())
        .execute();
    }
  }
}

/**
 * The other half of §1.3: a partner that is no longer linked to any tenant of the apartment has lost
 * its access to the file, and its PARTNER links to it are soft-deleted (revoked: their URLs answer
 * the same 404 as any revoked link). So are the LINK ones it made for landlords (an extension:
 * nobody could list or revoke them any more). A partner still linked to another tenant of the
 * apartment keeps them. Call it after removing links (revocation) or tenants (deletion), in the same
 * transaction.
 */
export async function revokeUnlinkedPartnerLinks(trx: RentalDb, apartmentId: number, partnerIds: readonly number[], now: Date): Promise<number> {
  if (!partnerIds.length) return 0;
  const result = await trx
    .updateTable('rental.share_links as s')
    .set({ revoked_at: now })
    .where('s.apartment_sharing_id', '=', apartmentId)
    .where('s.revoked_at', 'is', null)
    .where('s.partner_id', 'in', [...new Set(partnerIds)])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('rental.tenant_partners as tp')
            .innerJoin('rental.tenants as t', 't.id', 'tp.tenant_id')
            .select('tp.tenant_id')
            .whereRef('tp.partner_id', '=', 's.partner_id')
            .where('t.apartment_sharing_id', '=', apartmentId),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A link a partner creates for a landlord (`LINK`). Returns the row and the token, shown in the answer. */
export async function createShareLink(
  db: RentalDb,
  keys: MasterKeyring,
  input: { apartmentId: number; partnerId: number; fullData: boolean; title: string; expiresAt: Date | null },
  now: Date,
): Promise<{ row: ShareLinkRow; token: string }> {
  const { token, values } = sealedToken(keys);
  const row = await db
    .insertInto('rental.share_links')
    .values({ apartment_sharing_id: input.apartmentId, link_type: 'LINK', full_data: input.fullData, partner_id: input.partnerId, title: input.title, expires_at: input.expiresAt, created_at: now, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, token };
}

/** The partner's own links (PARTNER and LINK) to an apartment, revoked ones included, oldest first. */
export function linksOfApartment(db: RentalDb, apartmentId: number, partnerId: number) {
  return db.selectFrom('rental.share_links').selectAll().where('apartment_sharing_id', '=', apartmentId).where('partner_id', '=', partnerId).orderBy('id').execute();
}

/** Revokes one of the partner's links to the apartment; false when there is no such live link. */
export async function revokeShareLink(db: RentalDb, apartmentId: number, partnerId: number, linkId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('rental.share_links')
    .set({ revoked_at: now })
    .where('id', '=', linkId)
    .where('apartment_sharing_id', '=', apartmentId)
    .where('partner_id', '=', partnerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export const isLive = (row: Pick<ShareLinkRow, 'revoked_at' | 'expires_at'>, now: Date) => row.revoked_at === null && (row.expires_at === null || row.expires_at.getTime() > now.getTime());

/** The live link a token opens, or undefined (unknown, malformed, revoked or expired: all alike). */
export async function liveLinkOf(db: RentalDb, token: string, now: Date): Promise<ShareLinkRow | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const row = await db.selectFrom('rental.share_links').selectAll().where('token_hash', '=', shareTokenHash(token)).executeTakeFirst();
  return row && isLive(row, now) ? row : undefined;
}

/** Counts a landlord's visit. */
export async function noteAccess(db: RentalDb, linkId: number, now: Date): Promise<void> {
  await db
    .updateTable('rental.share_links')
    .set({ access_count: sql`access_count + 1`, last_access_at: now })
    .where('id', '=', linkId)
    .execute();
}

/** The partner's live PARTNER link tokens of an apartment (`dossierUrl`, `dossierPdfUrl`, §5.1 `token` / `tokenPublic`). */
export async function partnerTokens(db: RentalDb, keys: MasterKeyring, apartmentId: number, partnerId: number): Promise<{ full: string | null; light: string | null }> {
  return (await partnersTokens(db, keys, apartmentId, [partnerId])).get(partnerId)!;
}

/** `partnerTokens` of several partners in one statement (a webhook fan-out), by partner id. */
export async function partnersTokens(db: RentalDb, keys: MasterKeyring, apartmentId: number, partnerIds: readonly number[]): Promise<Map<number, { full: string | null; light: string | null }>> {
  const rows = partnerIds.length
    ? await db
        .selectFrom('rental.share_links')
        .select(['partner_id', 'full_data', 'token_hash', 'token_sealed', 'token_master_key_id', 'token_wrapped_key'])
        .where('apartment_sharing_id', '=', apartmentId)
        .where('partner_id', 'in', [...partnerIds])
        .where('link_type', '=', 'PARTNER')
        .where('revoked_at', 'is', null)
        .execute()
    : [];
  const of = (partnerId: number, fullData: boolean) => {
    const row = rows.find((r) => r.partner_id === partnerId && r.full_data === fullData);
    return row ? tokenOf(keys, row) : null;
  };
  return new Map(partnerIds.map((id) => [id, { full: of(id, true), light: of(id, false) }]));
}

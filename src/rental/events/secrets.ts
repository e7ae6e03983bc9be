import { createHmac, randomBytes } from 'node:crypto';
import { open, seal, type MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';

/**
 * Standard Webhooks signing secrets, one per partner (`whsec_` + base64 of 32 random bytes), sealed
 * under the master key. A rotation adds a new current secret and keeps the previous one signing
 * until the end of the overlap, so a receiver can switch secrets without refusing a delivery.
 */
const secretKey = (id: number) => `rental-webhook-secret/${id}`;

let version = 0;
/** Bumped by every secret change made in this process: dispatchers drop their cached secrets. */
export const secretsVersion = () => version;
/** For a change made to `rental.partner_webhook_secrets` by other means (an operator's SQL, a test). */
export function noteSecretsChanged(): void {
  version++;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Stores a new current secret for the partner; the current one (if any) retires at `retiresAt`. */
export async function addWebhookSecret(db: RentalDb, keys: MasterKeyring, partnerId: number, retiresAt: Date | null, onlyIfNone = false): Promise<string | null> {
  const secret = newWebhookSecret();
  const added = await db.transaction().execute(async (trx) => {
    // Serializes the secret changes of one partner: the partner row is the lock.
    await trx.selectFrom('rental.partners').select('id').where('id', '=', partnerId).forUpdate().executeTakeFirstOrThrow();
    if (onlyIfNone) {
      const current = await trx.selectFrom('rental.partner_webhook_secrets').select('id').where('partner_id', '=', partnerId).where('retires_at', 'is', null).executeTakeFirst();
      if (current) return false;
    }
    await trx.updateTable('rental.partner_webhook_secrets').set({ retires_at: retiresAt ?? new Date() }).where('partner_id', '=', partnerId).where('retires_at', 'is', null).execute();
    const row = await trx
      .insertInto('rental.partner_webhook_secrets')
      .values({ partner_id: partnerId, sealed_secret: Buffer.alloc(0), master_key_id: '', wrapped_key: Buffer.alloc(0) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sealed = seal(keys.current, secretKey(row.id), Buffer.from(secret, 'utf8'));
    await trx
      .updateTable('rental.partner_webhook_secrets')
      .set({ sealed_secret: sealed.body, master_key_id: sealed.envelope.keyId, wrapped_key: sealed.envelope.wrappedKey })
      .where('id', '=', row.id)
      .execute();
    return true;
  });
  version++;
  return added ? secret : null;
}

/**
 * Rotates a partner's secret: the new one is returned (shown once); the old one keeps signing for
 * `overlapMs`, so each delivery in the overlap carries both signatures.
 */
export async function rotateWebhookSecret(db: RentalDb, keys: MasterKeyring, partnerId: number, overlapMs: number, now: Date = new Date()): Promise<{ secret: string; previousRetiresAt: Date }> {
  const previousRetiresAt = new Date(now.getTime() + overlapMs);
  return { secret: (await addWebhookSecret(db, keys, partnerId, previousRetiresAt))!, previousRetiresAt };
}

/** The secrets that sign a delivery now: the current one first, then those still in their overlap. */
export async function signingSecrets(db: RentalDb, keys: MasterKeyring, partnerId: number, now: Date = new Date()): Promise<string[]> {
  const rows = await db
    .selectFrom('rental.partner_webhook_secrets')
    .select(['id', 'sealed_secret', 'master_key_id', 'wrapped_key', 'retires_at'])
    .where('partner_id', '=', partnerId)
    .where((eb) => eb.or([eb('retires_at', 'is', null), eb('retires_at', '>', now)]))
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) =>
    open(keys, secretKey(r.id), { body: Buffer.from(r.sealed_secret), envelope: { keyId: r.master_key_id, wrappedKey: Buffer.from(r.wrapped_key) } }).toString('utf8'),
  );
}

/** A partner without any secret (created before this table, or through `createPartner` alone) gets one. */
export async function ensureWebhookSecret(db: RentalDb, keys: MasterKeyring, partnerId: number): Promise<string> {
  const existing = await signingSecrets(db, keys, partnerId);
  if (existing.length) return existing[0]!;
  // Two processes may get here at once: the second finds the first one's secret under the lock.
  return (await addWebhookSecret(db, keys, partnerId, null, true)) ?? (await signingSecrets(db, keys, partnerId))[0]!;
}

/** `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per secret, space-separated. */
export function signatureHeader(secrets: string[], webhookId: string, timestamp: number, body: Buffer): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
      const mac = createHmac('sha256', key).update(`${webhookId}.${timestamp}.`).update(body).digest('base64');
      return `v1,${mac}`;
    })
    .join(' ');
}

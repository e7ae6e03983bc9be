import { randomBytes } from 'node:crypto';
import type { RentalDb } from '../db.ts';
import type { PartnerEventType } from './event-types.ts';
import { buildPayload, payloadContextOf, sealPayload, type WebhookPayloadContext } from './payload.ts';

export interface TenantEvent {
  type: PartnerEventType;
  /** `onTenantId`: the tenant whose change caused the event. */
  tenantId: number;
  now: Date;
  /**
   * Who receives it. Default: the fan-out of §9.3, every enabled partner with a callback URL linked
   * to any tenant of the apartment. ACCESS_REVOKED names the partner that lost its link.
   */
  partnerIds?: number[];
  /**
   * Seals the payload snapshot. Default: the context the handle carries (`runtime.db` and its
   * transactions do). Without one the payload is built at the first delivery attempt instead, which
   * DELETED_ACCOUNT cannot wait for: it is refused without a context.
   */
  payloadContext?: WebhookPayloadContext;
}

/** Standard Webhooks message id: `msg_` and 128 random bits, base32 (no padding, lowercase). */
export function newWebhookId(): string {
  const bytes = randomBytes(16);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `msg_${out}`;
}

/**
 * Records an event in the outbox, one row per receiving partner, inside the caller's transaction:
 * the event exists if and only if the change that caused it commits. Returns the rows' webhook ids.
 */
export async function recordTenantEvent(db: RentalDb, event: TenantEvent): Promise<string[]> {
  const tenant = await db.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', event.tenantId).executeTakeFirst();
  if (!tenant) throw new Error(`recordTenantEvent: tenant ${event.tenantId} not found (record DELETED_ACCOUNT before the deletion)`);
  let receivers = db
    .selectFrom('rental.partners as p')
    .select('p.id')
    .where('p.disabled', '=', false)
    .where('p.callback_url', 'is not', null)
    .where('p.callback_url', '<>', '');
  receivers = event.partnerIds
    ? receivers.where('p.id', 'in', event.partnerIds.length ? event.partnerIds : [-1])
    : receivers.where((eb) =>
        eb.exists(
          eb
            .selectFrom('rental.tenant_partners as tp')
            .innerJoin('rental.tenants as t', 't.id', 'tp.tenant_id')
            .select('tp.partner_id')
            .whereRef('tp.partner_id', '=', 'p.id')
            .where('t.apartment_sharing_id', '=', tenant.apartment_sharing_id),
        ),
      );
  const partners = await receivers.orderBy('p.id').execute();
  if (partners.length === 0) return [];
  const context = event.payloadContext ?? payloadContextOf(db);
  if (!context && event.type === 'DELETED_ACCOUNT') {
    throw new Error('recordTenantEvent: DELETED_ACCOUNT needs a payload context (record it through the rental runtime database, before the deletion)');
  }
  const rows = [];
  for (const p of partners) {
    const webhookId = newWebhookId();
    // The payload is snapshotted now, in the transaction of the change: every attempt and every
    // replay of this webhook-id sends these bytes, and DELETED_ACCOUNT's describes the file before it went.
    const sealed = context
      ? sealPayload(context.keys, webhookId, Buffer.from(JSON.stringify(await buildPayload(db, { type: event.type, tenantId: event.tenantId, apartmentId: tenant.apartment_sharing_id, partnerId: p.id }, context))))
      : {};
    rows.push({
      webhook_id: webhookId,
      partner_id: p.id,
      tenant_id: event.tenantId,
      apartment_sharing_id: tenant.apartment_sharing_id,
      event_type: event.type,
      created_at: event.now,
      ...sealed,
    });
  }
  await db.insertInto('rental.webhook_events').values(rows).execute();
  return rows.map((r) => r.webhook_id);
}

/**
 * §1.3 `registerTenant`: a partner newly linked to a tenant already TO_PROCESS or VALIDATED is told
 * at once (CREATED_ACCOUNT or VERIFIED_ACCOUNT), that partner only. `linkTenantToPartners`
 * (tenants/partner-access.ts) calls it for the links it really inserted, after the share links.
 */
export async function recordNewLinkEvent(db: RentalDb, tenantId: number, partnerId: number, now: Date): Promise<string[]> {
  const tenant = await db.selectFrom('rental.tenants').select('status').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const type = tenant.status === 'VALIDATED' ? 'VERIFIED_ACCOUNT' : tenant.status === 'TO_PROCESS' ? 'CREATED_ACCOUNT' : null;
  return type ? recordTenantEvent(db, { type, tenantId, now, partnerIds: [partnerId] }) : [];
}

import { randomBytes } from 'node:crypto';
import type { RentalDb, RentalTables } from '../db.ts';
import { selectApplication } from '../tenants/application-model.ts';
import type { PartnerEventType } from './event-types.ts';
import { expressionBuilder, sql } from 'kysely';
import { minimalPayload, payloadContextOf, payloadsOf, sealPayload, type WebhookPayloadContext } from './payload.ts';

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
 * The §9.3 receivers of an event, ordered by id: every enabled partner with a callback URL linked to
 * any tenant of the apartment of `event.tenantId`, or those of `event.partnerIds` that are enabled and
 * have one. Uncorrelated: a sub-select that any statement can carry as a column.
 */
function receivingPartners(event: TenantEvent) {
  const eb = expressionBuilder<RentalTables, never>();
  let receivers = eb
    .selectFrom('rental.partners as p')
    .select('p.id')
    .where('p.disabled', '=', false)
    .where('p.callback_url', 'is not', null)
    .where('p.callback_url', '<>', '');
  receivers = event.partnerIds
    ? receivers.where('p.id', 'in', event.partnerIds.length ? event.partnerIds : [-1])
    : receivers.where((w) =>
        w.exists(
          w
            .selectFrom('rental.tenant_partners as tp')
            .innerJoin('rental.tenants as mate', 'mate.id', 'tp.tenant_id')
            .select('tp.partner_id')
            .whereRef('tp.partner_id', '=', 'p.id')
            .where('mate.apartment_sharing_id', '=', (s) => s.selectFrom('rental.tenants as self').select('self.apartment_sharing_id').where('self.id', '=', event.tenantId)),
        ),
      );
  return sql<number[]>`array(${receivers.orderBy('p.id')})`;
}

/**
 * Records an event in the outbox, one row per receiving partner, inside the caller's transaction:
 * the event exists if and only if the change that caused it commits. Returns the rows' webhook ids.
 */
export async function recordTenantEvent(db: RentalDb, event: TenantEvent): Promise<string[]> {
  const context = event.payloadContext ?? payloadContextOf(db);
  // One statement reads the tenant's apartment and the receiving partners and, when the payload is
  // snapshotted from it, the whole ApplicationModel of the apartment for every receiving partner.
  const withModel = context !== null && event.type !== 'ACCESS_REVOKED';
  const application = withModel ? await selectApplication(db, { ofTenant: event.tenantId }).select(receivingPartners(event).as('receivers')).execute() : null;
  const tenant = application
    ? application.find((row) => row.id === event.tenantId)
    : await db.selectFrom('rental.tenants').select('apartment_sharing_id').select(receivingPartners(event).as('receivers')).where('id', '=', event.tenantId).executeTakeFirst();
  if (!tenant) throw new Error(`recordTenantEvent: tenant ${event.tenantId} not found (record DELETED_ACCOUNT before the deletion)`);
  const partners = tenant.receivers;
  if (partners.length === 0) return [];
  const apartmentId = 'apartment_id' in tenant ? tenant.apartment_id : tenant.apartment_sharing_id;
  if (!context && event.type === 'DELETED_ACCOUNT') {
    throw new Error('recordTenantEvent: DELETED_ACCOUNT needs a payload context (record it through the rental runtime database, before the deletion)');
  }
  // The payload is snapshotted now, in the transaction of the change: every attempt and every
  // replay of this webhook-id sends these bytes, and DELETED_ACCOUNT's describes the file before it went.
  const payloads = !context
    ? null
    : application
      ? await payloadsOf(db, application, { type: event.type, tenantId: event.tenantId, partnerIds: partners }, context)
      : new Map(partners.map((id) => [id, minimalPayload(event.type, event.tenantId)]));
  const rows = partners.map((partnerId) => {
    const webhookId = newWebhookId();
    return {
      webhook_id: webhookId,
      partner_id: partnerId,
      tenant_id: event.tenantId,
      apartment_sharing_id: apartmentId,
      event_type: event.type,
      created_at: event.now,
      ...(payloads && context ? sealPayload(context.keys, webhookId, Buffer.from(JSON.stringify(payloads.get(partnerId)))) : {}),
    };
  });
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

import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { open, seal, type MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import { applicationModelsOf, loadApplicationModel, type ApplicationRow } from '../tenants/application-model.ts';
import type { PartnerEventType } from './event-types.ts';

/**
 * What recording an event needs beyond the database to snapshot its payload: the master keys that
 * seal it and the API base of the URLs inside the model. It travels with the rental runtime's
 * database handle as a (no-op) Kysely plugin, so every transaction opened from `runtime.db` carries
 * it and `recordTenantEvent(db, …)` keeps its signature for the code that calls it.
 */
export class WebhookPayloadContext implements KyselyPlugin {
  constructor(
    readonly keys: MasterKeyring,
    readonly apiBase: string,
    /** The public share-link base, for the `dossierUrl`s of a VALIDATED apartment (§5.2). */
    readonly publicBase: string,
  ) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The payload context a handle carries (its own, or its parent's for a transaction), if any. */
export function payloadContextOf(db: RentalDb): WebhookPayloadContext | null {
  return (db.getExecutor().plugins.find((p) => p instanceof WebhookPayloadContext) as WebhookPayloadContext | undefined) ?? null;
}

/**
 * The body of a webhook (§9.2): the `ApplicationModel` of the apartment built with the receiving
 * partner's own links, plus `partnerCallBackType` and `onTenantId`; ACCESS_REVOKED is minimal.
 */
export async function buildPayload(
  db: RentalDb,
  event: { type: PartnerEventType | string; tenantId: number; apartmentId: number; partnerId: number },
  context: { keys: MasterKeyring; apiBase: string; publicBase: string },
): Promise<Record<string, unknown>> {
  if (event.type === 'ACCESS_REVOKED') return minimalPayload(event.type, event.tenantId);
  const model = await loadApplicationModel(db, event.apartmentId, event.partnerId, context.apiBase, { keys: context.keys, publicBase: context.publicBase });
  return { ...model, partnerCallBackType: event.type, onTenantId: event.tenantId };
}

/**
 * `buildPayload` of an event whose payload is the ApplicationModel (not ACCESS_REVOKED) for each of
 * `partnerIds` (a fan-out), from the apartment's rows (`selectApplication`) read once for all of them.
 */
export async function payloadsOf(
  db: RentalDb,
  application: readonly ApplicationRow[],
  event: { type: PartnerEventType | string; tenantId: number; partnerIds: readonly number[] },
  context: { keys: MasterKeyring; apiBase: string; publicBase: string },
): Promise<Map<number, Record<string, unknown>>> {
  const models = await applicationModelsOf(db, application, event.partnerIds, context.apiBase, { keys: context.keys, publicBase: context.publicBase });
  return new Map(event.partnerIds.map((id) => [id, { ...models.get(id)!, partnerCallBackType: event.type, onTenantId: event.tenantId }]));
}

export function minimalPayload(type: string, tenantId: number): Record<string, unknown> {
  return { partnerCallBackType: type, onTenantId: tenantId };
}

/** The blob name a payload is sealed under (authenticated): a payload moved to another event does not open. */
const payloadKey = (webhookId: string) => `rental-webhook/${webhookId}`;

export interface SealedPayloadColumns {
  payload_sealed: Buffer;
  payload_master_key_id: string;
  payload_wrapped_key: Buffer;
}

export function sealPayload(keys: MasterKeyring, webhookId: string, body: Buffer): SealedPayloadColumns {
  const sealed = seal(keys.current, payloadKey(webhookId), body);
  return { payload_sealed: sealed.body, payload_master_key_id: sealed.envelope.keyId, payload_wrapped_key: sealed.envelope.wrappedKey };
}

export function openPayload(keys: MasterKeyring, webhookId: string, row: SealedPayloadColumns): Buffer {
  return open(keys, payloadKey(webhookId), {
    body: Buffer.from(row.payload_sealed),
    envelope: { keyId: row.payload_master_key_id, wrappedKey: Buffer.from(row.payload_wrapped_key) },
  });
}

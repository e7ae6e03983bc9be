import { sql } from 'kysely';
import type { RentalDb } from '../db.ts';

/**
 * The operator side of webhook delivery: replay, dead deliveries, the delivery log, and payload
 * retention. The admin commands (`rental:webhooks:*`) call these; so can the back-office routes.
 *
 * Replay sends the same webhook-id with the same payload again: receivers deduplicate on
 * `webhook-id`. It puts the delivery back to PENDING with a fresh retry schedule; the order rule
 * still holds (it waits for an earlier pending event of the same partner and tenant).
 */
export class ReplayError extends Error {
  override name = 'ReplayError';
  constructor(
    /** NOT_FOUND: no such webhook-id; CONFLICT: its state forbids a replay (pending, payload erased). */
    readonly code: 'NOT_FOUND' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

export interface DeliverySummary {
  webhookId: string;
  partnerId: number;
  partnerName: string;
  tenantId: number;
  eventType: string;
  state: string;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  deadAt: Date | null;
  lastError: string | null;
}

/** Replays one delivery (any state but in flight). */
export async function replayDelivery(db: RentalDb, webhookId: string): Promise<DeliverySummary> {
  const row = await db.selectFrom('rental.webhook_events').select(['id', 'state', 'lease_until', 'payload_sealed', 'payload_erased_at']).where('webhook_id', '=', webhookId).executeTakeFirst();
  if (!row) throw new ReplayError('NOT_FOUND', `no delivery has the webhook-id ${webhookId}`);
  if (row.payload_erased_at) throw new ReplayError('CONFLICT', `the payload of ${webhookId} was erased (retention): it cannot be replayed`);
  if (row.state === 'PENDING') throw new ReplayError('CONFLICT', `${webhookId} is already pending delivery`);
  await resetToPending(db, [row.id]);
  return (await summaries(db, (q) => q.where('e.webhook_id', '=', webhookId)))[0]!;
}

/**
 * Replays every delivered or dead delivery recorded since `since` (optionally of one partner), in
 * recording order. With `deadOnly`, delivered ones are left alone. Erased payloads are skipped.
 */
export async function replaySince(db: RentalDb, options: { since: Date; partnerId?: number; deadOnly?: boolean }): Promise<{ replayed: number; skippedErased: number }> {
  let query = db
    .selectFrom('rental.webhook_events')
    .select(['id', 'payload_erased_at'])
    .where('created_at', '>=', options.since)
    .where('state', 'in', options.deadOnly ? ['DEAD'] : ['DEAD', 'DELIVERED']);
  if (options.partnerId !== undefined) query = query.where('partner_id', '=', options.partnerId);
  const rows = await query.orderBy('id').execute();
  const replayable = rows.filter((r) => !r.payload_erased_at).map((r) => r.id);
  for (let i = 0; i < replayable.length; i += 500) await resetToPending(db, replayable.slice(i, i + 500));
  return { replayed: replayable.length, skippedErased: rows.length - replayable.length };
}

async function resetToPending(db: RentalDb, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('rental.webhook_events')
    .set({ state: 'PENDING', attempts: 0, next_attempt_at: sql<Date>`now()`, lease_until: null, lease_token: null, delivered_at: null, dead_at: null, last_error: null })
    .where('id', 'in', ids)
    .where('state', '<>', 'PENDING')
    .execute();
}

/** Dead deliveries, newest first (optionally of one partner). */
export async function listDeadDeliveries(db: RentalDb, options: { partnerId?: number; limit?: number } = {}): Promise<DeliverySummary[]> {
  return summaries(db, (q) => {
    let filtered = q.where('e.state', '=', 'DEAD');
    if (options.partnerId !== undefined) filtered = filtered.where('e.partner_id', '=', options.partnerId);
    return filtered.orderBy('e.dead_at', 'desc').orderBy('e.id', 'desc').limit(options.limit ?? 100);
  });
}

type SummaryQuery = ReturnType<typeof summaryQuery>;
const summaryQuery = (db: RentalDb) =>
  db
    .selectFrom('rental.webhook_events as e')
    .innerJoin('rental.partners as p', 'p.id', 'e.partner_id')
    .select(['e.webhook_id', 'e.partner_id', 'p.name', 'e.tenant_id', 'e.event_type', 'e.state', 'e.attempts', 'e.created_at', 'e.delivered_at', 'e.dead_at', 'e.last_error']);

async function summaries(db: RentalDb, refine: (q: SummaryQuery) => SummaryQuery): Promise<DeliverySummary[]> {
  const rows = await refine(summaryQuery(db)).execute();
  return rows.map((r) => ({
    webhookId: r.webhook_id,
    partnerId: r.partner_id,
    partnerName: r.name,
    tenantId: r.tenant_id,
    eventType: r.event_type,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    deadAt: r.dead_at,
    lastError: r.last_error,
  }));
}

/** The attempts of one delivery, oldest first (status, duration, error; bodies are never kept). */
export async function deliveryAttempts(db: RentalDb, webhookId: string) {
  return db
    .selectFrom('rental.webhook_attempts as a')
    .innerJoin('rental.webhook_events as e', 'e.id', 'a.event_id')
    .select(['a.attempt', 'a.started_at as startedAt', 'a.duration_ms as durationMs', 'a.status_code as statusCode', 'a.outcome', 'a.error'])
    .where('e.webhook_id', '=', webhookId)
    .orderBy('a.id')
    .execute();
}

const ERASED = { payload_sealed: null, payload_master_key_id: null, payload_wrapped_key: null } as const;

/**
 * Erases the webhook payloads that hold this tenant's data: its own events and those of its
 * apartment (an ApplicationModel lists every co-tenant). Pending deliveries keep theirs until they
 * are acknowledged (a DELETED_ACCOUNT still on its way must arrive); the dispatcher erases those on
 * delivery once the tenant is gone (and `pruneWebhookPayloads` catches any left). Call it with the apartment id
 * when the tenant row is already deleted. Returns the number of payloads erased.
 */
export async function eraseTenantWebhookPayloads(db: RentalDb, tenantId: number, apartmentSharingId?: number): Promise<number> {
  const apartment = apartmentSharingId ?? (await db.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId).executeTakeFirst())?.apartment_sharing_id;
  const result = await db
    .updateTable('rental.webhook_events')
    .set({ ...ERASED, payload_erased_at: sql<Date>`now()` })
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), ...(apartment === undefined ? [] : [eb('apartment_sharing_id', '=', apartment)])]))
    .where('state', '<>', 'PENDING')
    .where('payload_erased_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Payload retention: a delivered payload is kept `retentionDays` after its delivery (for replay), a
 * dead one as long after its death; then it is erased (the row and its attempts stay, without the
 * body). A delivered payload whose tenant no longer exists is erased at once: nothing is kept of a
 * deleted tenant once its DELETED_ACCOUNT has arrived.
 */
export async function pruneWebhookPayloads(db: RentalDb, retentionDays: number): Promise<{ erased: number }> {
  const cutoff = sql<Date>`now() - make_interval(days => ${retentionDays})`;
  const result = await db
    .updateTable('rental.webhook_events')
    .set({ ...ERASED, payload_erased_at: sql<Date>`now()` })
    .where('payload_erased_at', 'is', null)
    .where('payload_sealed', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'DELIVERED'), eb('delivered_at', '<', cutoff)]),
        eb.and([eb('state', '=', 'DEAD'), eb('dead_at', '<', cutoff)]),
        eb.and([eb('state', '=', 'DELIVERED'), eb.not(eb.exists(eb.selectFrom('rental.tenants as t').select('t.id').whereRef('t.id', '=', 'rental.webhook_events.tenant_id')))]),
      ]),
    )
    .executeTakeFirst();
  return { erased: Number(result.numUpdatedRows) };
}

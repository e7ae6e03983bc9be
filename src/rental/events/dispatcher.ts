import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import type { WebhookSettings } from '../module/settings.ts';
import { postJson, type PostResult } from './http-target.ts';
import { buildPayload, minimalPayload, openPayload, sealPayload } from './payload.ts';
import { ensureWebhookSecret, secretsVersion, signatureHeader, signingSecrets } from './secrets.ts';

/**
 * Delivers the webhook outbox (§9, issue 10). Any number of processes may run one on the same
 * database: a delivery is claimed with `for update skip locked` and a lease (`lease_until`), so one
 * process sends it at a time; a process killed mid-delivery leaves the lease to expire and another
 * attempt sends the same webhook-id again (at most the in-flight one is repeated).
 *
 * Order: an event is claimable only when no earlier event of the same (partner, tenant) is PENDING,
 * so a later event never overtakes an earlier one, retries included. When an event dies, the later
 * pending events of its (partner, tenant) die with it (they are replayed together, in order).
 */
export interface DispatcherDeps {
  db: RentalDb;
  keys: MasterKeyring;
  apiBase: string;
  /** The public share-link base (`dossierUrl`s of VALIDATED apartments). */
  publicBase: string;
  settings: WebhookSettings;
  logger: Logger;
  /**
   * Analyse the outbox when a backlog shows (embedded database: it has no autovacuum). Statistics
   * taken while the outbox was empty make the planner sort every pending row at each claim instead
   * of walking the due index until the batch is full: a claim then costs in proportion to the backlog.
   */
  analyzeBacklog?: boolean;
}

interface Claimed {
  id: string;
  webhook_id: string;
  partner_id: number;
  tenant_id: number;
  apartment_sharing_id: number;
  event_type: string;
  attempts: number;
  payload_sealed: Buffer | null;
  payload_master_key_id: string | null;
  payload_wrapped_key: Buffer | null;
  payload_erased_at: Date | null;
  lease_token: string;
}

interface PartnerTarget {
  callback_url: string | null;
  callback_api_key: string | null;
  disabled: boolean;
  secrets: string[];
}

/** How long a partner's callback settings and secrets are reused between batches. */
const TARGET_CACHE_MS = 5000;

/** A backlog analyses the outbox at most this often (`analyzeBacklog`). */
const ANALYZE_EVERY_MS = 60_000;

/** Outcomes arriving within this window are written together (`logAndDeliver`). */
const FLUSH_WINDOW_MS = 10;

/** How long a claim holds a delivery: the longest exchange plus a margin for the bookkeeping. */
export const leaseMs = (settings: WebhookSettings) => settings.connectTimeoutMs + settings.responseTimeoutMs + 2000;

/** The delay before retry number `retry` (0-based), with ±20 % jitter so that failures do not retry in lockstep. */
export function retryDelayMs(settings: WebhookSettings, retry: number, random: () => number = Math.random): number | null {
  const base = settings.retryScheduleMs[retry];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class WebhookDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  #inflight = 0;
  /** Deliveries whose outcome is not written yet. */
  #writing = 0;
  #polling = false;
  #again = false;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #idle = new Set<() => void>();
  readonly #outcomes: Outcome[] = [];
  #flushing = false;
  #flushTimer: NodeJS.Timeout | undefined;
  readonly #cache = new Map<number, { target: PartnerTarget; until: number }>();
  #cacheVersion = -1;
  #analyzedAt = -Infinity;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Looks for due deliveries now (a delivery finished, or a test recorded an event). */
  kick(): void {
    if (this.#stopping) return;
    if (this.#polling) this.#again = true;
    else this.#schedule(0);
  }

  /** Stops claiming; in-flight requests are cut (their attempt is logged as failed and retried later). */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.#agents.http.destroy();
    this.#agents.https.destroy();
    while (this.#inflight > 0 || this.#writing > 0 || this.#polling) await new Promise<void>((resolve) => this.#idle.add(resolve));
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#stopping) return;
    this.#timer = setTimeout(() => void this.#poll(), ms);
    this.#timer.unref?.();
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#stopping) return;
    this.#polling = true;
    try {
      do {
        this.#again = false;
        const free = this.#deps.settings.concurrency - this.#inflight;
        if (free <= 0) break;
        const claimed = await this.#claim(free);
        if (claimed.length === 0) continue;
        const targets = await this.#targets(claimed);
        for (const event of claimed) {
          this.#inflight++;
          this.#writing++;
          // The slot is free once the exchange is over; the outcome is written in the next batch. The
          // next event of the same (partner, tenant) stays unclaimable until then (still PENDING).
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            this.#inflight--;
            // Claim again once half the slots are free: one claim serves a batch, not one delivery.
            if (this.#inflight <= this.#deps.settings.concurrency / 2) this.kick();
          };
          void this.#deliver(event, targets.get(event.partner_id), release)
            .catch((error) => this.#deps.logger.error({ err: error, webhookId: event.webhook_id }, 'webhook delivery bookkeeping failed'))
            .finally(() => {
              release();
              this.#writing--;
              this.#settled();
              this.kick();
            });
        }
        if (claimed.length === free) this.#again = true;
      } while (this.#again && !this.#stopping);
    } catch (error) {
      if (!this.#stopping) this.#deps.logger.error({ err: error }, 'webhook dispatcher poll failed');
    } finally {
      this.#polling = false;
      this.#settled();
      this.#schedule(this.#deps.settings.pollMs);
    }
  }

  #settled(): void {
    if (this.#inflight === 0 && this.#writing === 0 && !this.#polling) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  async #claim(limit: number): Promise<Claimed[]> {
    const token = randomUUID();
    const lease = leaseMs(this.#deps.settings) / 1000;
    const result = await sql<Claimed>`
      with due as (
        select c.id from rental.webhook_events c
        where c.state = 'PENDING' and c.next_attempt_at <= now() and (c.lease_until is null or c.lease_until < now())
          and not exists (
            select 1 from rental.webhook_events p
            where p.state = 'PENDING' and p.partner_id = c.partner_id and p.tenant_id = c.tenant_id and p.id < c.id)
        order by c.next_attempt_at, c.id
        limit ${limit}
        for update of c skip locked)
      update rental.webhook_events e
      set lease_until = now() + make_interval(secs => ${lease}), lease_token = ${token}, attempts = e.attempts + 1
      -- By key: a join with due was planned as a hash join over the whole outbox, delivered rows included.
      where e.id = any (array(select id from due))
      returning e.id, e.webhook_id, e.partner_id, e.tenant_id, e.apartment_sharing_id, e.event_type, e.attempts,
        e.payload_sealed, e.payload_master_key_id, e.payload_wrapped_key, e.payload_erased_at, ${token}::text as lease_token`.execute(this.#deps.db);
    if (this.#deps.analyzeBacklog && result.rows.length === limit && performance.now() - this.#analyzedAt > ANALYZE_EVERY_MS) {
      this.#analyzedAt = performance.now();
      // Never at the cost of the batch just claimed.
      await sql`analyze rental.webhook_events`.execute(this.#deps.db).catch((error) => this.#deps.logger.warn({ err: error }, 'webhook outbox analyze failed'));
    }
    return result.rows.map((r) => ({ ...r, id: String(r.id) }));
  }

  /**
   * The partners of a batch with their signing secrets, cached for TARGET_CACHE_MS: a rotation or a
   * callback change made in this process shows at the next batch (`secretsVersion`), one made by
   * another process within that delay (the previous secret still signs during the overlap).
   */
  async #targets(events: Claimed[]): Promise<Map<number, PartnerTarget>> {
    const { db, keys } = this.#deps;
    if (this.#cacheVersion !== secretsVersion()) {
      this.#cache.clear();
      this.#cacheVersion = secretsVersion();
    }
    const now = Date.now();
    const targets = new Map<number, PartnerTarget>();
    const missing: number[] = [];
    for (const id of new Set(events.map((e) => e.partner_id))) {
      const cached = this.#cache.get(id);
      if (cached && cached.until > now) targets.set(id, cached.target);
      else missing.push(id);
    }
    if (!missing.length) return targets;
    const rows = await db.selectFrom('rental.partners').select(['id', 'callback_url', 'callback_api_key', 'disabled']).where('id', 'in', missing).execute();
    for (const row of rows) {
      let secrets = await signingSecrets(db, keys, row.id);
      if (secrets.length === 0) secrets = [await ensureWebhookSecret(db, keys, row.id)];
      const target = { ...row, secrets };
      targets.set(row.id, target);
      this.#cache.set(row.id, { target, until: now + TARGET_CACHE_MS });
    }
    return targets;
  }

  async #deliver(event: Claimed, target: PartnerTarget | undefined, sent: () => void): Promise<void> {
    const started = new Date();
    const t0 = performance.now();
    let result: PostResult;
    const body = await this.#payload(event);
    if (body === null) {
      result = { ok: false, status: null, error: 'the payload was erased (retention): nothing to send', refused: true };
      sent();
      return this.#finish(event, started, 0, result, true);
    }
    if (!target || target.disabled || !target.callback_url) {
      result = { ok: false, status: null, error: 'the partner is disabled or has no callback URL', refused: true };
    } else {
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'webhook-id': event.webhook_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(target.secrets, event.webhook_id, timestamp, body),
      };
      if (target.callback_api_key) headers['x-api-key'] = target.callback_api_key;
      const { connectTimeoutMs, responseTimeoutMs, allowPrivateTargets } = this.#deps.settings;
      try {
        result = await postJson(target.callback_url, headers, body, { connectTimeoutMs, responseTimeoutMs, allowPrivate: allowPrivateTargets, agents: this.#agents });
      } catch (error) {
        result = { ok: false, status: null, error: `error: ${(error as Error).message}`.slice(0, 300), refused: false };
      }
    }
    sent();
    await this.#finish(event, started, Math.round(performance.now() - t0), result, false);
  }

  /** The sealed snapshot; built now for an event recorded without one (and sealed, so retries send the same bytes). */
  async #payload(event: Claimed): Promise<Buffer | null> {
    const { db, keys, apiBase, publicBase } = this.#deps;
    if (event.payload_sealed && event.payload_master_key_id && event.payload_wrapped_key) {
      return openPayload(keys, event.webhook_id, { payload_sealed: event.payload_sealed, payload_master_key_id: event.payload_master_key_id, payload_wrapped_key: event.payload_wrapped_key });
    }
    if (event.payload_erased_at) return null;
    const exists = await db.selectFrom('rental.tenants').select('id').where('id', '=', event.tenant_id).executeTakeFirst();
    const apartment = await db.selectFrom('rental.apartment_sharings').select('id').where('id', '=', event.apartment_sharing_id).executeTakeFirst();
    const payload =
      exists && apartment
        ? await buildPayload(db, { type: event.event_type, tenantId: event.tenant_id, apartmentId: event.apartment_sharing_id, partnerId: event.partner_id }, { keys, apiBase, publicBase })
        : minimalPayload(event.event_type, event.tenant_id);
    const body = Buffer.from(JSON.stringify(payload));
    await db.updateTable('rental.webhook_events').set(sealPayload(keys, event.webhook_id, body)).where('id', '=', event.id).where('payload_sealed', 'is', null).execute();
    // Another process may have sealed its own snapshot first: send that one.
    const row = await db.selectFrom('rental.webhook_events').select(['payload_sealed', 'payload_master_key_id', 'payload_wrapped_key']).where('id', '=', event.id).executeTakeFirstOrThrow();
    return openPayload(keys, event.webhook_id, row as { payload_sealed: Buffer; payload_master_key_id: string; payload_wrapped_key: Buffer });
  }

  /**
   * Records an outcome. Outcomes that arrive together are written together: one statement logs
   * their attempts and marks the delivered ones (plus, in the same transaction, one update per
   * failure): the bookkeeping of a burst costs one statement, not a few per delivery. Resolves once written.
   */
  #finish(event: Claimed, started: Date, durationMs: number, result: PostResult, deadNow: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#outcomes.push({ event, started, durationMs, result, deadNow, resolve, reject });
      // A short window gathers the outcomes of one burst into one commit (with the embedded
      // database, a commit costs the event loop more than the HTTP exchange does).
      if (!this.#flushing && !this.#flushTimer) this.#flushTimer = setTimeout(() => void this.#flush(), FLUSH_WINDOW_MS);
    });
  }

  async #flush(): Promise<void> {
    this.#flushTimer = undefined;
    this.#flushing = true;
    try {
      while (this.#outcomes.length) {
        const batch = this.#outcomes.splice(0);
        try {
          await this.#write(batch);
          for (const o of batch) o.resolve();
        } catch (error) {
          for (const o of batch) o.reject(error);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #write(batch: Outcome[]): Promise<void> {
    const { db, settings } = this.#deps;
    // The common case, every exchange acknowledged: one statement (atomic by itself) logs the
    // attempts and marks the events delivered, with no transaction around it.
    if (batch.every((o) => o.result.ok)) {
      await logAndDeliver(batch).execute(db);
      return;
    }
    await db.transaction().execute(async (trx) => {
      await logAndDeliver(batch).execute(trx);
      for (const { event, result, deadNow } of batch) {
        if (result.ok) continue;
        const delay = deadNow ? null : retryDelayMs(settings, event.attempts - 1);
        const mine = trx.updateTable('rental.webhook_events').where('id', '=', event.id).where('lease_token', '=', event.lease_token);
        if (delay !== null) {
          await mine.set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${delay / 1000})`, lease_until: null, lease_token: null, last_error: result.error }).execute();
          continue;
        }
        const died = await mine.set({ state: 'DEAD', dead_at: sql<Date>`now()`, lease_until: null, lease_token: null, last_error: result.error }).returning('id').execute();
        if (died.length) {
          // The later events of this (partner, tenant) would otherwise overtake it: they wait in DEAD with it.
          await trx
            .updateTable('rental.webhook_events')
            .set({ state: 'DEAD', dead_at: sql<Date>`now()`, last_error: `an earlier event of this tenant (${event.webhook_id}) is dead` })
            .where('partner_id', '=', event.partner_id)
            .where('tenant_id', '=', event.tenant_id)
            .where('state', '=', 'PENDING')
            .where('id', '>', event.id)
            .execute();
          this.#deps.logger.warn({ webhookId: event.webhook_id, partnerId: event.partner_id, attempts: event.attempts }, 'webhook delivery is dead');
        }
      }
    });
  }
}

/**
 * One statement: an attempt row per outcome, and the acknowledged events marked DELIVERED (only
 * the rows this claim still holds: a lease that expired belongs to whoever claimed it next). The
 * outcomes travel as arrays, so the text is the same for any batch (its parameter types are asked
 * once, not once per batch size).
 */
function logAndDeliver(batch: Outcome[]) {
  const column = <T>(pick: (o: Outcome) => T) => batch.map(pick);
  return sql`
    with o (id, lease_token, attempt, started_at, duration_ms, status_code, outcome, error) as (
      select * from unnest(${column((o) => o.event.id)}::bigint[], ${column((o) => o.event.lease_token)}::text[],
        ${column((o) => o.event.attempts)}::integer[], ${column((o) => o.started.toISOString())}::timestamptz[],
        ${column((o) => o.durationMs)}::integer[], ${column((o) => o.result.status)}::integer[],
        ${column((o) => (o.result.ok ? 'DELIVERED' : o.result.refused ? 'REFUSED' : 'FAILED'))}::text[], ${column((o) => o.result.error)}::text[])),
    logged as (
      insert into rental.webhook_attempts (event_id, attempt, started_at, duration_ms, status_code, outcome, error)
      select id, attempt, started_at, duration_ms, status_code, outcome, error from o),
    -- Materialised: inlined, the tenant lookup ran once per column that reads it.
    delivered as materialized (
      select e.id, t.id is not null as tenant_exists
      from o join rental.webhook_events e on e.id = o.id and e.lease_token = o.lease_token
      left join rental.tenants t on t.id = e.tenant_id
      where o.outcome = 'DELIVERED')
    update rental.webhook_events e
    set state = 'DELIVERED', delivered_at = now(), lease_until = null, lease_token = null, last_error = null,
      -- Nothing is kept of a deleted tenant once its last webhook has arrived.
      payload_sealed = case when d.tenant_exists then e.payload_sealed end,
      payload_master_key_id = case when d.tenant_exists then e.payload_master_key_id end,
      payload_wrapped_key = case when d.tenant_exists then e.payload_wrapped_key end,
      payload_erased_at = case when d.tenant_exists then e.payload_erased_at else now() end
    from delivered d
    where e.id = d.id`;
}

interface Outcome {
  event: Claimed;
  started: Date;
  durationMs: number;
  result: PostResult;
  deadNow: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

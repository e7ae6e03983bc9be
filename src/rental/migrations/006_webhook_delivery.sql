-- Webhook delivery (§9, issue 10). Each outbox row is one delivery: its state, its attempts, and the
-- payload snapshotted when the event was recorded, sealed under the master key (it holds personal
-- data), so that every attempt and every replay of a webhook-id sends the same bytes.
--   PENDING   waiting for its next attempt (or in flight: `lease_until` in the future);
--   DELIVERED the receiver answered 2xx;
--   DEAD      the retry schedule ran out (or an earlier event of the same partner and tenant died).
-- A pending event of a (partner, tenant) holds back the later ones: delivery follows `id`.
alter table rental.webhook_events
  add column state text not null default 'PENDING',
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz not null default now(),
  add column lease_until timestamptz,
  add column lease_token text,
  add column delivered_at timestamptz,
  add column dead_at timestamptz,
  add column last_error text,
  add column payload_sealed bytea,
  add column payload_master_key_id text,
  add column payload_wrapped_key bytea,
  add column payload_erased_at timestamptz;
create index webhook_events_due on rental.webhook_events (next_attempt_at, id) where state = 'PENDING';
create index webhook_events_pending_pair on rental.webhook_events (partner_id, tenant_id, id) where state = 'PENDING';
create index webhook_events_dead on rental.webhook_events (dead_at) where state = 'DEAD';
create index webhook_events_by_date on rental.webhook_events (created_at);

-- One row per attempt: when, how long, the HTTP status or the error. Never the body.
create table rental.webhook_attempts (
  id bigserial primary key,
  event_id bigint not null references rental.webhook_events (id) on delete cascade,
  attempt integer not null,
  started_at timestamptz not null,
  duration_ms integer not null,
  status_code integer,
  outcome text not null,
  error text
);
create index webhook_attempts_by_event on rental.webhook_attempts (event_id, id);

-- The Standard Webhooks signing secrets of each partner (`whsec_…`), sealed. The current one has no
-- `retires_at`; after a rotation the previous one signs too until `retires_at` (the overlap).
create table rental.partner_webhook_secrets (
  id serial primary key,
  partner_id integer not null references rental.partners (id) on delete cascade,
  sealed_secret bytea not null,
  master_key_id text not null,
  wrapped_key bytea not null,
  created_at timestamptz not null default now(),
  retires_at timestamptz
);
create index partner_webhook_secrets_by_partner on rental.partner_webhook_secrets (partner_id, id);

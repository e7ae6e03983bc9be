-- The webhook outbox (§9): one row per (event, receiving partner), inserted in the transaction of the
-- change that causes it, so an event exists if and only if its change committed. Delivery jobs read
-- it. `tenant_id` has no foreign key: DELETED_ACCOUNT outlives its tenant. `seq` orders the events
-- of one (partner, tenant): a later one is never delivered before an earlier one.
create table rental.webhook_events (
  id bigserial primary key,
  webhook_id text not null unique,
  partner_id integer not null references rental.partners (id) on delete cascade,
  tenant_id integer not null,
  apartment_sharing_id integer not null,
  event_type text not null,
  created_at timestamptz not null default now()
);
create index webhook_events_by_partner_tenant on rental.webhook_events (partner_id, tenant_id, id);
create index webhook_events_by_tenant on rental.webhook_events (tenant_id);

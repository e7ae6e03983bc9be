-- Retention (§11). The inactivity clock: `last_activity_date` is set by every write on the tenant's
-- file (the partner acts for the tenant; reads do not count); null means none since the creation,
-- so the clock runs from `creation_date`. `warnings` counts the inactivity warnings sent since the
-- last activity (§11.1: 1 at day 30, 2 at day 37, archive at day 45 with 2).
alter table rental.tenants add column last_activity_date timestamptz;
alter table rental.tenants add column warnings smallint not null default 0;
alter table rental.tenants add column last_warning_date timestamptz;
-- Files that exist already: their last write is their last activity (not their creation, which would
-- warn every old file at the first run).
update rental.tenants set last_activity_date = last_update_date;
create index tenants_by_activity on rental.tenants ((coalesce(last_activity_date, creation_date))) where status <> 'ARCHIVED';
create index tenants_by_last_update on rental.tenants (last_update_date);

-- Every warning sent, as an event: ids and the template only (the address is read when sending).
create table rental.retention_warnings (
  id bigserial primary key,
  tenant_id integer not null references rental.tenants (id) on delete cascade,
  warning smallint not null check (warning in (1, 2)),
  inactive_since timestamptz not null,
  created_at timestamptz not null
);
create index retention_warnings_by_tenant on rental.retention_warnings (tenant_id);

-- One row per archived or deleted tenant, kept after the tenant is gone: ids, counts, the reason and
-- the time, never a name, an email or a document. No foreign key: it outlives what it describes.
create table rental.retention_audit (
  id bigserial primary key,
  action text not null check (action in ('ARCHIVE', 'DELETE')),
  reason text not null,
  tenant_id integer not null,
  apartment_sharing_id integer not null,
  documents integer not null,
  guarantors integer not null,
  files integer not null,
  blobs integer not null,
  messages integer not null,
  created_at timestamptz not null
);
create index retention_audit_by_tenant on rental.retention_audit (tenant_id);

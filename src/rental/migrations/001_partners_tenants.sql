create schema if not exists rental;

-- A partner (DossierFacile's `user_api`): `name` is its OAuth2 client id. The secret is stored as an
-- argon2id hash only; it is printed once, by the command that creates the partner.
create table rental.partners (
  id serial primary key,
  name text not null unique,
  display_name text not null,
  callback_url text,
  callback_api_key text,
  secret_hash text not null,
  scopes text[] not null default '{api-partner}',
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- Token signing keys (ES256). The private JWK is sealed under the master key like any blob.
create table rental.signing_keys (
  kid text primary key,
  public_jwk jsonb not null,
  sealed_private bytea not null,
  master_key_id text not null,
  wrapped_key bytea not null,
  created_at timestamptz not null default now()
);

create table rental.apartment_sharings (
  id serial primary key,
  application_type text not null default 'ALONE',
  created_at timestamptz not null default now(),
  last_update_date timestamptz not null default now()
);

create table rental.tenants (
  id serial primary key,
  apartment_sharing_id integer not null references rental.apartment_sharings (id),
  email text unique,
  first_name text,
  last_name text,
  preferred_name text,
  zip_code text,
  abroad boolean,
  owner_type text not null default 'SELF',
  tenant_type text not null,
  status text not null default 'INCOMPLETE',
  honor_declaration boolean not null default false,
  clarification text,
  creation_date timestamptz not null default now(),
  last_update_date timestamptz not null default now()
);
create index tenants_by_apartment on rental.tenants (apartment_sharing_id);

-- Which partner may act on which tenant (DossierFacile's `tenant_userapi`).
create table rental.tenant_partners (
  tenant_id integer not null references rental.tenants (id) on delete cascade,
  partner_id integer not null references rental.partners (id) on delete cascade,
  access_granted_date timestamptz not null default now(),
  primary key (tenant_id, partner_id)
);
create index tenant_partners_by_partner on rental.tenant_partners (partner_id, tenant_id);

-- Tenant events the list endpoint reads after the tenant is gone (ACCOUNT_DELETE, PARTNER_ACCESS_REVOKED).
create table rental.tenant_logs (
  id serial primary key,
  tenant_id integer not null,
  log_type text not null,
  partner_ids integer[] not null default '{}',
  created_at timestamptz not null default now()
);
create index tenant_logs_by_type on rental.tenant_logs (log_type, created_at);

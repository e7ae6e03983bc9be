create schema if not exists broker;

create table broker.brokers (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

-- Keys are stored as SHA-256 hashes of the token; the token itself is shown once, at creation.
create table broker.api_keys (
  id text primary key,
  broker_id text not null references broker.brokers (id) on delete cascade,
  token_hash text not null unique,
  label text not null default '',
  allowed_origins text[] not null default '{}',
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_by_broker on broker.api_keys (broker_id);

-- A loan file: its content in the output shape of the guide, plus the list columns derived from it.
create table broker.dossiers (
  id text primary key,
  broker_id text not null references broker.brokers (id) on delete cascade,
  reference text not null,
  client boolean not null default false,
  content jsonb not null,
  emprunteur text,
  email text,
  natureprojet text,
  dateconditionsuspensive text,
  datesignature text,
  avancement integer not null,
  etape text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
-- The list is per broker, newest first, by either date; the id breaks ties so pages are stable.
create index dossiers_by_creation on broker.dossiers (broker_id, created_at desc, id desc);
create index dossiers_by_modification on broker.dossiers (broker_id, updated_at desc, id desc);

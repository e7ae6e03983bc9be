create schema if not exists particulier;

-- API tokens: the JWT carries the jti; this row is authoritative for scopes, expiry and revocation.
create table particulier.tokens (
  jti uuid primary key,
  name text not null,
  scopes text[] not null,
  -- When not empty, the only SIRETs this token may name as `recipient`.
  recipients text[] not null default '{}',
  -- When not empty, the only client addresses (CIDR) this token may be used from.
  allowed_ips text[] not null default '{}',
  -- Per-token quota per minute; null = the deployment's default.
  rate_limit_per_minute integer,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);

-- One row per call (traceability duty). Parameters are stored as a keyed hash, never in clear.
create table particulier.access_log (
  id bigserial primary key,
  at timestamptz not null,
  request_id text not null,
  token_jti uuid,
  operation text not null,
  recipient text,
  status integer not null,
  duration_ms real not null,
  params_hash text
);
create index access_log_by_token on particulier.access_log (token_jti, at);

-- Fixed-window rate-limit counters shared by every server process on one database.
create table particulier.rate_counters (
  bucket text not null,
  window_end bigint not null,
  count integer not null,
  primary key (bucket, window_end)
);

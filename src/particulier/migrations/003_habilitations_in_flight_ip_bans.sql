-- Tokens of one habilitation (DataPass authorization request) share its per-minute quota (spec §4).
alter table particulier.tokens add column habilitation text;
create index tokens_by_habilitation on particulier.tokens (habilitation) where habilitation is not null;

-- Calls in progress, shared by every server process on one database: a second identical call
-- (same subject, operation, recipient and parameters) while the first runs is refused with 409
-- 00015. A row outlives a crashed process only until `expires_at`.
create table particulier.in_flight (
  key text primary key,
  claimed_by text not null,
  expires_at timestamptz not null
);

-- Addresses banned for ignoring 429s (spec §4): no HTTP answer until `until`.
create table particulier.ip_bans (
  ip text primary key,
  until timestamptz not null,
  reason text not null,
  created_at timestamptz not null default now()
);

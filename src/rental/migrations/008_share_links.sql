-- Share links (§1.3, §10.3): who may open an apartment's file without an account. `PARTNER` links are
-- created when a partner is linked (one full, one light per apartment and partner); `LINK` ones by a
-- partner through the API. The token (256 random bits) is never stored in clear: `token_hash`
-- (SHA-256, enough for a random 256-bit secret) finds the link, and a sealed copy (AES-256-GCM under a
-- data key wrapped by the master key, like the blobs) lets Foyer show the URL again (the partner's
-- list, `dossierUrl` in every ApplicationModel). A dump of the database alone gives neither.
create table rental.share_links (
  id serial primary key,
  apartment_sharing_id integer not null references rental.apartment_sharings (id) on delete cascade,
  link_type text not null check (link_type in ('PARTNER', 'LINK')),
  full_data boolean not null,
  partner_id integer references rental.partners (id) on delete cascade,
  title text not null,
  token_hash text not null unique,
  token_sealed bytea not null,
  token_master_key_id text not null,
  token_wrapped_key bytea not null,
  expires_at timestamptz,
  revoked_at timestamptz,
  access_count integer not null default 0,
  last_access_at timestamptz,
  created_at timestamptz not null default now()
);
create index share_links_by_apartment on rental.share_links (apartment_sharing_id, id);
-- One live PARTNER link of each kind per (apartment, partner): two linkings at once create one.
create unique index share_links_partner_once on rental.share_links (apartment_sharing_id, partner_id, full_data)
  where link_type = 'PARTNER' and revoked_at is null;

-- The full-file PDF (§10.3), one per apartment. `full_pdf_version` counts invalidations: a generation
-- commits only if the version it read is still the current one. The PDF is stored as sealed parts
-- (`full_pdf_parts`) so that neither the generation nor the download holds the whole file in memory.
alter table rental.apartment_sharings
  add column full_pdf_status text not null default 'NONE',
  add column full_pdf_version integer not null default 0,
  add column full_pdf_pages integer,
  add column full_pdf_size bigint;

create table rental.full_pdf_parts (
  id serial primary key,
  apartment_sharing_id integer not null references rental.apartment_sharings (id) on delete cascade,
  version integer not null,
  seq integer not null,
  blob_key text not null unique,
  master_key_id text not null,
  wrapped_key bytea not null,
  size integer not null,
  unique (apartment_sharing_id, version, seq)
);

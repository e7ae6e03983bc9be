create table rental.guarantors (
  id serial primary key,
  tenant_id integer not null references rental.tenants (id) on delete cascade,
  type_guarantor text not null,
  -- NATURAL_PERSON: the guarantor; LEGAL_PERSON: the representative.
  first_name text,
  last_name text,
  legal_person_name text,
  created_at timestamptz not null default now()
);
create index guarantors_by_tenant on rental.guarantors (tenant_id);

-- A document belongs to a tenant or to one of its guarantors, never both.
create table rental.documents (
  id serial primary key,
  tenant_id integer references rental.tenants (id) on delete cascade,
  guarantor_id integer references rental.guarantors (id) on delete cascade,
  document_category text not null,
  document_sub_category text not null,
  document_category_step text,
  no_document boolean,
  custom_text text,
  monthly_sum integer,
  avis_detected boolean,
  document_status text not null default 'TO_PROCESS',
  last_modified_date timestamptz not null default now(),
  check ((tenant_id is null) <> (guarantor_id is null))
);
create index documents_by_tenant on rental.documents (tenant_id);
create index documents_by_guarantor on rental.documents (guarantor_id);

-- An uploaded original, sealed in the blob store; the envelope (wrapped data key) is kept here.
create table rental.files (
  id serial primary key,
  document_id integer not null references rental.documents (id) on delete cascade,
  blob_key text not null unique,
  master_key_id text not null,
  wrapped_key bytea not null,
  original_name text,
  content_type text not null,
  size integer not null,
  md5 text not null,
  number_of_pages integer not null,
  created_at timestamptz not null default now()
);
create index files_by_document on rental.files (document_id);

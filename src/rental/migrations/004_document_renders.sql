-- The watermarked PDF of each document (§10.1) and the thumbnail of each file (§10.2), rendered by the
-- `rental-document-render` job. `render_version` counts the changes that ask for a render; a render
-- commits only if it is still the version it read. `pdf_generation` counts the committed renders.
alter table rental.documents
  add column render_version integer not null default 0,
  add column pdf_generation integer not null default 0,
  add column pdf_blob_key text unique,
  add column pdf_master_key_id text,
  add column pdf_wrapped_key bytea,
  add column pdf_size integer,
  add column pdf_pages integer,
  add column pdf_download_name text,
  -- The last render failure (a DocumentError code), for operators; cleared by a successful render.
  add column render_error text,
  add column render_failed_at timestamptz;

alter table rental.files
  add column thumbnail_blob_key text unique,
  add column thumbnail_master_key_id text,
  add column thumbnail_wrapped_key bytea,
  add column thumbnail_size integer;

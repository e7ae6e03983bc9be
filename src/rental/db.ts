import type { Generated, Kysely, Selectable } from 'kysely';

/** The rental schema's tables, as Kysely sees them. */
export interface RentalTables {
  'rental.partners': {
    id: Generated<number>;
    name: string;
    display_name: string;
    callback_url: string | null;
    callback_api_key: string | null;
    secret_hash: string;
    scopes: Generated<string[]>;
    disabled: Generated<boolean>;
    created_at: Generated<Date>;
  };
  'rental.signing_keys': {
    kid: string;
    public_jwk: unknown;
    sealed_private: Buffer;
    master_key_id: string;
    wrapped_key: Buffer;
    created_at: Generated<Date>;
  };
  'rental.apartment_sharings': {
    id: Generated<number>;
    application_type: Generated<string>;
    created_at: Generated<Date>;
    last_update_date: Generated<Date>;
  };
  'rental.tenants': {
    id: Generated<number>;
    apartment_sharing_id: number;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    preferred_name: string | null;
    zip_code: string | null;
    abroad: boolean | null;
    owner_type: Generated<string>;
    tenant_type: string;
    status: Generated<string>;
    honor_declaration: Generated<boolean>;
    clarification: string | null;
    creation_date: Generated<Date>;
    last_update_date: Generated<Date>;
  };
  'rental.tenant_partners': { tenant_id: number; partner_id: number; access_granted_date: Generated<Date> };
  'rental.tenant_logs': { id: Generated<number>; tenant_id: number; log_type: string; partner_ids: number[]; created_at: Generated<Date> };
  'rental.guarantors': {
    id: Generated<number>;
    tenant_id: number;
    type_guarantor: string;
    first_name: string | null;
    last_name: string | null;
    legal_person_name: string | null;
    created_at: Generated<Date>;
  };
  'rental.documents': {
    id: Generated<number>;
    tenant_id: number | null;
    guarantor_id: number | null;
    document_category: string;
    document_sub_category: string;
    document_category_step: string | null;
    no_document: boolean | null;
    custom_text: string | null;
    monthly_sum: number | null;
    avis_detected: boolean | null;
    document_status: Generated<string>;
    last_modified_date: Generated<Date>;
    render_version: Generated<number>;
    pdf_generation: Generated<number>;
    pdf_blob_key: Generated<string | null>;
    pdf_master_key_id: Generated<string | null>;
    pdf_wrapped_key: Generated<Buffer | null>;
    pdf_size: Generated<number | null>;
    pdf_pages: Generated<number | null>;
    pdf_download_name: Generated<string | null>;
    render_error: Generated<string | null>;
    render_failed_at: Generated<Date | null>;
  };
  'rental.files': {
    id: Generated<number>;
    document_id: number;
    blob_key: string;
    master_key_id: string;
    wrapped_key: Buffer;
    original_name: string | null;
    content_type: string;
    size: number;
    md5: string;
    number_of_pages: number;
    created_at: Generated<Date>;
    thumbnail_blob_key: Generated<string | null>;
    thumbnail_master_key_id: Generated<string | null>;
    thumbnail_wrapped_key: Generated<Buffer | null>;
    thumbnail_size: Generated<number | null>;
  };
  'rental.messages': {
    id: Generated<number>;
    tenant_id: number;
    message_body: string;
    type_message: string;
    status: Generated<string>;
    creation_date_time: Generated<Date>;
  };
  'rental.webhook_events': {
    id: Generated<string>;
    webhook_id: string;
    partner_id: number;
    tenant_id: number;
    apartment_sharing_id: number;
    event_type: string;
    created_at: Generated<Date>;
    state: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    lease_until: Date | null;
    lease_token: string | null;
    delivered_at: Date | null;
    dead_at: Date | null;
    last_error: string | null;
    payload_sealed: Buffer | null;
    payload_master_key_id: string | null;
    payload_wrapped_key: Buffer | null;
    payload_erased_at: Date | null;
  };
  'rental.webhook_attempts': {
    id: Generated<string>;
    event_id: string;
    attempt: number;
    started_at: Date;
    duration_ms: number;
    status_code: number | null;
    outcome: string;
    error: string | null;
  };
  'rental.partner_webhook_secrets': {
    id: Generated<number>;
    partner_id: number;
    sealed_secret: Buffer;
    master_key_id: string;
    wrapped_key: Buffer;
    created_at: Generated<Date>;
    retires_at: Date | null;
  };
}

export type RentalDb = Kysely<RentalTables>;

/** A row of a rental table as read. */
export type Row<T extends keyof RentalTables> = Selectable<RentalTables[T]>;

export const asRentalDb = (db: Kysely<unknown>) => db as unknown as RentalDb;

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
    full_pdf_status: Generated<string>;
    full_pdf_version: Generated<number>;
    full_pdf_pages: Generated<number | null>;
    full_pdf_size: Generated<string | number | null>;
  };
  'rental.share_links': {
    id: Generated<number>;
    apartment_sharing_id: number;
    link_type: 'PARTNER' | 'LINK';
    full_data: boolean;
    partner_id: number | null;
    title: string;
    token_hash: string;
    token_sealed: Buffer;
    token_master_key_id: string;
    token_wrapped_key: Buffer;
    expires_at: Date | null;
    revoked_at: Generated<Date | null>;
    access_count: Generated<number>;
    last_access_at: Generated<Date | null>;
    created_at: Generated<Date>;
  };
  'rental.full_pdf_parts': {
    id: Generated<number>;
    apartment_sharing_id: number;
    version: number;
    seq: number;
    blob_key: string;
    master_key_id: string;
    wrapped_key: Buffer;
    size: number;
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
    /** The inactivity clock (§11.1): the last write on the file; null: none since `creation_date`. */
    last_activity_date: Generated<Date | null>;
    warnings: Generated<number>;
    last_warning_date: Generated<Date | null>;
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
  'rental.document_denied_options': {
    id: Generated<number>;
    code: string;
    message_value: string;
    document_category: string;
    document_sub_category: string | null;
    document_user_type: string;
    disabled: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'rental.document_denied_reasons': {
    id: Generated<number>;
    document_id: number;
    message_id: number | null;
    checked_options: string[];
    checked_options_id: number[];
    checked_codes: string[];
    comment: string | null;
    message_data: Generated<boolean>;
    document_category: string;
    document_sub_category: string;
    document_category_step: string | null;
    document_tenant_type: string;
    created_at: Generated<Date>;
  };
  'rental.operator_audit': {
    id: Generated<string>;
    operator_id: number;
    action: string;
    tenant_id: number;
    document_id: number | null;
    decision: string | null;
    details: unknown;
    created_at: Generated<Date>;
  };
  'rental.retention_warnings': { id: Generated<string>; tenant_id: number; warning: number; inactive_since: Date; created_at: Date };
  'rental.retention_audit': {
    id: Generated<string>;
    action: 'ARCHIVE' | 'DELETE';
    reason: string;
    tenant_id: number;
    apartment_sharing_id: number;
    documents: number;
    guarantors: number;
    files: number;
    blobs: number;
    messages: number;
    created_at: Date;
  };
}

export type RentalDb = Kysely<RentalTables>;

/** A row of a rental table as read. */
export type Row<T extends keyof RentalTables> = Selectable<RentalTables[T]>;

export const asRentalDb = (db: Kysely<unknown>) => db as unknown as RentalDb;

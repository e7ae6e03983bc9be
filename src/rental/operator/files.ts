import type { RentalDb } from '../db.ts';
import { listMessages, type MessageModel } from '../messages/messages.ts';
import { TENANT_FILE_STATUSES, type TenantFileStatus } from '../status/status.ts';
import { OperatorDeskError } from './errors.ts';
import { fileVersion } from './version.ts';

export interface FileListQuery {
  /** Default TO_PROCESS. */
  status?: TenantFileStatus;
  partnerId?: number;
  /** The opaque `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface FileListItem {
  tenantId: number;
  apartmentSharingId: number;
  firstName: string | null;
  lastName: string | null;
  status: string;
  tenantType: string;
  lastUpdateDate: string;
  partnerIds: number[];
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id < 2 ** 31;

/** `{iso date}|{id}`, base64url: the last row of a page. */
function decodeCursor(cursor: string): { date: Date; id: number } {
  const [date, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(date ?? '');
  const n = Number(id);
  if (!date || Number.isNaN(at.getTime()) || !validId(n)) throw new OperatorDeskError('INVALID', 'cursor: not a cursor this list returned');
  return { date: at, id: n };
}
const encodeCursor = (date: Date, id: number) => Buffer.from(`${date.toISOString()}|${id}`).toString('base64url');

/**
 * Tenant files, oldest update first (the file waiting the longest comes first), by status (default
 * TO_PROCESS) and optionally by partner, one bounded page at a time with a keyset cursor.
 */
export async function listFiles(db: RentalDb, query: FileListQuery): Promise<{ items: FileListItem[]; nextCursor: string | null }> {
  const status = query.status ?? 'TO_PROCESS';
  if (!TENANT_FILE_STATUSES.includes(status)) throw new OperatorDeskError('INVALID', 'status: unknown status');
  let rows = db
    .selectFrom('rental.tenants as t')
    .select(['t.id', 't.apartment_sharing_id', 't.first_name', 't.last_name', 't.status', 't.tenant_type', 't.last_update_date'])
    .where('t.status', '=', status)
    .orderBy('t.last_update_date')
    .orderBy('t.id')
    .limit(query.limit + 1);
  if (query.partnerId !== undefined) {
    const partnerId = query.partnerId;
    rows = rows.where((eb) => eb.exists(eb.selectFrom('rental.tenant_partners as tp').select('tp.tenant_id').whereRef('tp.tenant_id', '=', 't.id').where('tp.partner_id', '=', partnerId)));
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    rows = rows.where((eb) => eb.or([eb('t.last_update_date', '>', after.date), eb.and([eb('t.last_update_date', '=', after.date), eb('t.id', '>', after.id)])]));
  }
  const found = await rows.execute();
  const page = found.slice(0, query.limit);
  const links = page.length
    ? await db.selectFrom('rental.tenant_partners').select(['tenant_id', 'partner_id']).where('tenant_id', 'in', page.map((r) => r.id)).orderBy('partner_id').execute()
    : [];
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      tenantId: r.id,
      apartmentSharingId: r.apartment_sharing_id,
      firstName: r.first_name,
      lastName: r.last_name,
      status: r.status,
      tenantType: r.tenant_type,
      lastUpdateDate: r.last_update_date.toISOString(),
      partnerIds: links.filter((l) => l.tenant_id === r.id).map((l) => l.partner_id),
    })),
    nextCursor: found.length > query.limit && last ? encodeCursor(last.last_update_date, last.id) : null,
  };
}

export interface OperatorFile {
  /** Carry it back in the decision: a file changed since is refused (409). */
  version: string;
  tenant: {
    id: number;
    apartmentSharingId: number;
    applicationType: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    preferredName: string | null;
    tenantType: string;
    status: string;
    honorDeclaration: boolean;
    clarification: string | null;
    creationDate: string;
    lastUpdateDate: string;
  };
  coTenants: { id: number; firstName: string | null; lastName: string | null; tenantType: string; status: string }[];
  partners: { id: number; name: string; displayName: string }[];
  documents: OperatorDocument[];
  guarantors: { id: number; typeGuarantor: string; firstName: string | null; lastName: string | null; legalPersonName: string | null; documents: OperatorDocument[] }[];
  messages: MessageModel[];
}

export interface OperatorDocument {
  id: number;
  documentCategory: string;
  documentSubCategory: string;
  documentCategoryStep: string | null;
  documentStatus: string;
  noDocument: boolean | null;
  customText: string | null;
  monthlySum: number | null;
  lastModifiedDate: string;
  /** The watermarked PDF has been rendered (its route answers 404 until then). */
  rendered: boolean;
  /** The last processing failure (a document error code) and when it happened; null when the last render succeeded. */
  renderError: string | null;
  renderFailedAt: string | null;
  files: { id: number; originalName: string | null; contentType: string; size: number; numberOfPages: number }[];
  /** The last denial of this document (what the tenant was asked to fix), or null. */
  lastDenial: { createdAt: string; options: { id: number; code: string; label: string }[]; comment: string | null } | null;
}

/** A tenant file as an operator reviews it: the tenant, its co-tenants, every document with its files, guarantors and messages. */
export async function openFile(db: RentalDb, tenantId: number): Promise<OperatorFile> {
  if (!validId(tenantId)) throw new OperatorDeskError('NOT_FOUND', 'Tenant not found');
  const tenant = await db
    .selectFrom('rental.tenants as t')
    .innerJoin('rental.apartment_sharings as a', 'a.id', 't.apartment_sharing_id')
    .selectAll('t')
    .select('a.application_type')
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant) throw new OperatorDeskError('NOT_FOUND', 'Tenant not found');
  const version = (await fileVersion(db, tenantId))!;
  const coTenants = await db
    .selectFrom('rental.tenants')
    .select(['id', 'first_name', 'last_name', 'tenant_type', 'status'])
    .where('apartment_sharing_id', '=', tenant.apartment_sharing_id)
    .where('id', '<>', tenantId)
    .orderBy('id')
    .execute();
  const partners = await db
    .selectFrom('rental.tenant_partners as tp')
    .innerJoin('rental.partners as p', 'p.id', 'tp.partner_id')
    .select(['p.id', 'p.name', 'p.display_name'])
    .where('tp.tenant_id', '=', tenantId)
    .orderBy('p.id')
    .execute();
  const guarantors = await db.selectFrom('rental.guarantors').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  const documents = await db
    .selectFrom('rental.documents')
    .selectAll()
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), ...(guarantors.length ? [eb('guarantor_id', 'in', guarantors.map((g) => g.id))] : [])]))
    .orderBy('id')
    .execute();
  const files = documents.length
    ? await db
        .selectFrom('rental.files')
        .select(['id', 'document_id', 'original_name', 'content_type', 'size', 'number_of_pages'])
        .where(
          'document_id',
          'in',
          documents.map((d) => d.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const denials = documents.length
    ? await db
        .selectFrom('rental.document_denied_reasons')
        .select(['document_id', 'checked_options', 'checked_options_id', 'checked_codes', 'comment', 'created_at'])
        .where(
          'document_id',
          'in',
          documents.map((d) => d.id),
        )
        .orderBy('id', 'desc')
        .execute()
    : [];
  const lastDenial = (documentId: number): OperatorDocument['lastDenial'] => {
    const row = denials.find((r) => r.document_id === documentId);
    if (!row) return null;
    return {
      createdAt: row.created_at.toISOString(),
      options: row.checked_options_id.map((id, i) => ({ id, code: row.checked_codes[i] ?? '', label: row.checked_options[i] ?? '' })),
      comment: row.comment,
    };
  };
  const documentModel = (d: (typeof documents)[number]): OperatorDocument => ({
    id: d.id,
    documentCategory: d.document_category,
    documentSubCategory: d.document_sub_category,
    documentCategoryStep: d.document_category_step,
    documentStatus: d.document_status,
    noDocument: d.no_document,
    customText: d.custom_text,
    monthlySum: d.monthly_sum,
    lastModifiedDate: d.last_modified_date.toISOString(),
    rendered: d.pdf_blob_key !== null,
    renderError: d.render_error,
    renderFailedAt: d.render_failed_at?.toISOString() ?? null,
    files: files.filter((f) => f.document_id === d.id).map((f) => ({ id: f.id, originalName: f.original_name, contentType: f.content_type, size: f.size, numberOfPages: f.number_of_pages })),
    lastDenial: lastDenial(d.id),
  });
  return {
    version,
    tenant: {
      id: tenant.id,
      apartmentSharingId: tenant.apartment_sharing_id,
      applicationType: tenant.application_type,
      email: tenant.email,
      firstName: tenant.first_name,
      lastName: tenant.last_name,
      preferredName: tenant.preferred_name,
      tenantType: tenant.tenant_type,
      status: tenant.status,
      honorDeclaration: tenant.honor_declaration,
      clarification: tenant.clarification,
      creationDate: tenant.creation_date.toISOString(),
      lastUpdateDate: tenant.last_update_date.toISOString(),
    },
    coTenants: coTenants.map((c) => ({ id: c.id, firstName: c.first_name, lastName: c.last_name, tenantType: c.tenant_type, status: c.status })),
    partners: partners.map((p) => ({ id: p.id, name: p.name, displayName: p.display_name })),
    documents: documents.filter((d) => d.tenant_id === tenantId).map(documentModel),
    guarantors: guarantors.map((g) => ({
      id: g.id,
      typeGuarantor: g.type_guarantor,
      firstName: g.first_name,
      lastName: g.last_name,
      legalPersonName: g.legal_person_name,
      documents: documents.filter((d) => d.guarantor_id === g.id).map(documentModel),
    })),
    messages: await listMessages(db, tenantId),
  };
}

/** The original upload of a file of the tenant or of its guarantors; undefined when it is not theirs. */
export async function originalOf(db: RentalDb, tenantId: number, fileId: number) {
  if (!validId(tenantId) || !validId(fileId)) return undefined;
  const file = await db
    .selectFrom('rental.files as f')
    .innerJoin('rental.documents as d', 'd.id', 'f.document_id')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select(['f.blob_key', 'f.master_key_id', 'f.wrapped_key', 'f.content_type', 'f.original_name'])
    .where('f.id', '=', fileId)
    .where((eb) => eb.or([eb('d.tenant_id', '=', tenantId), eb('g.tenant_id', '=', tenantId)]))
    .executeTakeFirst();
  if (!file) return undefined;
  return { key: file.blob_key, envelope: { keyId: file.master_key_id, wrappedKey: Buffer.from(file.wrapped_key) }, contentType: file.content_type };
}

/** The watermarked PDF of a document of the tenant or of its guarantors; undefined when not theirs or not rendered yet. */
export async function pdfOf(db: RentalDb, tenantId: number, documentId: number) {
  if (!validId(tenantId) || !validId(documentId)) return undefined;
  const d = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select(['d.pdf_blob_key', 'd.pdf_master_key_id', 'd.pdf_wrapped_key', 'd.pdf_download_name'])
    .where('d.id', '=', documentId)
    .where((eb) => eb.or([eb('d.tenant_id', '=', tenantId), eb('g.tenant_id', '=', tenantId)]))
    .executeTakeFirst();
  if (!d?.pdf_blob_key || !d.pdf_master_key_id || !d.pdf_wrapped_key) return undefined;
  return { key: d.pdf_blob_key, envelope: { keyId: d.pdf_master_key_id, wrappedKey: Buffer.from(d.pdf_wrapped_key) }, downloadName: d.pdf_download_name ?? `document_${documentId}.pdf` };
}

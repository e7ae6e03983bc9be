import type { RentalDb } from '../db.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';

/** One document of a shared file, with what its watermarked PDF needs. */
export interface SharedDocument {
  id: number;
  tenantId: number;
  guarantorId: number | null;
  category: string;
  subCategory: string;
  status: string;
  monthlySum: number | null;
  pdf: { key: string; keyId: string; wrappedKey: Buffer; pages: number | null } | null;
  files: { id: number; hasPreview: boolean }[];
}

export interface SharedGuarantor {
  id: number;
  tenantId: number;
  typeGuarantor: string;
  firstName: string | null;
  lastName: string | null;
  legalPersonName: string | null;
}

export interface SharedTenant {
  id: number;
  firstName: string | null;
  lastName: string | null;
  preferredName: string | null;
  tenantType: string;
  status: string;
  clarification: string | null;
}

/** An apartment's whole file as a landlord may see it (§1.3 links, §10.3 summary). */
export interface SharedFile {
  id: number;
  applicationType: string;
  status: string;
  fullPdfStatus: string;
  fullPdfVersion: number;
  tenants: SharedTenant[];
  guarantors: SharedGuarantor[];
  /** Tenant by tenant: its own documents (category order), then its guarantors' documents. */
  documents: SharedDocument[];
}

const CATEGORY_ORDER = ['IDENTIFICATION', 'IDENTIFICATION_LEGAL_PERSON', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX', 'GUARANTEE_PROVIDER_CERTIFICATE'];
const rank = (category: string) => (CATEGORY_ORDER.indexOf(category) + 1 || CATEGORY_ORDER.length + 1);

export async function loadSharedFile(db: RentalDb, apartmentId: number): Promise<SharedFile | undefined> {
  const apartment = await db.selectFrom('rental.apartment_sharings').select(['id', 'application_type', 'full_pdf_status', 'full_pdf_version']).where('id', '=', apartmentId).executeTakeFirst();
  if (!apartment) return undefined;
  const tenants = await db
    .selectFrom('rental.tenants')
    .select(['id', 'first_name', 'last_name', 'preferred_name', 'tenant_type', 'status', 'clarification'])
    .where('apartment_sharing_id', '=', apartmentId)
    .orderBy('id')
    .execute();
  const ids = tenants.map((t) => t.id);
  const guarantors = ids.length
    ? await db.selectFrom('rental.guarantors').select(['id', 'tenant_id', 'type_guarantor', 'first_name', 'last_name', 'legal_person_name']).where('tenant_id', 'in', ids).orderBy('id').execute()
    : [];
  const guarantorIds = guarantors.map((g) => g.id);
  const rows = ids.length
    ? await db
        .selectFrom('rental.documents')
        .select(['id', 'tenant_id', 'guarantor_id', 'document_category', 'document_sub_category', 'document_status', 'monthly_sum', 'pdf_blob_key', 'pdf_master_key_id', 'pdf_wrapped_key', 'pdf_pages'])
        .where((eb) => eb.or([eb('tenant_id', 'in', ids), ...(guarantorIds.length ? [eb('guarantor_id', 'in', guarantorIds)] : [])]))
        .orderBy('id')
        .execute()
    : [];
  const files = rows.length
    ? await db.selectFrom('rental.files').select(['id', 'document_id', 'thumbnail_blob_key']).where('document_id', 'in', rows.map((d) => d.id)).orderBy('id').execute()
    : [];
  const tenantOfGuarantor = new Map(guarantors.map((g) => [g.id, g.tenant_id]));
  const documents: SharedDocument[] = rows.map((d) => ({
    id: d.id,
    tenantId: d.tenant_id ?? tenantOfGuarantor.get(d.guarantor_id!)!,
    guarantorId: d.guarantor_id,
    category: d.document_category,
    subCategory: d.document_sub_category,
    status: d.document_status,
    monthlySum: d.monthly_sum,
    pdf: d.pdf_blob_key && d.pdf_master_key_id && d.pdf_wrapped_key ? { key: d.pdf_blob_key, keyId: d.pdf_master_key_id, wrappedKey: Buffer.from(d.pdf_wrapped_key), pages: d.pdf_pages } : null,
    files: files.filter((f) => f.document_id === d.id).map((f) => ({ id: f.id, hasPreview: f.thumbnail_blob_key !== null })),
  }));
  const order = (d: SharedDocument) => [ids.indexOf(d.tenantId), d.guarantorId === null ? 0 : guarantorIds.indexOf(d.guarantorId) + 1, rank(d.category), d.id];
  documents.sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
  return {
    id: apartment.id,
    applicationType: apartment.application_type,
    status: apartmentStatus(tenants.map((t) => t.status as TenantFileStatus)),
    fullPdfStatus: apartment.full_pdf_status,
    fullPdfVersion: apartment.full_pdf_version,
    tenants: tenants.map((t) => ({ id: t.id, firstName: t.first_name, lastName: t.last_name, preferredName: t.preferred_name, tenantType: t.tenant_type, status: t.status, clarification: t.clarification })),
    guarantors: guarantors.map((g) => ({ id: g.id, tenantId: g.tenant_id, typeGuarantor: g.type_guarantor, firstName: g.first_name, lastName: g.last_name, legalPersonName: g.legal_person_name })),
    documents,
  };
}

/** "Le dossier en un clin d'œil" (§10.3): the dossier type, the tenants' cumulated monthly net income, the guarantors. */
export function summaryOf(file: SharedFile) {
  const income = (owner: (d: SharedDocument) => boolean) =>
    file.documents.filter((d) => owner(d) && d.category === 'FINANCIAL').reduce((sum, d) => sum + (d.monthlySum ?? 0), 0);
  return {
    applicationType: file.applicationType,
    monthlyNetIncome: income((d) => d.guarantorId === null),
    guarantors: file.guarantors.map((g) => ({
      typeGuarantor: g.typeGuarantor,
      name: guarantorName(g),
      ofTenant: personName(file.tenants.find((t) => t.id === g.tenantId)!),
      monthlyNetIncome: income((d) => d.guarantorId === g.id),
    })),
  };
}

export const personName = (p: { firstName: string | null; lastName: string | null }) => [p.firstName, p.lastName].filter(Boolean).join(' ');
export const guarantorName = (g: SharedGuarantor) => (g.typeGuarantor === 'NATURAL_PERSON' ? personName(g) : (g.legalPersonName ?? personName(g))) || 'garant';

/** §10.3: every tenant VALIDATED and every document rendered. */
export const fullPdfEligible = (file: SharedFile) => file.tenants.length > 0 && file.tenants.every((t) => t.status === 'VALIDATED') && file.documents.every((d) => d.pdf !== null);

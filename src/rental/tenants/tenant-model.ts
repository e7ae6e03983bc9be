import type { RentalDb } from '../db.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';
import { jacksonLocalDateTime } from './local-date-time.ts';

type TenantRow = {
  id: number;
  apartment_sharing_id: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
  zip_code: string | null;
  abroad: boolean | null;
  owner_type: string;
  tenant_type: string;
  status: string;
  honor_declaration: boolean;
  clarification: string | null;
  last_update_date: Date;
};

/** `@JsonInclude(NON_NULL)`: null (and undefined) fields are left out, in the model's key order. */
function nonNull<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

type DocumentRow = {
  id: number;
  tenant_id: number | null;
  guarantor_id: number | null;
  document_category: string;
  document_sub_category: string;
  document_category_step: string | null;
  no_document: boolean | null;
  custom_text: string | null;
  monthly_sum: number | null;
  document_status: string;
};
type GuarantorRow = { id: number; tenant_id: number; type_guarantor: string; first_name: string | null; last_name: string | null; legal_person_name: string | null };

/** Documents and guarantors of an apartment's tenants, by owner. */
export interface Holdings {
  documentsOfTenant(tenantId: number): unknown[];
  guarantorsOf(tenantId: number): unknown[];
}

/** `DocumentModel` (§5.1) for a partner: `name` (the PDF URL) is null until a PDF exists, `files` is null for partners. */
function documentModel(d: DocumentRow) {
  return nonNull({
    id: d.id,
    documentCategory: d.document_category,
    documentSubCategory: d.document_sub_category,
    subCategory: d.document_sub_category,
    documentCategoryStep: d.document_category_step,
    noDocument: d.no_document,
    customText: d.custom_text,
    monthlySum: d.monthly_sum,
    documentStatus: d.document_status,
  });
}

export async function loadHoldings(db: RentalDb, tenantIds: number[]): Promise<Holdings> {
  const guarantors = (tenantIds.length
    ? await db.selectFrom('rental.guarantors').select(['id', 'tenant_id', 'type_guarantor', 'first_name', 'last_name', 'legal_person_name']).where('tenant_id', 'in', tenantIds).orderBy('id').execute()
    : []) as GuarantorRow[];
  const guarantorIds = guarantors.map((g) => g.id);
  const documents = (await db
    .selectFrom('rental.documents')
    .select(['id', 'tenant_id', 'guarantor_id', 'document_category', 'document_sub_category', 'document_category_step', 'no_document', 'custom_text', 'monthly_sum', 'document_status'])
    .where((eb) => eb.or([...(tenantIds.length ? [eb('tenant_id', 'in', tenantIds)] : []), ...(guarantorIds.length ? [eb('guarantor_id', 'in', guarantorIds)] : [])]))
    .orderBy('id')
    .execute()) as DocumentRow[];
  return {
    documentsOfTenant: (tenantId) => documents.filter((d) => d.tenant_id === tenantId).map(documentModel),
    guarantorsOf: (tenantId) =>
      guarantors
        .filter((g) => g.tenant_id === tenantId)
        .map((g) =>
          nonNull({
            id: g.id,
            firstName: g.first_name,
            lastName: g.last_name,
            legalPersonName: g.legal_person_name,
            typeGuarantor: g.type_guarantor,
            documents: documents.filter((d) => d.guarantor_id === g.id).map(documentModel),
          }),
        ),
  };
}

/** `TenantModel` (§5.1) of one tenant, as every register step and `/profile` answer it. */
export async function loadTenantModel(db: RentalDb, tenantId: number): Promise<Record<string, unknown>> {
  const tenant = await db.selectFrom('rental.tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
  const apartment = await db.selectFrom('rental.apartment_sharings').selectAll().where('id', '=', tenant.apartment_sharing_id).executeTakeFirstOrThrow();
  const members = await db.selectFrom('rental.tenants').selectAll().where('apartment_sharing_id', '=', apartment.id).orderBy('id').execute();
  const holdings = await loadHoldings(db, members.map((m) => m.id));
  return tenantModel(tenant as TenantRow, apartment, members as TenantRow[], holdings);
}

export function tenantModel(
  tenant: TenantRow,
  apartment: { id: number; application_type: string },
  members: readonly TenantRow[],
  holdings: Holdings,
): Record<string, unknown> {
  return nonNull({
    id: tenant.id,
    firstName: tenant.first_name,
    lastName: tenant.last_name,
    preferredName: tenant.preferred_name,
    ownerType: tenant.owner_type,
    zipCode: tenant.zip_code,
    abroad: tenant.abroad,
    email: tenant.email,
    tenantType: tenant.tenant_type,
    status: tenant.status,
    honorDeclaration: tenant.honor_declaration,
    lastUpdateDate: jacksonLocalDateTime(tenant.last_update_date),
    clarification: tenant.clarification,
    franceConnect: false,
    apartmentSharing: nonNull({
      id: apartment.id,
      applicationType: apartment.application_type,
      // token, tokenPublic, dossierUrl, dossierPdfUrl: only for a VALIDATED file with share links (a later issue).
      status: apartmentStatus(members.map((m) => m.status as TenantFileStatus)),
      tenants: members.map((m) =>
        nonNull({
          id: m.id,
          firstName: m.first_name,
          lastName: m.last_name,
          preferredName: m.preferred_name,
          email: m.email,
          tenantType: m.tenant_type,
          status: m.status,
          ownerType: m.owner_type,
          franceConnect: false,
          // The entry of the tenant itself carries no documents or guarantors (they are at the top level).
          documents: m.id === tenant.id ? null : holdings.documentsOfTenant(m.id),
          guarantors: m.id === tenant.id ? null : holdings.guarantorsOf(m.id),
        }),
      ),
    }),
    documents: holdings.documentsOfTenant(tenant.id),
    guarantors: holdings.guarantorsOf(tenant.id),
  });
}

import type { RentalDb } from '../db.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';
import { applicationDateTime } from './local-date-time.ts';

const nonNull = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

type Doc = { id: number; tenant_id: number | null; guarantor_id: number | null; document_category: string; document_sub_category: string; document_category_step: string | null; custom_text: string | null; monthly_sum: number | null; document_status: string };

const documentModel = (d: Doc) =>
  nonNull({
    id: d.id,
    documentCategory: d.document_category,
    documentSubCategory: d.document_sub_category,
    subCategory: d.document_sub_category,
    documentCategoryStep: d.document_category_step,
    customText: d.custom_text,
    monthlySum: d.monthly_sum,
    documentStatus: d.document_status,
    // name: the watermarked PDF's URL, null until the PDF exists (next issue).
  });

/**
 * `ApplicationModel` (§5.2): the apartment, its tenants with `partnerLinked` for this partner, their
 * documents and guarantors; no deny reasons, analysis or files; dates `yyyy-MM-dd'T'HH:mm:ss.SSSSSS`.
 */
export async function loadApplicationModel(db: RentalDb, apartmentId: number, partnerId: number): Promise<Record<string, unknown>> {
  const apartment = await db.selectFrom('rental.apartment_sharings').selectAll().where('id', '=', apartmentId).executeTakeFirstOrThrow();
  const tenants = await db.selectFrom('rental.tenants').selectAll().where('apartment_sharing_id', '=', apartmentId).orderBy('id').execute();
  const ids = tenants.map((t) => t.id);
  const links = await db.selectFrom('rental.tenant_partners').select('tenant_id').where('tenant_id', 'in', ids).where('partner_id', '=', partnerId).execute();
  const guarantors = await db.selectFrom('rental.guarantors').selectAll().where('tenant_id', 'in', ids).orderBy('id').execute();
  const gIds = guarantors.map((g) => g.id);
  const docs = (await db
    .selectFrom('rental.documents')
    .selectAll()
    .where((eb) => eb.or([eb('tenant_id', 'in', ids), ...(gIds.length ? [eb('guarantor_id', 'in', gIds)] : [])]))
    .orderBy('id')
    .execute()) as Doc[];
  return nonNull({
    id: apartment.id,
    applicationType: apartment.application_type,
    status: apartmentStatus(tenants.map((t) => t.status as TenantFileStatus)),
    lastUpdateDate: applicationDateTime(apartment.last_update_date),
    tenants: tenants.map((t) =>
      nonNull({
        id: t.id,
        firstName: t.first_name,
        lastName: t.last_name,
        preferredName: t.preferred_name,
        zipCode: t.zip_code,
        abroad: t.abroad,
        email: t.email,
        tenantType: t.tenant_type,
        franceConnect: false,
        ownerType: t.owner_type,
        status: t.status,
        honorDeclaration: t.honor_declaration,
        clarification: t.clarification,
        lastUpdateDate: applicationDateTime(t.last_update_date),
        partnerLinked: links.some((l) => l.tenant_id === t.id),
        documents: docs.filter((d) => d.tenant_id === t.id).map(documentModel),
        guarantors: guarantors
          .filter((g) => g.tenant_id === t.id)
          .map((g) =>
            nonNull({
              id: g.id,
              firstName: g.first_name,
              lastName: g.last_name,
              legalPersonName: g.legal_person_name,
              typeGuarantor: g.type_guarantor,
              documents: docs.filter((d) => d.guarantor_id === g.id).map(documentModel),
            }),
          ),
      }),
    ),
  });
}

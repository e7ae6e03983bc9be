import type { RentalDb, Row } from '../db.ts';

/** `@JsonInclude(NON_NULL)`: null (and undefined) fields are left out, in the model's key order. */
export function nonNull<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** Which model the documents are shaped for: `TenantModel` (§5.1) shows `noDocument`, `ApplicationModel` (§5.2) does not. */
export type ModelShape = 'tenant' | 'application';

type DocumentRow = Pick<
  Row<'rental.documents'>,
  'id' | 'tenant_id' | 'guarantor_id' | 'document_category' | 'document_sub_category' | 'document_category_step' | 'no_document' | 'custom_text' | 'monthly_sum' | 'document_status'
>;

/** `DocumentModel` for a partner: `name` (the PDF URL) is null until a PDF exists (next issue), `files` is null for partners. */
function documentModel(d: DocumentRow, shape: ModelShape) {
  return nonNull({
    id: d.id,
    documentCategory: d.document_category,
    documentSubCategory: d.document_sub_category,
    subCategory: d.document_sub_category,
    documentCategoryStep: d.document_category_step,
    noDocument: shape === 'tenant' ? d.no_document : null,
    customText: d.custom_text,
    monthlySum: d.monthly_sum,
    documentStatus: d.document_status,
  });
}

/** Documents and guarantors of an apartment's tenants, by owner. */
export interface Holdings {
  documentsOfTenant(tenantId: number): unknown[];
  guarantorsOf(tenantId: number): unknown[];
}

export async function loadHoldings(db: RentalDb, tenantIds: number[], shape: ModelShape): Promise<Holdings> {
  const guarantors = tenantIds.length
    ? await db.selectFrom('rental.guarantors').select(['id', 'tenant_id', 'type_guarantor', 'first_name', 'last_name', 'legal_person_name']).where('tenant_id', 'in', tenantIds).orderBy('id').execute()
    : [];
  const guarantorIds = guarantors.map((g) => g.id);
  const documents: DocumentRow[] = await db
    .selectFrom('rental.documents')
    .select(['id', 'tenant_id', 'guarantor_id', 'document_category', 'document_sub_category', 'document_category_step', 'no_document', 'custom_text', 'monthly_sum', 'document_status'])
    .where((eb) => eb.or([...(tenantIds.length ? [eb('tenant_id', 'in', tenantIds)] : []), ...(guarantorIds.length ? [eb('guarantor_id', 'in', guarantorIds)] : [])]))
    .orderBy('id')
    .execute();
  const model = (d: DocumentRow) => documentModel(d, shape);
  return {
    documentsOfTenant: (tenantId) => documents.filter((d) => d.tenant_id === tenantId).map(model),
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
            documents: documents.filter((d) => d.guarantor_id === g.id).map(model),
          }),
        ),
  };
}

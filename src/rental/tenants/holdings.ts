import type { ExpressionBuilder } from 'kysely';
import type { RentalDb, RentalTables, Row } from '../db.ts';
import { deniedReasonsOf, type DocumentDeniedReasonsModel } from '../operator/denied-reasons-model.ts';

/** `@JsonInclude(NON_NULL)`: null (and undefined) fields are left out, in the model's key order. */
export function nonNull<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** Which model the documents are shaped for: `TenantModel` (§5.1) shows `noDocument`, `ApplicationModel` (§5.2) does not. */
export type ModelShape = 'tenant' | 'application';

export type DocumentRow = Pick<
  Row<'rental.documents'>,
  'id' | 'tenant_id' | 'guarantor_id' | 'document_category' | 'document_sub_category' | 'document_category_step' | 'no_document' | 'custom_text' | 'monthly_sum' | 'document_status' | 'pdf_blob_key'
> & { owner_tenant_id: number };

type FileRow = Pick<Row<'rental.files'>, 'id' | 'document_id' | 'size' | 'number_of_pages' | 'content_type' | 'thumbnail_blob_key'>;

/**
 * `DocumentModel` for a partner: `name` is the URL of the watermarked PDF (§10.1), null until it is
 * rendered. `files` (§5.1 `FileModel`, null for partners in DossierFacile) is an additive extension of
 * the TenantModel: `id`, `preview` (thumbnail URL, once rendered), `size`, `numberOfPages`, `contentType`.
 */
function documentModel(d: DocumentRow, shape: ModelShape, apiBase: string, files: readonly FileRow[], denied: DocumentDeniedReasonsModel | null) {
  const tenantBase = `${apiBase}/tenant/${d.owner_tenant_id}`;
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
    // §5.1, TenantModel only (§9.2: the webhook payload carries none): the operator's reasons while the document is DECLINED.
    documentDeniedReasons: shape === 'tenant' && d.document_status === 'DECLINED' ? denied : null,
    name: d.pdf_blob_key === null ? null : `${tenantBase}/document/${d.id}/pdf`,
    files:
      shape === 'tenant'
        ? files.map((f) =>
            nonNull({
              id: f.id,
              preview: f.thumbnail_blob_key === null ? null : `${tenantBase}/file/${f.id}/preview`,
              size: f.size,
              numberOfPages: f.number_of_pages,
              contentType: f.content_type,
            }),
          )
        : null,
  });
}

export type GuarantorRow = Pick<Row<'rental.guarantors'>, 'id' | 'tenant_id' | 'type_guarantor' | 'first_name' | 'last_name' | 'legal_person_name'>;

/** The document columns the models read, for the loaders that select them themselves. */
export const DOCUMENT_COLUMNS = ['id', 'tenant_id', 'guarantor_id', 'document_category', 'document_sub_category', 'document_category_step', 'no_document', 'custom_text', 'monthly_sum', 'document_status', 'pdf_blob_key'] as const;

/** Documents and guarantors of an apartment's tenants, by owner. */
export interface Holdings {
  documentsOfTenant(tenantId: number): unknown[];
  guarantorsOf(tenantId: number): unknown[];
}

/** `apiBase`: the partner API's public URL (`{publicUrl}{prefix}`), the base of the PDF and preview URLs. */
export async function loadHoldings(db: RentalDb, tenantIds: number[], shape: ModelShape, apiBase: string): Promise<Holdings> {
  const guarantors = tenantIds.length
    ? await db.selectFrom('rental.guarantors').select(['id', 'tenant_id', 'type_guarantor', 'first_name', 'last_name', 'legal_person_name']).where('tenant_id', 'in', tenantIds).orderBy('id').execute()
    : [];
  const guarantorIds = guarantors.map((g) => g.id);
  const tenantOfGuarantor = new Map(guarantors.map((g) => [g.id, g.tenant_id]));
  const columns = DOCUMENT_COLUMNS.map((c) => `d.${c}` as const);
  const owned = (eb: ExpressionBuilder<RentalTables & { d: RentalTables['rental.documents'] }, 'd'>) =>
    eb.or([...(tenantIds.length ? [eb('d.tenant_id', 'in', tenantIds)] : []), ...(guarantorIds.length ? [eb('d.guarantor_id', 'in', guarantorIds)] : [])]);
  const documents: DocumentRow[] = [];
  const filesOf = new Map<number, FileRow[]>();
  const withOwner = (d: Omit<DocumentRow, 'owner_tenant_id'>): DocumentRow => ({ ...d, owner_tenant_id: d.tenant_id ?? tenantOfGuarantor.get(d.guarantor_id!)! });
  if (shape === 'tenant') {
    // The documents and their files in one statement: a row per file (one with null file columns for a document without any).
    const rows = await db
      .selectFrom('rental.documents as d')
      .leftJoin('rental.files as f', 'f.document_id', 'd.id')
      .select([...columns, 'f.id as file_id', 'f.size as file_size', 'f.number_of_pages as file_pages', 'f.content_type as file_content_type', 'f.thumbnail_blob_key as file_thumbnail'])
      .where(owned)
      .orderBy('d.id')
      .orderBy('f.id')
      .execute();
    for (const { file_id, file_size, file_pages, file_content_type, file_thumbnail, ...d } of rows) {
      let files = filesOf.get(d.id);
      if (!files) {
        documents.push(withOwner(d));
        filesOf.set(d.id, (files = []));
      }
      if (file_id !== null) files.push({ id: file_id, document_id: d.id, size: file_size!, number_of_pages: file_pages!, content_type: file_content_type!, thumbnail_blob_key: file_thumbnail });
    }
  } else {
    const rows = await db.selectFrom('rental.documents as d').select(columns).where(owned).orderBy('d.id').execute();
    documents.push(...rows.map(withOwner));
  }
  const declined = shape === 'tenant' ? documents.filter((d) => d.document_status === 'DECLINED').map((d) => d.id) : [];
  const denials = await deniedReasonsOf(db, declined);
  return holdingsOf(guarantors, documents, shape, apiBase, filesOf, denials);
}

/** Holdings from rows already read (guarantors and documents ordered by id; `filesOf` and `denials` for the TenantModel). */
export function holdingsOf(
  guarantors: readonly GuarantorRow[],
  documents: readonly DocumentRow[],
  shape: ModelShape,
  apiBase: string,
  filesOf: ReadonlyMap<number, readonly FileRow[]> = new Map(),
  denials: ReadonlyMap<number, DocumentDeniedReasonsModel> = new Map(),
): Holdings {
  const model = (d: DocumentRow) => documentModel(d, shape, apiBase, filesOf.get(d.id) ?? [], denials.get(d.id) ?? null);
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

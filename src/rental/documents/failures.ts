import type { RentalDb } from '../db.ts';

/** A document whose last render failed (§10, issue 9): what operators and `documents:failures` see. */
export interface RenderFailure {
  documentId: number;
  /** The tenant the document belongs to (directly, or through its guarantor). */
  tenantId: number;
  guarantorId: number | null;
  documentCategory: string;
  documentSubCategory: string;
  /** The processing step that refused it: the render of the watermarked PDF and thumbnails. */
  step: 'render';
  /** The DocumentError code (UNSUPPORTED_TYPE, ENCRYPTED_PDF, TOO_MANY_PIXELS, TIMEOUT…). */
  error: string;
  failedAt: Date;
}

/** Render failures, the most recent first, of one tenant or of all; `limit` bounds the answer. */
export async function listRenderFailures(db: RentalDb, options: { tenantId?: number; limit: number }): Promise<RenderFailure[]> {
  let query = db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select(['d.id', 'd.tenant_id', 'g.tenant_id as guarantor_tenant_id', 'd.guarantor_id', 'd.document_category', 'd.document_sub_category', 'd.render_error', 'd.render_failed_at'])
    .where('d.render_error', 'is not', null);
  if (options.tenantId !== undefined) query = query.where((eb) => eb.or([eb('d.tenant_id', '=', options.tenantId!), eb('g.tenant_id', '=', options.tenantId!)]));
  const rows = await query.orderBy('d.render_failed_at', 'desc').orderBy('d.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    documentId: r.id,
    tenantId: (r.tenant_id ?? r.guarantor_tenant_id)!,
    guarantorId: r.guarantor_id,
    documentCategory: r.document_category,
    documentSubCategory: r.document_sub_category,
    step: 'render',
    error: r.render_error!,
    failedAt: r.render_failed_at!,
  }));
}

/** The documents `documents:reprocess` renders again: one, or every document of a tenant and its guarantors. */
export async function documentsToReprocess(db: RentalDb, target: { documentId: number } | { tenantId: number }): Promise<number[]> {
  let query = db.selectFrom('rental.documents as d').leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id').select('d.id');
  query = 'documentId' in target ? query.where('d.id', '=', target.documentId) : query.where((eb) => eb.or([eb('d.tenant_id', '=', target.tenantId), eb('g.tenant_id', '=', target.tenantId)]));
  return (await query.orderBy('d.id').execute()).map((r) => r.id);
}

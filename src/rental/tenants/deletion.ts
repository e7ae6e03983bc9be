import type { SealedBlobs } from '../../platform/storage/index.ts';
import type { RentalDb } from '../db.ts';
import { RentalError } from '../errors.ts';
import { resetLinkedCategories } from '../documents/linked-reset.ts';
import { requestRender, type RenderRequester } from '../documents/render-request.ts';
import { renderedKeysOfDocuments, renderedKeysOfFiles } from '../documents/rendered-keys.ts';
import { FULL_PDF_RESET, fullPdfKeysOf } from '../sharing/full-pdf.ts';
import { revokeUnlinkedPartnerLinks } from '../sharing/links.ts';
import { auditRetention, countHoldings, type RetentionReason } from '../retention/audit.ts';
import { recomputeStatus, touchTenant } from './recompute.ts';
import { recordTenantEvent } from '../events/record.ts';

type Deps = { db: RentalDb; blobs: SealedBlobs } & RenderRequester;

/** Blob keys of every file of these tenants and of their guarantors. */
export async function blobKeysOfTenants(db: RentalDb, tenantIds: number[]): Promise<string[]> {
  if (!tenantIds.length) return [];
  const rows = await db
    .selectFrom('rental.files as f')
    .innerJoin('rental.documents as d', 'd.id', 'f.document_id')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select(['f.blob_key', 'f.thumbnail_blob_key'])
    .where((eb) => eb.or([eb('d.tenant_id', 'in', tenantIds), eb('g.tenant_id', 'in', tenantIds)]))
    .execute();
  const documents = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select('d.pdf_blob_key')
    .where((eb) => eb.or([eb('d.tenant_id', 'in', tenantIds), eb('g.tenant_id', 'in', tenantIds)]))
    .where('d.pdf_blob_key', 'is not', null)
    .execute();
  return [...rows.flatMap((r) => [r.blob_key, r.thumbnail_blob_key]), ...documents.map((d) => d.pdf_blob_key)].filter((k): k is string => k !== null);
}

/**
 * Deletes whole accounts: an ACCOUNT_DELETE log naming their partners (the list's includeDeleted), an
 * audit row of what went (ids and counts, §11), then the rows.
 */
export async function deleteTenantRows(db: RentalDb, tenantIds: number[], now: Date, reason: RetentionReason = 'ACCOUNT_DELETE_REQUEST'): Promise<string[]> {
  if (!tenantIds.length) return [];
  const keys = await blobKeysOfTenants(db, tenantIds);
  const links = await db.selectFrom('rental.tenant_partners').select(['tenant_id', 'partner_id']).where('tenant_id', 'in', tenantIds).execute();
  const apartments = await db.selectFrom('rental.tenants').select(['id', 'apartment_sharing_id']).where('id', 'in', tenantIds).execute();
  for (const tenant of apartments) {
    const counts = await countHoldings(db, tenant.id, true);
    await auditRetention(db, { action: 'DELETE', reason, tenantId: tenant.id, apartmentSharingId: tenant.apartment_sharing_id, counts, now });
  }
  // DELETED_ACCOUNT (§9.4) for every partner of the apartment, its payload snapshotted before the rows go
  // (§9.2); the hard deletion of inactive files sends none (§11.2).
  if (reason !== 'NO_UPDATE') for (const id of tenantIds) await recordTenantEvent(db, { type: 'DELETED_ACCOUNT', tenantId: id, now });
  for (const id of tenantIds) {
    await db.insertInto('rental.tenant_logs').values({ tenant_id: id, log_type: 'ACCOUNT_DELETE', partner_ids: links.filter((l) => l.tenant_id === id).map((l) => l.partner_id), created_at: now }).execute();
  }
  await db.deleteFrom('rental.tenants').where('id', 'in', tenantIds).execute();
  // The link rows went with the tenants. A partner that reached an apartment that stays only through
  // them has lost its access to the file: its PARTNER share links to it are revoked (§1.3). (An
  // apartment deleted with its tenants takes its links with it.)
  for (const apartmentId of new Set(apartments.map((a) => a.apartment_sharing_id))) {
    const gone = apartments.filter((a) => a.apartment_sharing_id === apartmentId).map((a) => a.id);
    await revokeUnlinkedPartnerLinks(db, apartmentId, links.filter((l) => gone.includes(l.tenant_id)).map((l) => l.partner_id), now);
  }
  return keys;
}

/**
 * `deleteAccount` (§3.2.3): a CREATE tenant takes its JOIN co-tenants and the apartment with it; a
 * JOIN tenant leaves alone, and the apartment becomes ALONE (one left) or GROUP.
 */
export async function deleteAccount(deps: Pick<Deps, 'db' | 'blobs'>, tenantId: number, now: Date, reason: RetentionReason = 'ACCOUNT_DELETE_REQUEST'): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    const members = await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', tenant.apartment_sharing_id).orderBy('id').execute();
    if (tenant.tenant_type === 'CREATE') {
      const keys = [...(await deleteTenantRows(trx, members.map((m) => m.id), now, reason)), ...(await fullPdfKeysOf(trx, tenant.apartment_sharing_id))];
      await trx.deleteFrom('rental.apartment_sharings').where('id', '=', tenant.apartment_sharing_id).execute();
      return keys;
    }
    const keys = await deleteTenantRows(trx, [tenantId], now, reason);
    const left = members.length - 1;
    await trx.updateTable('rental.apartment_sharings').set({ application_type: left <= 1 ? 'ALONE' : 'GROUP', last_update_date: now, ...FULL_PDF_RESET }).where('id', '=', tenant.apartment_sharing_id).execute();
    return keys;
  });
  await deps.blobs.delete(keys);
}

/** `deleteCoTenant`: only a CREATE tenant, only a JOIN member of its own apartment; anything else is 403. */
export async function deleteCoTenant(deps: Deps, tenantId: number, coTenantId: number, now: Date): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    const co = Number.isSafeInteger(coTenantId) && coTenantId > 0 && coTenantId < 2 ** 31
      ? await trx.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id']).where('id', '=', coTenantId).executeTakeFirst()
      : undefined;
    if (tenant.tenant_type !== 'CREATE' || !co || co.tenant_type !== 'JOIN' || co.apartment_sharing_id !== tenant.apartment_sharing_id) throw new RentalError('FORBIDDEN');
    const keys = await deleteTenantRows(trx, [coTenantId], now, 'CO_TENANT_DELETE_REQUEST');
    const left = await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', tenant.apartment_sharing_id).execute();
    await trx.updateTable('rental.apartment_sharings').set({ application_type: left.length <= 1 ? 'ALONE' : 'GROUP' }).where('id', '=', tenant.apartment_sharing_id).execute();
    await touchTenant(trx, tenantId, now);
    return keys;
  });
  await deps.blobs.delete(keys);
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id < 2 ** 31;

/** The document, if it belongs to a tenant of this tenant's apartment or to one of their guarantors (§3.2.3). */
async function documentInApartment(db: RentalDb, tenantId: number, documentId: number) {
  if (!validId(documentId)) return undefined;
  return db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .innerJoin('rental.tenants as t', (join) => join.on((eb) => eb.or([eb('t.id', '=', eb.ref('d.tenant_id')), eb('t.id', '=', eb.ref('g.tenant_id'))])))
    .select(['d.id', 'd.tenant_id', 'd.guarantor_id', 'd.document_category', 't.id as owner_tenant_id'])
    .where('d.id', '=', documentId)
    .where('t.apartment_sharing_id', '=', (eb) => eb.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId))
    .executeTakeFirst();
}

export async function deleteDocument(deps: Deps, tenantId: number, documentId: number, now: Date): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const document = await documentInApartment(trx, tenantId, documentId);
    if (!document) throw new RentalError('NOT_FOUND', ['Document not found']);
    const files = await trx.deleteFrom('rental.files').where('document_id', '=', document.id).returning(['blob_key', 'thumbnail_blob_key']).execute();
    const pdf = await trx.deleteFrom('rental.documents').where('id', '=', document.id).returning('pdf_blob_key').execute();
    await touchTenant(trx, document.owner_tenant_id, now);
    return [...renderedKeysOfFiles(files), ...renderedKeysOfDocuments(pdf)];
  });
  await deps.blobs.delete(keys);
}

/**
 * One file: the last file of a document takes the document with it; otherwise the document goes back
 * to TO_PROCESS, with its VALIDATED PROFESSIONAL/FINANCIAL/TAX siblings when it is one of those.
 */
export async function deleteFile(deps: Deps, tenantId: number, fileId: number, now: Date): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const file = validId(fileId) ? await trx.selectFrom('rental.files').select(['id', 'document_id', 'blob_key', 'thumbnail_blob_key']).where('id', '=', fileId).executeTakeFirst() : undefined;
    const document = file ? await documentInApartment(trx, tenantId, file.document_id) : undefined;
    if (!file || !document) throw new RentalError('NOT_FOUND', ['File not found']);
    await trx.deleteFrom('rental.files').where('id', '=', file.id).execute();
    const remaining = await trx.selectFrom('rental.files').select('id').where('document_id', '=', document.id).execute();
    const keys = renderedKeysOfFiles([file]);
    if (remaining.length === 0) {
      const pdf = await trx.deleteFrom('rental.documents').where('id', '=', document.id).returning('pdf_blob_key').execute();
      keys.push(...renderedKeysOfDocuments(pdf));
    } else {
      await trx.updateTable('rental.documents').set({ document_status: 'TO_PROCESS', last_modified_date: now }).where('id', '=', document.id).execute();
      const owner = document.tenant_id !== null ? (['tenant_id', document.tenant_id] as const) : (['guarantor_id', document.guarantor_id!] as const);
      await resetLinkedCategories(trx, owner, document.document_category);
      // The PDF still shows the deleted file until the new render replaces it (§10.1: it then changes behind the same URL).
      await requestRender(trx, deps, document.id);
    }
    await touchTenant(trx, document.owner_tenant_id, now);
    return keys;
  });
  await deps.blobs.delete(keys);
}

/** A guarantor of any tenant of the apartment, with its documents; the status is recomputed. */
export async function deleteGuarantor(deps: Deps, tenantId: number, guarantorId: number, now: Date): Promise<void> {
  const keys = await deps.db.transaction().execute(async (trx) => {
    const guarantor = validId(guarantorId)
      ? await trx
          .selectFrom('rental.guarantors as g')
          .innerJoin('rental.tenants as t', 't.id', 'g.tenant_id')
          .select(['g.id', 'g.tenant_id'])
          .where('g.id', '=', guarantorId)
          .where('t.apartment_sharing_id', '=', (eb) => eb.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId))
          .executeTakeFirst()
      : undefined;
    if (!guarantor) throw new RentalError('NOT_FOUND', ['Guarantor not found']);
    const files = await trx
      .selectFrom('rental.files as f')
      .innerJoin('rental.documents as d', 'd.id', 'f.document_id')
      .select(['f.blob_key', 'f.thumbnail_blob_key'])
      .where('d.guarantor_id', '=', guarantor.id)
      .execute();
    const pdfs = await trx.selectFrom('rental.documents').select('pdf_blob_key').where('guarantor_id', '=', guarantor.id).execute();
    await trx.deleteFrom('rental.guarantors').where('id', '=', guarantor.id).execute();
    await touchTenant(trx, guarantor.tenant_id, now);
    await recomputeStatus(trx, guarantor.tenant_id, now);
    return [...renderedKeysOfFiles(files), ...renderedKeysOfDocuments(pdfs)];
  });
  await deps.blobs.delete(keys);
}

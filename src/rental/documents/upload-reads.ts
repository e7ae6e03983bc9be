import type { RentalDb } from '../db.ts';
import { RentalError } from '../errors.ts';
import { tenantIdInRange } from '../tenants/access.ts';
import type { TenantCategory } from './categories.ts';
import type { Existing } from './form.ts';

/** Whose documents: a tenant's own, or one guarantor's. */
export type UploadOwner = readonly ['tenant_id' | 'guarantor_id', number];

/** The person's documents of one category (by id), with what their files add up to: what the §4 limits count. */
export interface CategoryHoldings {
  ids: number[];
  existingOf(documentId: number | null): Existing;
}

interface StatsRow {
  id: number | null;
  files: string | number;
  pages: string | number | null;
  bytes: string | number | null;
}

function holdingsOf(rows: readonly StatsRow[]): CategoryHoldings {
  const stats = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, files: Number(r.files), pages: Number(r.pages ?? 0), bytes: Number(r.bytes ?? 0) }));
  return {
    ids: stats.map((s) => s.id),
    existingOf(documentId) {
      // FINANCIAL without id: the limits count all its FINANCIAL documents (§4.1); others have one document.
      const counted = documentId === null ? stats : stats.filter((s) => s.id === documentId);
      return counted.reduce((a, s) => ({ files: a.files + s.files, pages: a.pages + s.pages, bytes: a.bytes + s.bytes }), { files: 0, pages: 0, bytes: 0 });
    },
  };
}

/** One statement: the owner's documents of the category, each with its files' count, pages and bytes. */
export async function readCategoryHoldings(db: RentalDb, owner: UploadOwner, category: TenantCategory): Promise<CategoryHoldings> {
  const rows = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.files as f', 'f.document_id', 'd.id')
    .select(['d.id', (eb) => eb.fn.count<string>('f.id').as('files'), (eb) => eb.fn.sum<string>('f.number_of_pages').as('pages'), (eb) => eb.fn.sum<string>('f.size').as('bytes')])
    .where(`d.${owner[0]}`, '=', owner[1])
    .where('d.document_category', '=', category)
    .groupBy('d.id')
    .orderBy('d.id')
    .execute();
  return holdingsOf(rows);
}

/**
 * What a tenant document step reads before it stores anything, in one statement: that the partner
 * is linked to the tenant (§1.3, else the same 403 as `requireLinkedTenant`) and the tenant's
 * documents of the category with their files (the unlocked first check of the §4 limits).
 */
export async function readUploadTarget(db: RentalDb, partnerId: number, tenantId: number, category: TenantCategory): Promise<CategoryHoldings> {
  if (!tenantIdInRange(tenantId)) throw new RentalError('FORBIDDEN');
  const rows = await db
    .selectFrom('rental.tenant_partners as tp')
    .leftJoin('rental.documents as d', (join) => join.onRef('d.tenant_id', '=', 'tp.tenant_id').on('d.document_category', '=', category))
    .leftJoin('rental.files as f', 'f.document_id', 'd.id')
    .select(['d.id', (eb) => eb.fn.count<string>('f.id').as('files'), (eb) => eb.fn.sum<string>('f.number_of_pages').as('pages'), (eb) => eb.fn.sum<string>('f.size').as('bytes')])
    .where('tp.tenant_id', '=', tenantId)
    .where('tp.partner_id', '=', partnerId)
    .groupBy('d.id')
    .orderBy('d.id')
    .execute();
  // No row: no link. A linked tenant without such documents gives one row with a null id.
  if (rows.length === 0) throw new RentalError('FORBIDDEN');
  return holdingsOf(rows);
}

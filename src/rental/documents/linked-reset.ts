import type { RentalDb } from '../db.ts';
import { LINKED_CATEGORIES } from './categories.ts';

/** Whose documents: a tenant's own, or one guarantor's. */
export type DocumentOwner = readonly ['tenant_id', number] | readonly ['guarantor_id', number];

/**
 * Professional, financial and tax documents are judged together (§13.3): a change to one of them
 * sends the owner's validated ones of the three back to TO_PROCESS.
 */
export async function resetLinkedCategories(trx: RentalDb, owner: DocumentOwner, changedCategory: string): Promise<void> {
  if (!LINKED_CATEGORIES.includes(changedCategory)) return;
  await trx
    .updateTable('rental.documents')
    .set({ document_status: 'TO_PROCESS' })
    .where(owner[0], '=', owner[1])
    .where('document_category', 'in', [...LINKED_CATEGORIES])
    .where('document_status', '=', 'VALIDATED')
    .execute();
}

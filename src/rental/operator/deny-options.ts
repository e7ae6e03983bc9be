import type { RentalDb } from '../db.ts';
import { OperatorDeskError } from './errors.ts';

export const DENY_USER_TYPES = ['tenant', 'guarantor'] as const;
export const DENY_CATEGORIES = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX', 'IDENTIFICATION_LEGAL_PERSON', 'GUARANTEE_PROVIDER_CERTIFICATE'] as const;

/** A deny reason as the back-office shows it (§6.3 `document_denied_options`). */
export interface DenyOption {
  id: number;
  code: string;
  messageValue: string;
  documentCategory: string;
  /** Null: any sub-category of the category. */
  documentSubCategory: string | null;
  documentUserType: 'tenant' | 'guarantor';
  disabled: boolean;
}

export interface DenyOptionInput {
  code: string;
  messageValue: string;
  documentCategory: string;
  documentSubCategory: string | null;
  documentUserType: 'tenant' | 'guarantor';
}

type Row = { id: number; code: string; message_value: string; document_category: string; document_sub_category: string | null; document_user_type: string; disabled: boolean };
const model = (r: Row): DenyOption => ({
  id: r.id,
  code: r.code,
  messageValue: r.message_value,
  documentCategory: r.document_category,
  documentSubCategory: r.document_sub_category,
  documentUserType: r.document_user_type as DenyOption['documentUserType'],
  disabled: r.disabled,
});

export async function listDenyOptions(db: RentalDb, filter: { includeDisabled?: boolean; documentCategory?: string; documentUserType?: string } = {}): Promise<DenyOption[]> {
  let query = db.selectFrom('rental.document_denied_options').selectAll().orderBy('document_user_type', 'desc').orderBy('document_category').orderBy('code');
  if (!filter.includeDisabled) query = query.where('disabled', '=', false);
  if (filter.documentCategory) query = query.where('document_category', '=', filter.documentCategory);
  if (filter.documentUserType) query = query.where('document_user_type', '=', filter.documentUserType);
  return (await query.execute()).map(model);
}

function checkCategory(category: string | undefined) {
  if (category !== undefined && !(DENY_CATEGORIES as readonly string[]).includes(category)) throw new OperatorDeskError('INVALID', `documentCategory: one of ${DENY_CATEGORIES.join(', ')}`);
}

async function codeTaken(db: RentalDb, code: string, except?: number): Promise<boolean> {
  let query = db.selectFrom('rental.document_denied_options').select('id').where('code', '=', code);
  if (except !== undefined) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Two admins saving the same code at once: the loser meets the unique index, answered as the check would. */
async function uniqueCode<T>(code: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new OperatorDeskError('CONFLICT', `A deny reason with code ${code} exists already`);
    throw error;
  }
}

export async function createDenyOption(db: RentalDb, input: DenyOptionInput, now: Date): Promise<DenyOption> {
  checkCategory(input.documentCategory);
  return uniqueCode(input.code, () => db.transaction().execute(async (trx) => {
    if (await codeTaken(trx, input.code)) throw new OperatorDeskError('CONFLICT', `A deny reason with code ${input.code} exists already`);
    const row = await trx
      .insertInto('rental.document_denied_options')
      .values({
        code: input.code,
        message_value: input.messageValue,
        document_category: input.documentCategory,
        document_sub_category: input.documentSubCategory,
        document_user_type: input.documentUserType,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return model(row);
  }));
}

/** Changes the given fields; `disabled: true` retires the reason (denials that used it keep their snapshot). */
export async function updateDenyOption(db: RentalDb, id: number, patch: Partial<DenyOptionInput> & { disabled?: boolean }, now: Date): Promise<DenyOption> {
  checkCategory(patch.documentCategory);
  if (!Number.isSafeInteger(id) || id <= 0 || id >= 2 ** 31) throw new OperatorDeskError('NOT_FOUND', 'Deny reason not found');
  return uniqueCode(patch.code, () => db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('rental.document_denied_options').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!existing) throw new OperatorDeskError('NOT_FOUND', 'Deny reason not found');
    if (patch.code !== undefined && (await codeTaken(trx, patch.code, id))) throw new OperatorDeskError('CONFLICT', `A deny reason with code ${patch.code} exists already`);
    const row = await trx
      .updateTable('rental.document_denied_options')
      .set({
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.messageValue !== undefined ? { message_value: patch.messageValue } : {}),
        ...(patch.documentCategory !== undefined ? { document_category: patch.documentCategory } : {}),
        ...(patch.documentSubCategory !== undefined ? { document_sub_category: patch.documentSubCategory } : {}),
        ...(patch.documentUserType !== undefined ? { document_user_type: patch.documentUserType } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return model(row);
  }));
}

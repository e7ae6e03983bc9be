import { Type } from 'typebox';
import type { RentalRuntime } from '../../module/runtime.ts';
import { liveLinkOf, type ShareLinkRow } from '../links.ts';
import { ShareError } from '../public-errors.ts';

export const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
export const TokenAndIdParams = Type.Object({ token: Type.String({ maxLength: 100 }), id: Type.String({ maxLength: 20 }) });

/** The live link of the token, full links only when `full`: any other token is the same 404. */
export async function linkOf(runtime: RentalRuntime, token: string, options: { full?: boolean } = {}): Promise<ShareLinkRow> {
  const link = await liveLinkOf(runtime.db, token, runtime.now());
  if (!link || (options.full && !link.full_data)) throw new ShareError('NOT_FOUND');
  return link;
}

/** A path id as a database id; anything else is a document that does not exist. */
export function idOf(raw: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) >= 2 ** 31) throw new ShareError('DOCUMENT_NOT_FOUND');
  return Number(raw);
}

/** One tenant of the apartment: the rendered-blob lookups are by tenant (any tenant of the apartment sees its documents). */
export async function someTenantOf(runtime: RentalRuntime, apartmentId: number): Promise<number> {
  const tenant = await runtime.db.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', apartmentId).orderBy('id').executeTakeFirst();
  if (!tenant) throw new ShareError('NOT_FOUND');
  return tenant.id;
}

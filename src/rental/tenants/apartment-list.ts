import type { RentalDb } from '../db.ts';
import { localDateTimeToString } from './local-date-time.ts';

export interface ApartmentListQuery {
  limit: number;
  after: Date | null;
  format: 'NORMAL' | 'EXTENDED';
}

/**
 * The apartments with at least one tenant linked to the partner, changed after `after`, oldest
 * change first. DossierFacile joins tenants and can repeat an apartment once per linked tenant
 * (§3.2.3); each apartment appears here once.
 */
export async function listLinkedApartments(db: RentalDb, partnerId: number, query: ApartmentListQuery) {
  let select = db
    .selectFrom('rental.apartment_sharings as a')
    .select(['a.id', 'a.last_update_date'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('rental.tenants as t')
          .innerJoin('rental.tenant_partners as l', 'l.tenant_id', 't.id')
          .select('t.id')
          .whereRef('t.apartment_sharing_id', '=', 'a.id')
          .where('l.partner_id', '=', partnerId),
      ),
    );
  if (query.after) select = select.where('a.last_update_date', '>', query.after);
  return select.orderBy('a.last_update_date').orderBy('a.id').limit(query.limit).execute();
}

/** `format=NORMAL` maps with DossierFacile's basic mapper: no documents, guarantors or franceConnect. */
export function basicApplication(model: Record<string, unknown>): Record<string, unknown> {
  const tenants = (model.tenants as Record<string, unknown>[]).map((tenant) => {
    const { documents: _documents, guarantors: _guarantors, franceConnect: _franceConnect, ...rest } = tenant;
    return rest;
  });
  return { ...model, tenants };
}

/** Built by concatenation as DossierFacile does: the last row's date, else the given one, else `null`. */
export function apartmentNextLink(prefix: string, query: ApartmentListQuery, last: Date | null): string {
  const after = last ?? query.after;
  return `${prefix}/apartmentSharing?limit=${query.limit}&orderBy=LAST_UPDATE_DATE&after=${after ? localDateTimeToString(after) : 'null'}&format=${query.format}`;
}

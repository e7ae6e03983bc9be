import { sql } from 'kysely';
import type { RentalDb } from '../db.ts';
import type { ListQuery } from './cursor.ts';
import { jacksonLocalDateTime } from './local-date-time.ts';

/** `TenantUpdate` (§3.1): null fields are written. */
export interface TenantUpdate {
  id: number;
  apartmentSharingId: number | null;
  lastUpdateDate: string | null;
  creationDate: string | null;
  deletionDate: string | null;
  revocationDate: string | null;
}

export interface ListedRow {
  update: TenantUpdate;
  /** The row's cursor date (null for deleted and revoked rows). */
  date: Date | null;
}

const fmt = (d: Date | null) => (d ? jacksonLocalDateTime(d) : null);

/**
 * The partner's tenants changed after `after`, ascending (§3.1). With LAST_UPDATE_DATE, deleted
 * accounts (ACCOUNT_DELETE logs naming the partner) and the single latest revocation follow, their
 * null date sorting last.
 */
export async function listTenants(db: RentalDb, partnerId: number, query: ListQuery): Promise<ListedRow[]> {
  const dateColumn = query.orderBy === 'CREATION_DATE' ? 't.creation_date' : 't.last_update_date';
  let linked = db
    .selectFrom('rental.tenant_partners as l')
    .innerJoin('rental.tenants as t', 't.id', 'l.tenant_id')
    .select(['t.id', 't.apartment_sharing_id', 't.last_update_date', 't.creation_date'])
    .where('l.partner_id', '=', partnerId)
    .orderBy(dateColumn)
    .orderBy('t.id')
    .limit(query.limit);
  if (query.after) linked = linked.where(dateColumn, '>', query.after);
  const rows: ListedRow[] = (await linked.execute()).map((t) => ({
    update: {
      id: t.id,
      apartmentSharingId: t.apartment_sharing_id,
      lastUpdateDate: fmt(t.last_update_date),
      creationDate: fmt(t.creation_date),
      deletionDate: null,
      revocationDate: null,
    },
    date: query.orderBy === 'CREATION_DATE' ? t.creation_date : t.last_update_date,
  }));
  if (query.orderBy === 'CREATION_DATE') return rows;
  if (query.includeDeleted && rows.length < query.limit) {
    let deleted = db
      .selectFrom('rental.tenant_logs')
      .select(['tenant_id', 'created_at'])
      .where('log_type', '=', 'ACCOUNT_DELETE')
      .where(sql<boolean>`${partnerId} = any(partner_ids)`)
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit - rows.length);
    if (query.after) deleted = deleted.where('created_at', '>', query.after);
    for (const log of await deleted.execute()) {
      rows.push({ update: { id: log.tenant_id, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: fmt(log.created_at), revocationDate: null }, date: null });
    }
  }
  if (query.includeRevoked && rows.length < query.limit) {
    let revoked = db
      .selectFrom('rental.tenant_logs as g')
      .select(['g.tenant_id', 'g.created_at'])
      .where('g.log_type', '=', 'PARTNER_ACCESS_REVOKED')
      .where(sql<boolean>`${partnerId} = any(g.partner_ids)`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('rental.tenant_partners as l').select('l.tenant_id').whereRef('l.tenant_id', '=', 'g.tenant_id').where('l.partner_id', '=', partnerId))),
      )
      .orderBy('g.created_at', 'desc')
      .limit(1);
    if (query.after) revoked = revoked.where('g.created_at', '>', query.after);
    for (const log of await revoked.execute()) {
      rows.push({ update: { id: log.tenant_id, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: null, revocationDate: fmt(log.created_at) }, date: null });
    }
  }
  return rows;
}

import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RentalDb } from '../db.ts';
import { DOCUMENT_COLUMNS, holdingsOf, nonNull, type DocumentRow, type GuarantorRow } from './holdings.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';
import { applicationDateTime } from './local-date-time.ts';
import { fullPdfUrl, partnersTokens, shareUrl, type ShareLinkContext } from '../sharing/links.ts';

/**
 * `ApplicationModel` (§5.2): the apartment, its tenants with `partnerLinked` for this partner, their
 * documents and guarantors; no deny reasons, analysis or files; dates `yyyy-MM-dd'T'HH:mm:ss.SSSSSS`.
 * `dossierUrl`, `dossierPdfUrl` and `dossierPdfDocumentStatus` only when the apartment is VALIDATED and
 * this partner has its full PARTNER link to it (§5.2): the landlord view and the full-file PDF of that link.
 */
export async function loadApplicationModel(db: RentalDb, apartmentId: number, partnerId: number, apiBase: string, sharing: ShareLinkContext): Promise<Record<string, unknown>> {
  return (await loadApplicationModels(db, apartmentId, [partnerId], apiBase, sharing)).get(partnerId)!;
}

/**
 * The ApplicationModel of one apartment as each of `partnerIds` sees it (a webhook fan-out): the
 * apartment is read once, in one statement, whatever the number of partners (plus one for the
 * PARTNER link tokens when it is VALIDATED); only `partnerLinked` and the share-link fields differ.
 */
export async function loadApplicationModels(db: RentalDb, apartmentId: number, partnerIds: readonly number[], apiBase: string, sharing: ShareLinkContext): Promise<Map<number, Record<string, unknown>>> {
  const rows = await selectApplication(db, { apartmentId }).execute();
  if (rows.length === 0) throw new Error(`no apartment ${apartmentId}`);
  return applicationModelsOf(db, rows, partnerIds, apiBase, sharing);
}

export type ApplicationRow = Awaited<ReturnType<ReturnType<typeof selectApplication>['execute']>>[number];

/** `loadApplicationModels` from the rows of `selectApplication` (at least one), read by the caller. */
export async function applicationModelsOf(db: RentalDb, rows: readonly ApplicationRow[], partnerIds: readonly number[], apiBase: string, sharing: ShareLinkContext): Promise<Map<number, Record<string, unknown>>> {
  const apartment = rows[0]!;
  const apartmentId = apartment.apartment_id;
  const members = rows.filter((r): r is ApplicationRow & { id: number } => r.id !== null);
  const guarantors: GuarantorRow[] = members.flatMap((m) => m.guarantors.map(({ documents: _, ...g }) => g));
  const documents: DocumentRow[] = members.flatMap((m) => [...m.documents, ...m.guarantors.flatMap((g) => g.documents)].map((d) => ({ ...d, owner_tenant_id: m.id })));
  const holdings = holdingsOf(guarantors, documents, 'application', apiBase);
  const status = apartmentStatus(members.map((t) => t.status as TenantFileStatus));
  const tokens = status === 'VALIDATED' ? await partnersTokens(db, sharing.keys, apartmentId, partnerIds) : new Map<number, { full: string | null }>();
  // Built once: what every partner's model shares.
  const tenants = members.map((t) => ({
    links: t.partner_ids,
    model: {
      id: t.id,
      firstName: t.first_name,
      lastName: t.last_name,
      preferredName: t.preferred_name,
      zipCode: t.zip_code,
      abroad: t.abroad,
      email: t.email,
      tenantType: t.tenant_type,
      franceConnect: false,
      ownerType: t.owner_type,
      status: t.status,
      honorDeclaration: t.honor_declaration,
      clarification: t.clarification,
      lastUpdateDate: applicationDateTime(t.last_update_date!),
    },
    documents: holdings.documentsOfTenant(t.id),
    guarantors: holdings.guarantorsOf(t.id),
  }));
  const lastUpdateDate = applicationDateTime(apartment.apartment_last_update_date);
  const models = new Map<number, Record<string, unknown>>();
  for (const partnerId of partnerIds) {
    const token = tokens.get(partnerId)?.full ?? null;
    models.set(
      partnerId,
      nonNull({
        id: apartment.apartment_id,
        applicationType: apartment.application_type,
        dossierUrl: token ? shareUrl(sharing, token) : null,
        dossierPdfUrl: token ? fullPdfUrl(sharing, token) : null,
        dossierPdfDocumentStatus: token ? apartment.full_pdf_status : null,
        status,
        lastUpdateDate,
        tenants: tenants.map((t) => nonNull({ ...t.model, partnerLinked: t.links.includes(partnerId), documents: t.documents, guarantors: t.guarantors })),
      }),
    );
  }
  return models;
}

/**
 * The apartment (by id, or the apartment of a tenant) and its tenants, one row each (one row of nulls
 * for the tenant when it has none), each with the partners it is linked to, its own documents and its
 * guarantors with theirs, in one statement; a caller may add columns (the webhook recorder adds the
 * receiving partners). Guarantors and documents come as JSON arrays: their columns are integers, text
 * and booleans, which JSON carries unchanged (no dates). Every sub-select follows an index.
 */
const documentColumns = DOCUMENT_COLUMNS.map((c) => `d.${c}` as const);

export function selectApplication(db: RentalDb, apartment: { apartmentId: number } | { ofTenant: number }) {
  return db
    .selectFrom('rental.apartment_sharings as a')
    .leftJoin('rental.tenants as t', 't.apartment_sharing_id', 'a.id')
    .select(['a.id as apartment_id', 'a.application_type', 'a.last_update_date as apartment_last_update_date', 'a.full_pdf_status'])
    .select(['t.id', 't.first_name', 't.last_name', 't.preferred_name', 't.zip_code', 't.abroad', 't.email', 't.tenant_type', 't.owner_type', 't.status', 't.honor_declaration', 't.clarification', 't.last_update_date'])
    .select((eb) => [
      sql<number[]>`array(${eb.selectFrom('rental.tenant_partners as tp').select('tp.partner_id').whereRef('tp.tenant_id', '=', 't.id')})`.as('partner_ids'),
      jsonArrayFrom(eb.selectFrom('rental.documents as d').select(documentColumns).whereRef('d.tenant_id', '=', 't.id').orderBy('d.id')).as('documents'),
      jsonArrayFrom(
        eb
          .selectFrom('rental.guarantors as g')
          .select(['g.id', 'g.tenant_id', 'g.type_guarantor', 'g.first_name', 'g.last_name', 'g.legal_person_name'])
          .select((ge) => jsonArrayFrom(ge.selectFrom('rental.documents as d').select(documentColumns).whereRef('d.guarantor_id', '=', 'g.id').orderBy('d.id')).as('documents'))
          .whereRef('g.tenant_id', '=', 't.id')
          .orderBy('g.id'),
      ).as('guarantors'),
    ])
    .where('a.id', '=', (eb) => ('apartmentId' in apartment ? eb.val(apartment.apartmentId) : eb.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', apartment.ofTenant)))
    .orderBy('t.id');
}

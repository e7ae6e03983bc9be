import type { RentalDb } from '../db.ts';
import { loadHoldings, nonNull } from './holdings.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';
import { applicationDateTime } from './local-date-time.ts';
import { fullPdfUrl, partnerTokens, shareUrl, type ShareLinkContext } from '../sharing/links.ts';

/**
 * `ApplicationModel` (§5.2): the apartment, its tenants with `partnerLinked` for this partner, their
 * documents and guarantors; no deny reasons, analysis or files; dates `yyyy-MM-dd'T'HH:mm:ss.SSSSSS`.
 * `dossierUrl`, `dossierPdfUrl` and `dossierPdfDocumentStatus` only when the apartment is VALIDATED and
 * this partner has its full PARTNER link to it (§5.2): the landlord view and the full-file PDF of that link.
 */
export async function loadApplicationModel(db: RentalDb, apartmentId: number, partnerId: number, apiBase: string, sharing: ShareLinkContext): Promise<Record<string, unknown>> {
  const apartment = await db.selectFrom('rental.apartment_sharings').selectAll().where('id', '=', apartmentId).executeTakeFirstOrThrow();
  const tenants = await db.selectFrom('rental.tenants').selectAll().where('apartment_sharing_id', '=', apartmentId).orderBy('id').execute();
  const ids = tenants.map((t) => t.id);
  const links = await db.selectFrom('rental.tenant_partners').select('tenant_id').where('tenant_id', 'in', ids).where('partner_id', '=', partnerId).execute();
  const holdings = await loadHoldings(db, ids, 'application', apiBase);
  const status = apartmentStatus(tenants.map((t) => t.status as TenantFileStatus));
  const token = status === 'VALIDATED' ? (await partnerTokens(db, sharing.keys, apartmentId, partnerId)).full : null;
  return nonNull({
    id: apartment.id,
    applicationType: apartment.application_type,
    dossierUrl: token ? shareUrl(sharing, token) : null,
    dossierPdfUrl: token ? fullPdfUrl(sharing, token) : null,
    dossierPdfDocumentStatus: token ? apartment.full_pdf_status : null,
    status,
    lastUpdateDate: applicationDateTime(apartment.last_update_date),
    tenants: tenants.map((t) =>
      nonNull({
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
        lastUpdateDate: applicationDateTime(t.last_update_date),
        partnerLinked: links.some((l) => l.tenant_id === t.id),
        documents: holdings.documentsOfTenant(t.id),
        guarantors: holdings.guarantorsOf(t.id),
      }),
    ),
  });
}

import type { RentalDb, Row } from '../db.ts';
import { loadHoldings, nonNull, type Holdings } from './holdings.ts';
import { apartmentStatus, type TenantFileStatus } from '../status/status.ts';
import { jacksonLocalDateTime } from './local-date-time.ts';
import { fullPdfUrl, partnerTokens, shareUrl, type ShareLinkContext } from '../sharing/links.ts';

type TenantRow = Row<'rental.tenants'>;

/** The share-link fields of `apartmentSharing` (§5.1): the partner's PARTNER links, once the file is VALIDATED. */
export interface ApartmentLinks {
  token: string | null;
  tokenPublic: string | null;
  dossierUrl: string | null;
  dossierPdfUrl: string | null;
}

/**
 * `TenantModel` (§5.1) of one tenant, as every register step and `/profile` answer it. With `links`
 * (the partner reading it), a VALIDATED file's `apartmentSharing` carries the partner's PARTNER link
 * tokens and URLs.
 */
export async function loadTenantModel(db: RentalDb, tenantId: number, apiBase: string, links?: { sharing: ShareLinkContext; partnerId: number }): Promise<Record<string, unknown>> {
  const model = await loadModel(db, tenantId, apiBase, links, null);
  if (!model) throw new Error(`no tenant ${tenantId}`);
  return model;
}

/**
 * `/profile`: the TenantModel as `partnerId` reads it, or null when that partner is not linked to the
 * tenant (or there is no such tenant). The link is checked by the statement that reads the tenants,
 * one round trip fewer than `requireLinkedTenant` then `loadTenantModel`.
 */
export function loadLinkedTenantModel(db: RentalDb, partnerId: number, tenantId: number, apiBase: string, sharing: ShareLinkContext): Promise<Record<string, unknown> | null> {
  return loadModel(db, tenantId, apiBase, { sharing, partnerId }, partnerId);
}

async function loadModel(db: RentalDb, tenantId: number, apiBase: string, links: { sharing: ShareLinkContext; partnerId: number } | undefined, linkedTo: number | null): Promise<Record<string, unknown> | null> {
  // The tenant's apartment and all its tenants (the tenant among them) in one statement.
  let query = db
    .selectFrom('rental.tenants as t')
    .innerJoin('rental.apartment_sharings as a', 'a.id', 't.apartment_sharing_id')
    .selectAll('t')
    .select('a.application_type as apartment_application_type')
    .where('t.apartment_sharing_id', '=', (eb) => eb.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId));
  if (linkedTo !== null) {
    query = query.where((eb) => eb.exists(eb.selectFrom('rental.tenant_partners').select('tenant_id').where('tenant_id', '=', tenantId).where('partner_id', '=', linkedTo)));
  }
  const members = await query.orderBy('t.id').execute();
  const tenant = members.find((m) => m.id === tenantId);
  if (!tenant) return null;
  const holdings = await loadHoldings(db, members.map((m) => m.id), 'tenant', apiBase);
  let shared: ApartmentLinks | null = null;
  if (links && apartmentStatus(members.map((m) => m.status as TenantFileStatus)) === 'VALIDATED') {
    const tokens = await partnerTokens(db, links.sharing.keys, tenant.apartment_sharing_id, links.partnerId);
    shared = {
      token: tokens.full,
      tokenPublic: tokens.light,
      dossierUrl: tokens.full ? shareUrl(links.sharing, tokens.full) : null,
      dossierPdfUrl: tokens.full ? fullPdfUrl(links.sharing, tokens.full) : null,
    };
  }
  return tenantModel(tenant, { id: tenant.apartment_sharing_id, application_type: tenant.apartment_application_type }, members, holdings, shared);
}

export function tenantModel(
  tenant: TenantRow,
  apartment: { id: number; application_type: string },
  members: readonly TenantRow[],
  holdings: Holdings,
  shared: ApartmentLinks | null = null,
): Record<string, unknown> {
  return nonNull({
    id: tenant.id,
    firstName: tenant.first_name,
    lastName: tenant.last_name,
    preferredName: tenant.preferred_name,
    ownerType: tenant.owner_type,
    zipCode: tenant.zip_code,
    abroad: tenant.abroad,
    email: tenant.email,
    tenantType: tenant.tenant_type,
    status: tenant.status,
    honorDeclaration: tenant.honor_declaration,
    lastUpdateDate: jacksonLocalDateTime(tenant.last_update_date),
    clarification: tenant.clarification,
    franceConnect: false,
    apartmentSharing: nonNull({
      id: apartment.id,
      applicationType: apartment.application_type,
      token: shared?.token,
      tokenPublic: shared?.tokenPublic,
      dossierUrl: shared?.dossierUrl,
      dossierPdfUrl: shared?.dossierPdfUrl,
      status: apartmentStatus(members.map((m) => m.status as TenantFileStatus)),
      tenants: members.map((m) =>
        nonNull({
          id: m.id,
          firstName: m.first_name,
          lastName: m.last_name,
          preferredName: m.preferred_name,
          email: m.email,
          tenantType: m.tenant_type,
          status: m.status,
          ownerType: m.owner_type,
          franceConnect: false,
          // The entry of the tenant itself carries no documents or guarantors (they are at the top level).
          documents: m.id === tenant.id ? null : holdings.documentsOfTenant(m.id),
          guarantors: m.id === tenant.id ? null : holdings.guarantorsOf(m.id),
        }),
      ),
    }),
    documents: holdings.documentsOfTenant(tenant.id),
    guarantors: holdings.guarantorsOf(tenant.id),
  });
}

/** The statuses of §6.1 and the pure status engine of §7.1 / §6.3. */
export const TENANT_FILE_STATUSES = ['TO_PROCESS', 'VALIDATED', 'DECLINED', 'INCOMPLETE', 'ARCHIVED'] as const;
export type TenantFileStatus = (typeof TENANT_FILE_STATUSES)[number];

export type DocumentStatus = 'TO_PROCESS' | 'VALIDATED' | 'DECLINED';
export type DocumentCategory =
  | 'IDENTIFICATION'
  | 'RESIDENCY'
  | 'PROFESSIONAL'
  | 'FINANCIAL'
  | 'TAX'
  | 'IDENTIFICATION_LEGAL_PERSON'
  | 'GUARANTEE_PROVIDER_CERTIFICATE';
export type GuarantorType = 'NATURAL_PERSON' | 'LEGAL_PERSON' | 'ORGANISM';

export interface DocumentForStatus {
  category: DocumentCategory;
  status: DocumentStatus;
}

export interface TenantForStatus {
  /** The status as stored: only ARCHIVED matters (it is sticky). */
  stored: TenantFileStatus;
  honorDeclaration: boolean;
  documents: readonly DocumentForStatus[];
  guarantors: readonly { type: GuarantorType; documents: readonly DocumentForStatus[] }[];
}

/** §4.5: the categories that make a person's part of the file complete. */
export const TENANT_MANDATORY: readonly DocumentCategory[] = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX'];
const LEGAL_PERSON_MANDATORY: readonly DocumentCategory[] = ['IDENTIFICATION', 'IDENTIFICATION_LEGAL_PERSON'];

const hasAll = (documents: readonly DocumentForStatus[], categories: readonly DocumentCategory[]) =>
  categories.every((c) => documents.some((d) => d.category === c));

export function guarantorIsComplete(guarantor: TenantForStatus['guarantors'][number]): boolean {
  const docs = guarantor.documents;
  if (docs.length === 0) return false;
  switch (guarantor.type) {
    case 'NATURAL_PERSON':
      return hasAll(docs, TENANT_MANDATORY);
    case 'LEGAL_PERSON':
      return hasAll(docs, LEGAL_PERSON_MANDATORY);
    case 'ORGANISM':
      return docs.length === 1 && docs[0]!.category === 'GUARANTEE_PROVIDER_CERTIFICATE';
  }
}

/**
 * §7.1, first matching rule wins: ARCHIVED is sticky; any DECLINED document (tenant or guarantor)
 * → DECLINED, even when incomplete; no honor declaration or a missing mandatory category →
 * INCOMPLETE; any TO_PROCESS → TO_PROCESS; else VALIDATED.
 */
export function computeTenantStatus(tenant: TenantForStatus): TenantFileStatus {
  if (tenant.stored === 'ARCHIVED') return 'ARCHIVED';
  const all = [...tenant.documents, ...tenant.guarantors.flatMap((g) => g.documents)];
  if (all.some((d) => d.status === 'DECLINED')) return 'DECLINED';
  if (!tenant.honorDeclaration || !hasAll(tenant.documents, TENANT_MANDATORY) || !tenant.guarantors.every(guarantorIsComplete)) return 'INCOMPLETE';
  if (all.some((d) => d.status === 'TO_PROCESS')) return 'TO_PROCESS';
  return 'VALIDATED';
}

/** §6.3: the apartment sharing's status from its tenants' statuses. */
export function apartmentStatus(statuses: readonly TenantFileStatus[]): TenantFileStatus {
  if (statuses.includes('DECLINED')) return 'DECLINED';
  if (statuses.includes('INCOMPLETE')) return 'INCOMPLETE';
  if (statuses.includes('ARCHIVED')) return statuses.every((s) => s === 'ARCHIVED') ? 'ARCHIVED' : 'INCOMPLETE';
  if (statuses.includes('TO_PROCESS')) return 'TO_PROCESS';
  return 'VALIDATED';
}

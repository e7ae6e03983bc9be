/** The label of each document kind in download names (§10.1: `Identité_{id}.pdf`, `Ressources_revenus_{id}.pdf`). */
const CATEGORY_LABELS: Record<string, string> = {
  IDENTIFICATION: 'Identité',
  IDENTIFICATION_LEGAL_PERSON: 'Identité_personne_morale',
  RESIDENCY: 'Justificatif_domicile',
  PROFESSIONAL: 'Situation_professionnelle',
  FINANCIAL: 'Ressources_revenus',
  TAX: 'Avis_imposition',
  GUARANTEE_PROVIDER_CERTIFICATE: 'Certificat_de_garantie',
};

/** Sub-categories whose document is better named than by its category. */
const SUB_CATEGORY_LABELS: Record<string, string> = {
  FRENCH_PASSPORT: 'Passeport',
  FRENCH_RESIDENCE_PERMIT: 'Titre_de_sejour',
  DRIVERS_LICENSE: 'Permis_de_conduire',
  FRANCE_IDENTITE: 'France_Identite',
  VISALE: 'Certificat_Visale',
  MY_PARENTS: 'Attestation_rattachement_fiscal',
  LESS_THAN_YEAR: 'Attestation_sans_avis_imposition',
};

/** ASCII letters and digits joined by "_": safe in a Content-Disposition header and on any file system. */
export function normalizeNamePart(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export interface DownloadNameInput {
  category: string;
  subCategory?: string | null;
  documentId: number | string;
  owner: { firstName?: string | null; lastName?: string | null };
}

/** `{Prénom}_{NOM}_{Libellé}_{id}.pdf`, e.g. `Jean_DUPONT_Identité_42.pdf`; the owner part is left out when unknown. */
export function downloadName(input: DownloadNameInput): string {
  const label = (input.subCategory && SUB_CATEGORY_LABELS[input.subCategory]) ?? CATEGORY_LABELS[input.category] ?? 'Document';
  const owner = [input.owner.firstName, input.owner.lastName?.toUpperCase()].map((part) => normalizeNamePart(part ?? '')).filter(Boolean);
  return [...owner, label, normalizeNamePart(String(input.documentId)) || 'document'].join('_') + '.pdf';
}

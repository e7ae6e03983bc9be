import type { TextBlock } from '../../documents/index.ts';
import { guarantorName, personName, summaryOf, type SharedDocument, type SharedFile } from './shared-file.ts';

const TYPES: Record<string, string> = { ALONE: 'Location seul', COUPLE: 'Location en couple', GROUP: 'Colocation' };
const GUARANTOR_TYPES: Record<string, string> = { NATURAL_PERSON: 'personne physique', LEGAL_PERSON: 'personne morale', ORGANISM: 'organisme' };
const HEADINGS: Record<string, string> = {
  IDENTIFICATION: "La pièce d'identité",
  IDENTIFICATION_LEGAL_PERSON: 'Le justificatif de la personne morale',
  RESIDENCY: 'Le justificatif de domicile',
  PROFESSIONAL: 'Le justificatif de situation professionnelle',
  FINANCIAL: 'Le justificatif de ressources',
  TAX: "L'avis d'imposition",
  GUARANTEE_PROVIDER_CERTIFICATE: 'Le certificat de garantie',
};

const euros = (n: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n).replace(/\s/g, ' ')} €`;

/** The heading of a document's pages: "La pièce d'identité de Jeanne Martin", "… de Paul Durand, garant de Jeanne Martin". */
export function headingOf(file: SharedFile, d: SharedDocument): string {
  const tenant = personName(file.tenants.find((t) => t.id === d.tenantId)!) || 'locataire';
  const what = HEADINGS[d.category] ?? 'Le document';
  if (d.guarantorId === null) return `${what} de ${tenant}`;
  const guarantor = file.guarantors.find((g) => g.id === d.guarantorId)!;
  return `${what} de ${guarantorName(guarantor)}, garant de ${tenant}`;
}

/** The generated pages before the documents: cover, "Le dossier en un clin d'œil", the tenants' words, the contents. */
export function coverPages(file: SharedFile, now: Date): TextBlock[][] {
  const summary = summaryOf(file);
  const names = file.tenants.map(personName).filter(Boolean);
  const cover: TextBlock[] = [
    { style: 'title', text: 'Dossier de location' },
    { style: 'subtitle', text: names.join(', ') || 'Locataire' },
    { style: 'small', text: `Dossier vérifié. PDF généré le ${now.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}. Les pièces qui suivent sont filigranées : elles sont exclusivement destinées à la location immobilière.` },
    { style: 'heading', text: "Le dossier en un clin d'œil" },
    { style: 'body', text: `Type de dossier : ${TYPES[summary.applicationType] ?? summary.applicationType}` },
    { style: 'body', text: `Revenus mensuels nets cumulés : ${euros(summary.monthlyNetIncome)}` },
    {
      style: 'body',
      text: summary.guarantors.length
        ? `Garants : ${summary.guarantors.map((g) => `${g.name} (${GUARANTOR_TYPES[g.typeGuarantor] ?? g.typeGuarantor}, garant de ${g.ofTenant || 'locataire'}${g.monthlyNetIncome ? `, ${euros(g.monthlyNetIncome)} par mois` : ''})`).join(' ; ')}`
        : 'Garants : aucun',
    },
  ];
  for (const tenant of file.tenants) {
    if (!tenant.clarification?.trim()) continue;
    cover.push({ style: 'heading', text: `Le mot de ${personName(tenant) || 'locataire'}` }, { style: 'body', text: tenant.clarification.trim() });
  }
  const contents: TextBlock[] = [{ style: 'heading', text: 'Les pièces du dossier' }, ...file.documents.map((d) => ({ style: 'body' as const, text: `${headingOf(file, d)} (${d.pdf?.pages ?? 0} p.)` }))];
  return [cover, contents];
}

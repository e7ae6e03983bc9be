import { Type } from 'typebox';
import { fullPdfUrl, type ShareLinkContext, type ShareLinkRow } from './links.ts';
import { fullPdfEligible, summaryOf, type SharedDocument, type SharedFile } from './shared-file.ts';

const Summary = Type.Object({
  applicationType: Type.String({ description: 'ALONE, COUPLE ou GROUP.' }),
  monthlyNetIncome: Type.Number({ description: 'Revenus mensuels nets cumulés des locataires (somme de leurs justificatifs de ressources), en euros.' }),
  guarantors: Type.Array(Type.Object({ typeGuarantor: Type.String(), name: Type.String(), ofTenant: Type.String(), monthlyNetIncome: Type.Number() })),
});

const SharedDocumentSchema = Type.Object({
  id: Type.Integer(),
  documentCategory: Type.String(),
  documentSubCategory: Type.String(),
  documentStatus: Type.String(),
  pdfUrl: Type.Union([Type.String(), Type.Null()], { description: 'Le PDF filigrané (null tant qu\'il n\'est pas produit).' }),
  files: Type.Array(Type.Object({ id: Type.Integer(), preview: Type.Union([Type.String(), Type.Null()], { description: 'Vignette filigranée (JPEG, 300 px).' }) })),
});

/** The landlord's view (`GET /partage/{token}`): the light link stops at names, statuses and the summary. */
export const SharedFileSchema = Type.Object({
  title: Type.String({ description: 'Libellé du lien.' }),
  fullData: Type.Boolean(),
  applicationType: Type.String(),
  status: Type.String({ description: 'Statut agrégé du dossier (TO_PROCESS, VALIDATED…).' }),
  summary: Summary,
  tenants: Type.Array(
    Type.Object({
      firstName: Type.Union([Type.String(), Type.Null()]),
      lastName: Type.Union([Type.String(), Type.Null()]),
      preferredName: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      clarification: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Lien complet : le mot du locataire.' })),
      documents: Type.Optional(Type.Array(SharedDocumentSchema, { description: 'Lien complet seulement.' })),
      guarantors: Type.Array(
        Type.Object({
          typeGuarantor: Type.String(),
          firstName: Type.Union([Type.String(), Type.Null()]),
          lastName: Type.Union([Type.String(), Type.Null()]),
          legalPersonName: Type.Union([Type.String(), Type.Null()]),
          documents: Type.Optional(Type.Array(SharedDocumentSchema, { description: 'Lien complet seulement.' })),
        }),
      ),
    }),
  ),
  dossierPdfUrl: Type.Optional(Type.String({ description: 'Lien complet, dossier validé et pièces produites : le PDF du dossier complet (§10.3).' })),
});

export function sharedFileView(context: ShareLinkContext, link: ShareLinkRow, token: string, file: SharedFile) {
  const base = `${context.publicBase}/partage/${token}`;
  const full = link.full_data;
  const documentView = (d: SharedDocument) => ({
    id: d.id,
    documentCategory: d.category,
    documentSubCategory: d.subCategory,
    documentStatus: d.status,
    pdfUrl: d.pdf ? `${base}/documents/${d.id}/pdf` : null,
    files: d.files.map((f) => ({ id: f.id, preview: f.hasPreview ? `${base}/files/${f.id}/preview` : null })),
  });
  return {
    title: link.title,
    fullData: full,
    applicationType: file.applicationType,
    status: file.status,
    summary: summaryOf(file),
    tenants: file.tenants.map((t) => ({
      firstName: t.firstName,
      lastName: t.lastName,
      preferredName: t.preferredName,
      status: t.status,
      ...(full ? { clarification: t.clarification, documents: file.documents.filter((d) => d.tenantId === t.id && d.guarantorId === null).map(documentView) } : {}),
      guarantors: file.guarantors
        .filter((g) => g.tenantId === t.id)
        .map((g) => ({
          typeGuarantor: g.typeGuarantor,
          firstName: g.firstName,
          lastName: g.lastName,
          legalPersonName: g.legalPersonName,
          ...(full ? { documents: file.documents.filter((d) => d.guarantorId === g.id).map(documentView) } : {}),
        })),
    })),
    ...(full && fullPdfEligible(file) ? { dossierPdfUrl: fullPdfUrl(context, token) } : {}),
  };
}

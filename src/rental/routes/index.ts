import type { RentalApp } from '../http/context.ts';
import { deleteAccountRoute } from './delete-account.ts';
import { deleteCoTenantRoute } from './delete-co-tenant.ts';
import { deleteDocumentRoute } from './delete-document.ts';
import { deleteFileRoute } from './delete-file.ts';
import { deleteGuarantorRoute } from './delete-guarantor.ts';
import { getApartmentSharing } from './get-apartment-sharing.ts';
import { listApartmentSharings } from './list-apartment-sharings.ts';
import { getDocumentPdf } from './get-document-pdf.ts';
import { getFilePreview } from './get-file-preview.ts';
import { getFileResource } from './get-file-resource.ts';
import { getProfile } from './get-profile.ts';
import { listMessagesRoute } from './list-messages.ts';
import { markMessagesReadRoute } from './mark-messages-read.ts';
import { postMessageRoute } from './post-message.ts';
import { getTenantByEmail } from './get-tenant-by-email.ts';
import { listTenantsRoute } from './list-tenants.ts';
import { registerAccount } from './register-account.ts';
import { registerApplication } from './register-application.ts';
import { registerGuarantorType } from './register-guarantor-type.ts';
import { registerHonorDeclaration } from './register-honor-declaration.ts';
import { registerNames } from './register-names.ts';
import { registerGuarantorNaturalPersonName } from './register-guarantor-natural-person-name.ts';
import { registerGuarantorNaturalPersonDocumentIdentification } from './register-guarantor-natural-person-document-identification.ts';
import { registerGuarantorNaturalPersonDocumentIdentificationV2 } from './register-guarantor-natural-person-document-identification-v2.ts';
import { registerGuarantorNaturalPersonDocumentResidency } from './register-guarantor-natural-person-document-residency.ts';
import { registerGuarantorNaturalPersonDocumentProfessional } from './register-guarantor-natural-person-document-professional.ts';
import { registerGuarantorNaturalPersonDocumentFinancial } from './register-guarantor-natural-person-document-financial.ts';
import { registerGuarantorNaturalPersonDocumentTax } from './register-guarantor-natural-person-document-tax.ts';
import { registerGuarantorLegalPersonName } from './register-guarantor-legal-person-name.ts';
import { registerGuarantorLegalPersonDocumentIdentification } from './register-guarantor-legal-person-document-identification.ts';
import { registerGuarantorLegalPersonDocumentRepresentantIdentification } from './register-guarantor-legal-person-document-representant-identification.ts';
import { registerGuarantorOrganismDocumentCertificate } from './register-guarantor-organism-document-certificate.ts';
import { registerDocumentIdentification } from './register-document-identification.ts';
import { registerDocumentResidency } from './register-document-residency.ts';
import { registerDocumentProfessional } from './register-document-professional.ts';
import { registerDocumentFinancial } from './register-document-financial.ts';
import { registerDocumentTax } from './register-document-tax.ts';
import { createShareLinkRoute } from './create-share-link.ts';
import { listShareLinksRoute } from './list-share-links.ts';
import { revokeShareLinkRoute } from './revoke-share-link.ts';

/** Every operation of the partner API, one file each. */
export const RENTAL_ROUTES: ((app: RentalApp) => void)[] = [
  registerAccount,
  registerNames,
  registerApplication,
  registerHonorDeclaration,
  registerDocumentIdentification,
  registerDocumentResidency,
  registerDocumentProfessional,
  registerDocumentFinancial,
  registerDocumentTax,
  registerGuarantorType,
  registerGuarantorNaturalPersonName,
  registerGuarantorNaturalPersonDocumentIdentification,
  registerGuarantorNaturalPersonDocumentIdentificationV2,
  registerGuarantorNaturalPersonDocumentResidency,
  registerGuarantorNaturalPersonDocumentProfessional,
  registerGuarantorNaturalPersonDocumentFinancial,
  registerGuarantorNaturalPersonDocumentTax,
  registerGuarantorLegalPersonName,
  registerGuarantorLegalPersonDocumentIdentification,
  registerGuarantorLegalPersonDocumentRepresentantIdentification,
  registerGuarantorOrganismDocumentCertificate,
  getProfile,
  listApartmentSharings,
  listTenantsRoute,
  getTenantByEmail,
  getApartmentSharing,
  deleteDocumentRoute,
  deleteFileRoute,
  deleteGuarantorRoute,
  deleteCoTenantRoute,
  deleteAccountRoute,
  getFileResource,
  getDocumentPdf,
  getFilePreview,
  listMessagesRoute,
  postMessageRoute,
  markMessagesReadRoute,
  createShareLinkRoute,
  listShareLinksRoute,
  revokeShareLinkRoute,
];

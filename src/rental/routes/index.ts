import type { RentalApp } from '../http/context.ts';
import { getProfile } from './get-profile.ts';
import { getTenantByEmail } from './get-tenant-by-email.ts';
import { listTenantsRoute } from './list-tenants.ts';
import { registerAccount } from './register-account.ts';
import { registerApplication } from './register-application.ts';
import { registerGuarantorType } from './register-guarantor-type.ts';
import { registerHonorDeclaration } from './register-honor-declaration.ts';
import { registerNames } from './register-names.ts';
import { registerDocumentIdentification } from './register-document-identification.ts';
import { registerDocumentResidency } from './register-document-residency.ts';
import { registerDocumentProfessional } from './register-document-professional.ts';
import { registerDocumentFinancial } from './register-document-financial.ts';
import { registerDocumentTax } from './register-document-tax.ts';

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
  getProfile,
  listTenantsRoute,
  getTenantByEmail,
];

import type { RentalApp } from '../http/context.ts';
import { getProfile } from './get-profile.ts';
import { getTenantByEmail } from './get-tenant-by-email.ts';
import { listTenantsRoute } from './list-tenants.ts';
import { registerAccount } from './register-account.ts';
import { registerApplication } from './register-application.ts';
import { registerGuarantorType } from './register-guarantor-type.ts';
import { registerHonorDeclaration } from './register-honor-declaration.ts';
import { registerNames } from './register-names.ts';

/** Every operation of the partner API, one file each. */
export const RENTAL_ROUTES: ((app: RentalApp) => void)[] = [
  registerAccount,
  registerNames,
  registerApplication,
  registerHonorDeclaration,
  registerGuarantorType,
  getProfile,
  listTenantsRoute,
  getTenantByEmail,
];

import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorOrganismDocumentCertificate(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorOrganism/documentCertificate', operationId: 'registerGuarantorOrganismDocumentCertificate', summary: "Guarantee certificate (VISALE, OTHER_GUARANTEE)", type: 'ORGANISM', category: 'GUARANTEE_PROVIDER_CERTIFICATE' });
}

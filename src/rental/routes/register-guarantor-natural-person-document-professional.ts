import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentProfessional(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentProfessional', operationId: 'registerGuarantorNaturalPersonDocumentProfessional', summary: "Professional situation (CDI_TRIAL stored as CDI)", type: 'NATURAL_PERSON', category: 'PROFESSIONAL' });
}

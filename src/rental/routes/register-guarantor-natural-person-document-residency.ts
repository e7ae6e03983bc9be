import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentResidency(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentResidency', operationId: 'registerGuarantorNaturalPersonDocumentResidency', summary: "Proof of residence", type: 'NATURAL_PERSON', category: 'RESIDENCY' });
}

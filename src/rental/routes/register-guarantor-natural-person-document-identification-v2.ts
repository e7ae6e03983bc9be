import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentIdentificationV2(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentIdentification/v2', operationId: 'registerGuarantorNaturalPersonDocumentIdentificationV2', summary: "Identity document", type: 'NATURAL_PERSON', category: 'IDENTIFICATION' });
}

import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorLegalPersonDocumentRepresentantIdentification(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorLegalPerson/documentRepresentantIdentification', operationId: 'registerGuarantorLegalPersonDocumentRepresentantIdentification', summary: "The representative's identity document", type: 'LEGAL_PERSON', category: 'IDENTIFICATION', names: { firstName: 'first_name' } });
}

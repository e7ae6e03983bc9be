import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorLegalPersonDocumentIdentification(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorLegalPerson/documentIdentification', operationId: 'registerGuarantorLegalPersonDocumentIdentification', summary: "Company proof (IDENTIFICATION_LEGAL_PERSON)", type: 'LEGAL_PERSON', category: 'IDENTIFICATION_LEGAL_PERSON', names: { legalPersonName: 'legal_person_name' } });
}

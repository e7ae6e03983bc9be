import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorLegalPersonName(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorLegalPerson/name', operationId: 'registerGuarantorLegalPersonName', summary: "A legal-person guarantor's name", type: 'LEGAL_PERSON', category: null, names: { legalPersonName: 'legal_person_name' } });
}

import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentIdentification(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentIdentification', operationId: 'registerGuarantorNaturalPersonDocumentIdentification', summary: "v1: names and identity document", type: 'NATURAL_PERSON', category: 'IDENTIFICATION', names: { firstName: 'first_name', lastName: 'last_name' } });
}

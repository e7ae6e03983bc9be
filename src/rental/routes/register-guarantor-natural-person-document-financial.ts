import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentFinancial(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentFinancial', operationId: 'registerGuarantorNaturalPersonDocumentFinancial', summary: "Income (update one by documentId; no NO_INCOME)", type: 'NATURAL_PERSON', category: 'FINANCIAL' });
}

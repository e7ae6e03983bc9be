import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonDocumentTax(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/documentTax', operationId: 'registerGuarantorNaturalPersonDocumentTax', summary: "Tax notice (no LESS_THAN_YEAR)", type: 'NATURAL_PERSON', category: 'TAX' });
}

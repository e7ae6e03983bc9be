import type { RentalApp } from '../http/context.ts';
import { documentStep } from './document-step.ts';

export function registerDocumentTax(app: RentalApp) {
  documentStep(app, { path: '/register/documentTax', operationId: 'registerDocumentTax', category: 'TAX', summary: 'The tenant tax notice' });
}

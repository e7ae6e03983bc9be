import type { RentalApp } from '../http/context.ts';
import { documentStep } from './document-step.ts';

export function registerDocumentFinancial(app: RentalApp) {
  documentStep(app, { path: '/register/documentFinancial', operationId: 'registerDocumentFinancial', category: 'FINANCIAL', summary: 'The tenant income (several documents; update one by id)' });
}

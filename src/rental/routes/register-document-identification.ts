import type { RentalApp } from '../http/context.ts';
import { documentStep } from './document-step.ts';

export function registerDocumentIdentification(app: RentalApp) {
  documentStep(app, { path: '/register/documentIdentification', operationId: 'registerDocumentIdentification', category: 'IDENTIFICATION', summary: 'The tenant identity document' });
}

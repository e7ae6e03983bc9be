import type { RentalApp } from '../http/context.ts';
import { documentStep } from './document-step.ts';

export function registerDocumentResidency(app: RentalApp) {
  documentStep(app, { path: '/register/documentResidency', operationId: 'registerDocumentResidency', category: 'RESIDENCY', summary: 'The tenant proof of residence' });
}

import type { RentalApp } from '../http/context.ts';
import { documentStep } from './document-step.ts';

export function registerDocumentProfessional(app: RentalApp) {
  documentStep(app, { path: '/register/documentProfessional', operationId: 'registerDocumentProfessional', category: 'PROFESSIONAL', summary: 'The tenant professional situation (CDI_TRIAL is stored as CDI)' });
}

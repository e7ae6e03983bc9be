import type { RentalApp } from '../http/context.ts';
import { guarantorStep } from './guarantor-step.ts';

export function registerGuarantorNaturalPersonName(app: RentalApp) {
  guarantorStep(app, { path: 'guarantorNaturalPerson/name', operationId: 'registerGuarantorNaturalPersonName', summary: "A natural-person guarantor's names (resets its validated documents)", type: 'NATURAL_PERSON', category: null, names: { firstName: 'first_name', lastName: 'last_name' } });
}

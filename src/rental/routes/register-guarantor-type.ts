import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { Lenient, StringEnum, TenantId } from '../http/schemas-input.ts';
import { addGuarantor } from '../guarantors/guarantor-type.ts';
import type { GuarantorType } from '../status/status.ts';
import { jsonStep } from './step.ts';

const Body = Type.Object(
  { tenantId: TenantId, typeGuarantor: StringEnum(['NATURAL_PERSON', 'LEGAL_PERSON', 'ORGANISM']) },
  Lenient,
);

export function registerGuarantorType(app: RentalApp) {
  jsonStep<{ tenantId: number; typeGuarantor: GuarantorType }>(app, {
    path: '/register/guarantorType',
    operationId: 'registerGuarantorType',
    summary: 'Adds a guarantor (one organism, or one legal person, or up to two natural persons)',
    body: Body,
    run: (tenantId, body) => addGuarantor(app.rental.db, tenantId, body.typeGuarantor, app.rental.now()),
  });
}

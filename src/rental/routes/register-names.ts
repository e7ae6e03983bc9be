import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { Lenient, NotBlank, OptionalBoolean, OptionalText, StringEnum, TenantId } from '../http/schemas-input.ts';
import { saveNames, type NamesInput } from '../tenants/names.ts';
import { jsonStep } from './step.ts';

const Body = Type.Object(
  {
    tenantId: TenantId,
    firstName: NotBlank(),
    lastName: NotBlank(),
    preferredName: OptionalText(),
    zipCode: OptionalText(10),
    abroad: OptionalBoolean(),
    ownerType: Type.Optional(StringEnum(['SELF', 'THIRD_PARTY'])),
  },
  Lenient,
);

export function registerNames(app: RentalApp) {
  jsonStep<NamesInput & { tenantId: number }>(app, {
    path: '/register/names',
    operationId: 'registerNames',
    summary: 'Identity of the tenant; a name change sends its validated documents back to TO_PROCESS',
    body: Body,
    run: (tenantId, body) => saveNames(app.rental.db, tenantId, body, app.rental.now()),
  });
}

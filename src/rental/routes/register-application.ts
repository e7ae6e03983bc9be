import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { invalid } from '../errors.ts';
import { Lenient, OptionalEmail, OptionalText, StringEnum, TenantId } from '../http/schemas-input.ts';
import { applicationProblems, saveApplication, type ApplicationInput } from '../tenants/application.ts';
import { jsonStep } from './step.ts';

const CoTenant = Type.Object(
  { firstName: OptionalText(), lastName: OptionalText(), preferredName: OptionalText(), email: OptionalEmail() },
  Lenient,
);
const Body = Type.Object(
  {
    tenantId: TenantId,
    applicationType: StringEnum(['ALONE', 'COUPLE', 'GROUP']),
    coTenants: Type.Array(CoTenant, { maxItems: 20 }),
    acceptAccess: Type.Optional(Type.Boolean()),
  },
  Lenient,
);

export function registerApplication(app: RentalApp) {
  jsonStep<ApplicationInput & { tenantId: number }>(app, {
    path: '/register/application/v2',
    operationId: 'registerApplicationV2',
    summary: 'ALONE, COUPLE or GROUP, and the co-tenants (reconciled with the existing ones)',
    body: Body,
    conflict: true,
    async run(tenantId, body) {
      const input = { ...body, acceptAccess: body.acceptAccess === true };
      const problems = applicationProblems(input);
      if (problems.length) throw invalid(...problems);
      await saveApplication(app.rental.db, tenantId, input, app.rental.now(), app.rental.keys, app.rental.blobs);
    },
  });
}

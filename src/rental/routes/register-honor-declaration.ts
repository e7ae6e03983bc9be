import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { Lenient, OptionalText, TenantId } from '../http/schemas-input.ts';
import { declareOnHonour } from '../tenants/honor-declaration.ts';
import { jsonStep } from './step.ts';

const Body = Type.Object({ tenantId: TenantId, honorDeclaration: Type.Literal(true), clarification: OptionalText(2000) }, Lenient);

export function registerHonorDeclaration(app: RentalApp) {
  jsonStep<{ tenantId: number; honorDeclaration: true; clarification?: string | null }>(app, {
    path: '/register/honorDeclaration',
    operationId: 'registerHonorDeclaration',
    summary: 'The sworn statement (both tenants of a COUPLE); usually turns INCOMPLETE into TO_PROCESS',
    body: Body,
    conflict: true,
    run: (tenantId, body) => declareOnHonour(app.rental.db, tenantId, body.clarification ?? null, app.rental.now()),
  });
}

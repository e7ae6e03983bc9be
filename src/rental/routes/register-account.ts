import { Type } from 'typebox';
import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import { createAccount } from '../tenants/account.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

const Body = Type.Object({ email: Type.String({ format: 'email', maxLength: 255 }) }, { additionalProperties: true });

export function registerAccount(app: RentalApp) {
  app.post(
    '/register/account',
    {
      schema: {
        operationId: 'registerAccount',
        tags: ['register'],
        summary: 'Create a tenant (CREATE, INCOMPLETE, alone) linked to the partner',
        body: Body,
        response: rentalResponses(TenantModelSchema, { body: 'json' }),
      },
    },
    async (request, reply) => {
      const { db, now } = app.rental;
      const tenantId = await createAccount(db, partnerOf(request), (request.body as { email: string }).email, now(), app.rental.keys);
      app.rental.noteWrites(4);
      return sendModel(reply, await loadTenantModel(db, tenantId, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
    },
  );
}

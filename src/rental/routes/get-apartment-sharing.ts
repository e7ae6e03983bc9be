import { Type } from 'typebox';
import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { loadApplicationModel } from '../tenants/application-model.ts';

/** §3.1: 404 (empty) for an unknown apartment, 403 (empty) when none of its tenants is linked to the partner. */
export function getApartmentSharing(app: RentalApp) {
  app.get(
    '/apartmentSharing/:id',
    {
      schema: {
        operationId: 'getApartmentSharing',
        tags: ['tenant'],
        summary: 'The whole application (ApplicationModel) when at least one of its tenants is linked to the partner',
        params: Type.Object({ id: Type.Integer() }),
        response: rentalResponses(
          Type.Object({ id: Type.Integer(), applicationType: Type.String(), status: Type.String(), lastUpdateDate: Type.String(), tenants: Type.Array(Type.Unknown()) }, { additionalProperties: true }),
          { emptyNotFound: true },
        ),
      },
    },
    async (request, reply) => {
      const { db } = app.rental;
      const { id } = request.params as { id: number };
      const exists = id > 0 && id < 2 ** 31 ? await db.selectFrom('rental.apartment_sharings').select('id').where('id', '=', id).executeTakeFirst() : undefined;
      if (!exists) return reply.code(404).send();
      const partnerId = partnerOf(request).id;
      const linked = await db
        .selectFrom('rental.tenant_partners as l')
        .innerJoin('rental.tenants as t', 't.id', 'l.tenant_id')
        .select('l.tenant_id')
        .where('t.apartment_sharing_id', '=', id)
        .where('l.partner_id', '=', partnerId)
        .executeTakeFirst();
      if (!linked) return reply.code(403).send();
      return sendModel(reply, await loadApplicationModel(db, id, partnerId, app.rental.apiBase, app.rental.sharing));
    },
  );
}

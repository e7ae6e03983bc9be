import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { sendModel } from '../http/context.ts';
import { shareLinkModel, ShareLinkSchema } from '../sharing/link-model.ts';
import { linksOfApartment } from '../sharing/links.ts';
import { shareLinkRoute } from './share-link-route.ts';

export function listShareLinksRoute(app: RentalApp) {
  shareLinkRoute(app, {
    method: 'GET',
    path: '/tenant/:tenantId/shareLinks',
    operationId: 'listShareLinks',
    summary: "The partner's share links to the tenant's file (its PARTNER links and those it created, revoked and expired ones included), with their access counts",
    status: 200,
    ok: Type.Array(ShareLinkSchema),
    async handle({ apartmentId, partnerId }, _request, reply) {
      const now = app.rental.now();
      const rows = await linksOfApartment(app.rental.db, apartmentId, partnerId);
      return sendModel(reply, rows.map((row) => shareLinkModel(app.rental.sharing, row, now)));
    },
  });
}

import { RentalError } from '../errors.ts';
import type { RentalApp } from '../http/context.ts';
import { sendModel } from '../http/context.ts';
import { shareLinkModel, ShareLinkSchema } from '../sharing/link-model.ts';
import { revokeShareLink } from '../sharing/links.ts';
import { shareLinkRoute } from './share-link-route.ts';

export function revokeShareLinkRoute(app: RentalApp) {
  shareLinkRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/shareLinks/:id',
    operationId: 'revokeShareLink',
    summary: 'Revokes a share link the partner created: its URL answers 404 from now on. PARTNER links end with the partner\'s access (409)',
    status: 200,
    ok: ShareLinkSchema,
    conflict: true,
    async handle({ apartmentId, partnerId, id }, _request, reply) {
      const { db } = app.rental;
      const now = app.rental.now();
      const link = await db.selectFrom('rental.share_links').selectAll().where('id', '=', id!).where('apartment_sharing_id', '=', apartmentId).where('partner_id', '=', partnerId).executeTakeFirst();
      if (!link || link.revoked_at !== null) throw new RentalError('NOT_FOUND', ['Share link not found']);
      if (link.link_type === 'PARTNER') throw new RentalError('CONFLICT', ["A PARTNER link ends with the partner's access to the tenant"]);
      if (!(await revokeShareLink(db, apartmentId, partnerId, link.id, now))) throw new RentalError('NOT_FOUND', ['Share link not found']);
      app.rental.noteWrites(1);
      return sendModel(reply, shareLinkModel(app.rental.sharing, { ...link, revoked_at: now }, now));
    },
  });
}

import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { sendModel } from '../http/context.ts';
import { invalid } from '../errors.ts';
import { shareLinkModel, ShareLinkSchema } from '../sharing/link-model.ts';
import { createShareLink } from '../sharing/links.ts';
import { shareLinkRoute } from './share-link-route.ts';

const Body = Type.Object(
  {
    fullData: Type.Boolean({ description: 'true : lien complet (pièces filigranées, PDF du dossier) ; false : lien léger (sans pièces).' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Libellé du lien (le nom du partenaire par défaut).' })),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Fin de validité (ISO 8601, dans le futur) ; absent ou null : sans expiration.' })),
  },
  { additionalProperties: false },
);

export function createShareLinkRoute(app: RentalApp) {
  shareLinkRoute(app, {
    method: 'POST',
    path: '/tenant/:tenantId/shareLinks',
    operationId: 'createShareLink',
    summary: "Creates a share link to the tenant's whole file (its apartment) for a landlord: full or light, optional expiry; 201 with its URL",
    body: Body,
    status: 201,
    ok: ShareLinkSchema,
    async handle({ apartmentId, partnerId }, request, reply) {
      const body = request.body as { fullData: boolean; title?: string; expiresAt?: string | null };
      const now = app.rental.now();
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt: must be in the future');
      const title = body.title?.trim() || (await app.rental.db.selectFrom('rental.partners').select('display_name').where('id', '=', partnerId).executeTakeFirstOrThrow()).display_name;
      const { row } = await createShareLink(app.rental.db, app.rental.keys, { apartmentId, partnerId, fullData: body.fullData, title, expiresAt }, now);
      app.rental.noteWrites(1);
      return sendModel(reply.code(201), shareLinkModel(app.rental.sharing, row, now));
    },
  });
}

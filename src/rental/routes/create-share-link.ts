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
    expiresAt: Type.Optional(Type.Union([Type.String({ maxLength: 40, examples: ['2026-06-30T18:00:00Z'] }), Type.Null()], { description: 'Fin de validité (ISO 8601, dans le futur) ; absent ou null : sans expiration.' })),
  },
  { additionalProperties: false },
);

/** ISO 8601 with an explicit offset: a date without one would depend on the server's zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
function parseDateTime(value: string): Date {
  if (!DATE_TIME.test(value)) return new Date(Number.NaN);
  const [y, m, d, h, min, sec] = [0, 5, 8, 11, 14, 17].map((at) => Number(value.slice(at, at === 0 ? 4 : at + 2)));
  // The calendar itself: Date would roll 31 February over into March.
  const real = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDate() === d && m! >= 1 && m! <= 12 && h! < 24 && min! < 60 && (value[16] !== ':' || sec! < 60);
  return real ? new Date(value) : new Date(Number.NaN);
}

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
      const expiresAt = body.expiresAt ? parseDateTime(body.expiresAt) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw invalid('expiresAt: must be a date-time with its offset (ISO 8601, e.g. 2026-06-30T18:00:00Z)');
      if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt: must be in the future');
      const title = body.title?.trim() || (await app.rental.db.selectFrom('rental.partners').select('display_name').where('id', '=', partnerId).executeTakeFirstOrThrow()).display_name;
      const { row } = await createShareLink(app.rental.db, app.rental.keys, { apartmentId, partnerId, fullData: body.fullData, title, expiresAt }, now);
      app.rental.noteWrites(1);
      return sendModel(reply.code(201), shareLinkModel(app.rental.sharing, row, now));
    },
  });
}

import { Type } from 'typebox';
import { partnerOf } from '../http/auth.ts';
import type { RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { StringEnum } from '../http/schemas-input.ts';
import { invalid } from '../errors.ts';
import { apartmentNextLink, basicApplication, listLinkedApartments, type ApartmentListQuery } from '../tenants/apartment-list.ts';
import { loadApplicationModel } from '../tenants/application-model.ts';
import { parseAfter } from '../tenants/cursor.ts';

/** Each row renders a whole application: the page is bounded so that one request stays cheap. */
const MAX_LIMIT = 1000;

const Query = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    // DossierFacile answers 500 for any other value (§3.2.3); it is refused by name here.
    orderBy: Type.Optional(StringEnum(['LAST_UPDATE_DATE'])),
    format: Type.Optional(StringEnum(['NORMAL', 'EXTENDED'])),
  },
  { additionalProperties: true },
);

const Application = Type.Object(
  { id: Type.Integer(), applicationType: Type.String(), status: Type.String(), lastUpdateDate: Type.String(), tenants: Type.Array(Type.Unknown()) },
  { additionalProperties: true },
);

export function listApartmentSharings(app: RentalApp) {
  app.get(
    '/apartmentSharing',
    {
      schema: {
        operationId: 'listApartmentSharings',
        tags: ['tenant'],
        summary: 'The applications (ApplicationModel) of the partner’s tenants changed after a date (incremental cursor)',
        description:
          '`format=NORMAL` (default) leaves out documents, guarantors and franceConnect; `EXTENDED` gives the whole model. ' +
          'Each application appears once per page, oldest change first; `after=null` (as `nextLink` writes it when there is no date) means from the start. ' +
          `\`limit\`: 100 by default, ${MAX_LIMIT} at most.`,
        querystring: Query,
        response: rentalResponses(Type.Object({ data: Type.Array(Application), metadata: Type.Object({ limit: Type.Integer(), resultCount: Type.Integer(), nextLink: Type.String() }) })),
      },
    },
    async (request) => {
      const q = request.query as { after?: string; limit?: number; format?: ApartmentListQuery['format'] };
      const after = q.after === undefined || q.after === '' || q.after === 'null' ? null : parseAfter(q.after);
      if (q.after && q.after !== 'null' && !after) throw invalid('after: must be an ISO date-time such as 2020-01-31T10:30:00');
      const query: ApartmentListQuery = { limit: q.limit ?? 100, after, format: q.format ?? 'NORMAL' };
      const { db } = app.rental;
      const partnerId = partnerOf(request).id;
      const rows = await listLinkedApartments(db, partnerId, query);
      const data: Record<string, unknown>[] = [];
      for (const row of rows) {
        const model = await loadApplicationModel(db, row.id, partnerId, app.rental.apiBase, app.rental.sharing);
        data.push(query.format === 'EXTENDED' ? model : basicApplication(model));
      }
      return { data, metadata: { limit: query.limit, resultCount: data.length, nextLink: apartmentNextLink(app.rental.settings.prefix, query, rows.at(-1)?.last_update_date ?? null) } };
    },
  );
}

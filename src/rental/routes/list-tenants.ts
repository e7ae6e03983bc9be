import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { partnerOf } from '../http/auth.ts';
import { invalid } from '../errors.ts';
import { rentalResponses } from '../http/responses.ts';
import { StringEnum } from '../http/schemas-input.ts';
import { nextLink, parseAfter, type ListQuery } from '../tenants/cursor.ts';
import { listTenants } from '../tenants/list.ts';

const Query = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    orderBy: Type.Optional(StringEnum(['LAST_UPDATE_DATE', 'CREATION_DATE'])),
    includeDeleted: Type.Optional(Type.Boolean()),
    includeRevoked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const TenantUpdate = Type.Object({
  id: Type.Integer(),
  apartmentSharingId: Type.Union([Type.Integer(), Type.Null()]),
  lastUpdateDate: Nullable(Type.String()),
  creationDate: Nullable(Type.String()),
  deletionDate: Nullable(Type.String()),
  revocationDate: Nullable(Type.String()),
});

export function listTenantsRoute(app: RentalApp) {
  app.get(
    '/tenant',
    {
      schema: {
        operationId: 'listTenants',
        tags: ['tenant'],
        summary: 'The partner’s tenants changed after a date, with deleted and revoked ones on demand (incremental cursor)',
        querystring: Query,
        response: rentalResponses(Type.Object({ data: Type.Array(TenantUpdate), metadata: Type.Object({ limit: Type.Integer(), resultCount: Type.Integer(), nextLink: Type.String() }) })),
      },
    },
    async (request) => {
      const q = request.query as { after?: string; limit?: number; orderBy?: ListQuery['orderBy']; includeDeleted?: boolean; includeRevoked?: boolean };
      const after = q.after === undefined || q.after === '' ? null : parseAfter(q.after);
      if (q.after && !after) throw invalid('after: must be an ISO date-time such as 2020-01-31T10:30:00');
      const query: ListQuery = { limit: q.limit ?? 1000, orderBy: q.orderBy ?? 'LAST_UPDATE_DATE', after, includeDeleted: q.includeDeleted ?? false, includeRevoked: q.includeRevoked ?? false };
      // DossierFacile answers 500 here (§3.1); the combination is refused by name instead.
      if (query.orderBy === 'CREATION_DATE' && (query.includeDeleted || query.includeRevoked)) {
        throw invalid('orderBy: CREATION_DATE cannot be combined with includeDeleted or includeRevoked');
      }
      const rows = await listTenants(app.rental.db, partnerOf(request).id, query);
      return {
        data: rows.map((r) => r.update),
        metadata: { limit: query.limit, resultCount: rows.length, nextLink: nextLink(app.rental.settings.prefix, query, rows.at(-1) ?? null) },
      };
    },
  );
}

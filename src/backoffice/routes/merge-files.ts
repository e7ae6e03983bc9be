import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';

export function mergeFiles(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/merges',
    operationId: 'mergeFiles',
    summary: "Moves every tenant of `tenantId`'s file into `intoTenantId`'s file (as co-tenants): MERGED_ACCOUNT for every tenant of the merged file",
    tags: ['support'],
    role: 'SUPPORT',
    body: Type.Object({ tenantId: Id, intoTenantId: Id }, { additionalProperties: false }),
    ok: Type.Object({ apartmentSharingId: Type.Integer(), tenantIds: Type.Array(Type.Integer()) }),
    conflict: 'CONFLICT: both tenants are already in the same file',
    async handler(request, reply) {
      const body = request.body as { tenantId: number; intoTenantId: number };
      return sendJson(reply, 200, await app.backoffice.desk.merge(sessionOf(request).operator.id, body.tenantId, body.intoTenantId));
    },
  });
}

import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';

export function dissociateTenant(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/tenants/:tenantId/dissociate',
    operationId: 'dissociateTenant',
    summary:
      'Detaches a JOIN co-tenant into a file of its own: DISSOCIATED_ACCOUNT for it and each remaining tenant; its partner links are revoked (ACCESS_REVOKED, §1.3)',
    tags: ['support'],
    role: 'SUPPORT',
    params: Type.Object({ tenantId: Id }),
    ok: Type.Object({ tenantId: Type.Integer(), apartmentSharingId: Type.Integer(), revokedPartnerIds: Type.Array(Type.Integer()) }),
    conflict: 'CONFLICT: the tenant created its file (only a JOIN co-tenant can be dissociated)',
    async handler(request, reply) {
      const { tenantId } = request.params as { tenantId: number };
      return sendJson(reply, 200, await app.backoffice.desk.dissociate(sessionOf(request).operator.id, tenantId));
    },
  });
}

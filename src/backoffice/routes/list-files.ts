import { Type } from 'typebox';
import type { TenantFileStatus } from '../../rental/index.ts';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { FileStatus, Id } from './schemas.ts';

export function listFiles(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/files',
    operationId: 'listFiles',
    summary: 'Tenant files to review, the longest waiting first (status TO_PROCESS unless asked otherwise), one page at a time',
    tags: ['files'],
    role: 'OPERATOR',
    querystring: Type.Object({
      status: Type.Optional(FileStatus),
      partnerId: Type.Optional(Id),
      cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    }),
    ok: Type.Object({
      items: Type.Array(
        Type.Object({
          tenantId: Type.Integer(),
          apartmentSharingId: Type.Integer(),
          firstName: Type.Union([Type.String(), Type.Null()]),
          lastName: Type.Union([Type.String(), Type.Null()]),
          status: Type.String(),
          tenantType: Type.String(),
          lastUpdateDate: Type.String(),
          partnerIds: Type.Array(Type.Integer()),
        }),
      ),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    }),
    async handler(request, reply) {
      const q = request.query as { status?: TenantFileStatus; partnerId?: number; cursor?: string; limit?: number };
      return sendJson(reply, 200, await app.backoffice.desk.listFiles({ status: q.status, partnerId: q.partnerId, cursor: q.cursor, limit: q.limit ?? 50 }));
    },
  });
}

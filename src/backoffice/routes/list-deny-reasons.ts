import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Category, DenyReasonModel, UserType } from './schemas.ts';

export function listDenyReasons(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/deny-reasons',
    operationId: 'listDenyReasons',
    summary: 'The deny reasons an operator can tick (§6.3), by category; disabled ones on request',
    tags: ['deny reasons'],
    role: 'OPERATOR',
    querystring: Type.Object({ documentCategory: Type.Optional(Category), documentUserType: Type.Optional(UserType), includeDisabled: Type.Optional(Type.Boolean()) }),
    ok: Type.Array(DenyReasonModel),
    async handler(request, reply) {
      return sendJson(reply, 200, await app.backoffice.desk.listDenyOptions(request.query as never));
    },
  });
}

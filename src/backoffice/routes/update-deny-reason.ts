import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Category, Code, DenyReasonModel, Id, MessageValue, SubCategory, UserType } from './schemas.ts';

export function updateDenyReason(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'PUT',
    url: '/deny-reasons/:id',
    operationId: 'updateDenyReason',
    summary: 'Changes the given fields of a deny reason; `disabled: true` retires it (past denials keep their snapshot)',
    tags: ['deny reasons'],
    role: 'ADMIN',
    params: Type.Object({ id: Id }),
    body: Type.Object(
      {
        code: Type.Optional(Code),
        messageValue: Type.Optional(MessageValue),
        documentCategory: Type.Optional(Category),
        documentSubCategory: Type.Optional(Type.Union([SubCategory, Type.Null()])),
        documentUserType: Type.Optional(UserType),
        disabled: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    ok: DenyReasonModel,
    conflict: 'CONFLICT: another deny reason has this code',
    async handler(request, reply) {
      const { id } = request.params as { id: number };
      return sendJson(reply, 200, await app.backoffice.desk.updateDenyOption(id, request.body as never));
    },
  });
}

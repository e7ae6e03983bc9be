import { Type } from 'typebox';
import type { DenyOptionInput } from '../../rental/index.ts';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Category, Code, DenyReasonModel, MessageValue, SubCategory, UserType } from './schemas.ts';

export function createDenyReason(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/deny-reasons',
    operationId: 'createDenyReason',
    summary: 'Adds a deny reason',
    tags: ['deny reasons'],
    role: 'ADMIN',
    body: Type.Object(
      { code: Code, messageValue: MessageValue, documentCategory: Category, documentSubCategory: Type.Union([SubCategory, Type.Null()]), documentUserType: UserType },
      { additionalProperties: false },
    ),
    ok: DenyReasonModel,
    okStatus: 201,
    conflict: 'CONFLICT: a deny reason with this code exists already',
    async handler(request, reply) {
      return sendJson(reply, 201, await app.backoffice.desk.createDenyOption(request.body as DenyOptionInput));
    },
  });
}

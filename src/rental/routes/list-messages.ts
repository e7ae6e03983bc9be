import { Type } from 'typebox';
import { sendModel, type RentalApp } from '../http/context.ts';
import { MessageSchema as Message } from '../http/schemas.ts';
import { listMessages } from '../messages/messages.ts';
import { tenantRoute } from './tenant-route.ts';

export function listMessagesRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'GET',
    path: '/tenant/:tenantId/message',
    operationId: 'listMessages',
    summary: 'The tenant’s messages, newest first',
    ok: Type.Array(Message),
    handle: async (tenantId, _id, _request, reply) => sendModel(reply, await listMessages(app.rental.db, tenantId)),
  });
}

import { Type } from 'typebox';
import { sendModel, type RentalApp } from '../http/context.ts';
import { MessageSchema as Message } from '../http/schemas.ts';
import { markRead } from '../messages/messages.ts';
import { tenantRoute } from './tenant-route.ts';

export function markMessagesReadRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'PUT',
    path: '/tenant/:tenantId/message/read',
    operationId: 'markMessagesRead',
    summary: 'Marks the messages to the tenant as READ and answers them',
    ok: Type.Array(Message),
    handle: async (tenantId, _id, _request, reply) => sendModel(reply, await markRead(app.rental.db, tenantId)),
  });
}

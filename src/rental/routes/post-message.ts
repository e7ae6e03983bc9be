import { Type } from 'typebox';
import { sendModel, type RentalApp } from '../http/context.ts';
import { MessageSchema as Message } from '../http/schemas.ts';
import { Lenient, NotBlank } from '../http/schemas-input.ts';
import { postMessage } from '../messages/messages.ts';
import { tenantRoute } from './tenant-route.ts';

export function postMessageRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'POST',
    path: '/tenant/:tenantId/message',
    operationId: 'postMessage',
    summary: 'A message from the tenant; its DECLINED documents go back to TO_PROCESS',
    body: Type.Object({ messageBody: NotBlank(10_000) }, Lenient),
    ok: Message,
    async handle(tenantId, _id, request, reply) {
      const { messageBody } = request.body as { messageBody: string };
      const message = await postMessage(app.rental.db, tenantId, messageBody, app.rental.now());
      app.rental.noteWrites(2);
      return sendModel(reply, message);
    },
  });
}

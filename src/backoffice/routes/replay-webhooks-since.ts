import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';

export function replayWebhooksSince(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/webhooks/replay',
    operationId: 'replayWebhooksSince',
    summary: 'Sends again every delivered or dead webhook recorded since `since` (of one partner; dead ones only), in recording order',
    tags: ['webhooks'],
    role: 'SUPPORT',
    body: Type.Object(
      {
        since: Type.String({ format: 'date-time', maxLength: 40 }),
        partnerId: Type.Optional(Id),
        deadOnly: Type.Optional(Type.Boolean({ default: false })),
      },
      { additionalProperties: false },
    ),
    ok: Type.Object({ replayed: Type.Integer(), skippedErased: Type.Integer({ description: 'Deliveries whose payload retention erased' }) }),
    async handler(request, reply) {
      const body = request.body as { since: string; partnerId?: number; deadOnly?: boolean };
      const result = await app.backoffice.desk.replayWebhooksSince({ since: new Date(body.since), partnerId: body.partnerId, deadOnly: body.deadOnly ?? false });
      request.log.info({ operatorId: sessionOf(request).operator.id, ...result }, 'webhook replay since a date requested');
      return sendJson(reply, 200, result);
    },
  });
}

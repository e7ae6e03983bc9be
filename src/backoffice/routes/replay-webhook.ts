import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { DeliverySummary, WebhookId } from './webhook-schemas.ts';

export function replayWebhook(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/webhooks/:webhookId/replay',
    operationId: 'replayWebhook',
    summary: 'Sends one delivered or dead webhook again, under the same webhook-id and with the same payload (receivers deduplicate on it)',
    tags: ['webhooks'],
    role: 'SUPPORT',
    params: Type.Object({ webhookId: WebhookId }),
    ok: DeliverySummary,
    conflict: 'CONFLICT: the delivery is already pending, or its payload was erased by retention',
    async handler(request, reply) {
      const { webhookId } = request.params as { webhookId: string };
      const summary = await app.backoffice.desk.replayWebhook(webhookId);
      request.log.info({ operatorId: sessionOf(request).operator.id, webhookId }, 'webhook replay requested');
      return sendJson(reply, 200, summary);
    },
  });
}

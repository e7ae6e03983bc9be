import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';
import { DeliverySummary } from './webhook-schemas.ts';

export function listDeadWebhooks(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/webhooks/dead',
    operationId: 'listDeadWebhooks',
    summary: 'Webhook deliveries that failed for good (retries exhausted), newest first',
    tags: ['webhooks'],
    role: 'SUPPORT',
    querystring: Type.Object({ partnerId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
    ok: Type.Object({ items: Type.Array(DeliverySummary) }),
    async handler(request, reply) {
      const q = request.query as { partnerId?: number; limit?: number };
      return sendJson(reply, 200, { items: await app.backoffice.desk.deadWebhooks({ partnerId: q.partnerId, limit: q.limit ?? 100 }) });
    },
  });
}

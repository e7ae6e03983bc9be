import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';

export function resendWebhook(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/tenants/:tenantId/resend-webhook',
    operationId: 'resendWebhook',
    summary: "Sends the tenant's webhook again (§9.1): VERIFIED_ACCOUNT if VALIDATED, else CREATED_ACCOUNT, to every partner of its apartment",
    tags: ['support'],
    role: 'SUPPORT',
    params: Type.Object({ tenantId: Id }),
    ok: Type.Object({ eventType: Type.String(), deliveries: Type.Integer({ description: 'Partners the event was recorded for' }) }),
    async handler(request, reply) {
      const { tenantId } = request.params as { tenantId: number };
      return sendJson(reply, 200, await app.backoffice.desk.resendWebhook(sessionOf(request).operator.id, tenantId));
    },
  });
}

import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { BackofficeError } from '../errors.ts';
import { operatorRoute } from '../http/route.ts';
import { Id } from './schemas.ts';

/** `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset (the route also refuses impossible dates). */
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

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
        since: Type.String({ pattern: ISO_INSTANT, maxLength: 40, description: 'An ISO 8601 instant, e.g. 2026-12-01T09:00:00Z' }),
        partnerId: Type.Optional(Id),
        deadOnly: Type.Optional(Type.Boolean({ default: false })),
      },
      { additionalProperties: false },
    ),
    ok: Type.Object({ replayed: Type.Integer(), skippedErased: Type.Integer({ description: 'Deliveries whose payload retention erased' }) }),
    async handler(request, reply) {
      const body = request.body as { since: string; partnerId?: number; deadOnly?: boolean };
      const parsed = new Date(body.since);
      if (Number.isNaN(parsed.getTime())) throw new BackofficeError('INVALID', undefined, ['body/since: not a date']);
      // No delivery predates the epoch; earlier instants (year 0000, which the database refuses) mean "all".
      const since = parsed.getTime() < 0 ? new Date(0) : parsed;
      const result = await app.backoffice.desk.replayWebhooksSince({ since, partnerId: body.partnerId, deadOnly: body.deadOnly ?? false });
      request.log.info({ operatorId: sessionOf(request).operator.id, ...result }, 'webhook replay since a date requested');
      return sendJson(reply, 200, result);
    },
  });
}

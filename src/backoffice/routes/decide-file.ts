import { Type } from 'typebox';
import type { DocumentDecision } from '../../rental/index.ts';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { FileStatus, Id } from './schemas.ts';

export function decideFile(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/files/:tenantId/decision',
    operationId: 'decideFile',
    summary:
      'Decides every document to process of a TO_PROCESS tenant at once (§7.2 processFile): statuses, deny reasons, a message to the tenant listing them, the recomputed status and its webhook, audit rows, in one transaction',
    tags: ['files'],
    role: 'OPERATOR',
    params: Type.Object({ tenantId: Id }),
    body: Type.Object(
      {
        version: Type.String({ minLength: 1, maxLength: 64, description: 'The `version` of the file as opened' }),
        documents: Type.Array(
          Type.Object(
            {
              documentId: Id,
              decision: Type.Union([Type.Literal('VALIDATED'), Type.Literal('DECLINED')]),
              reasonIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
              comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
              monthlySum: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'FINANCIAL only: the corrected monthly sum (whole euros)' })),
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 200 },
        ),
      },
      { additionalProperties: false },
    ),
    ok: Type.Object({ tenantId: Type.Integer(), status: FileStatus, messageId: Type.Union([Type.Integer(), Type.Null()]), version: Type.String() }),
    conflict: 'NOT_TO_PROCESS: the tenant is not TO_PROCESS; STALE_VERSION: the file changed since it was opened (another operator decided it, or the tenant changed it): open it again',
    async handler(request, reply) {
      const { tenantId } = request.params as { tenantId: number };
      const body = request.body as { version: string; documents: DocumentDecision[] };
      return sendJson(reply, 200, await app.backoffice.desk.decide(sessionOf(request).operator.id, tenantId, body.version, body.documents));
    },
  });
}

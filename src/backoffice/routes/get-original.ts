import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { BackofficeError } from '../errors.ts';
import { binary } from '../http/responses.ts';
import { Id } from './schemas.ts';

export function getOriginal(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/files/:tenantId/originals/:fileId',
    operationId: 'getOriginal',
    summary: 'The original upload of a file of the tenant or of its guarantors (decrypted, not watermarked)',
    tags: ['files'],
    role: 'OPERATOR',
    params: Type.Object({ tenantId: Id, fileId: Id }),
    ok: binary('application/pdf, image/jpeg or image/png: the stored type'),
    async handler(request, reply) {
      const { tenantId, fileId } = request.params as { tenantId: number; fileId: number };
      const blob = await app.backoffice.desk.original(tenantId, fileId);
      if (!blob) throw new BackofficeError('NOT_FOUND', 'File not found');
      return reply.type(blob.contentType).header('cache-control', 'no-store').header('content-disposition', 'attachment').send(blob.bytes);
    },
  });
}

import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Envelope } from '../../../platform/crypto/envelope.ts';
import type { RentalDb } from '../../db.ts';
import type { RentalRuntime } from '../../module/runtime.ts';
import { COMMON_ERRORS, ShareError } from '../public-errors.ts';
import { idOf, linkOf, someTenantOf, TokenAndIdParams } from './link-of.ts';

/** A rendered blob (watermarked PDF, thumbnail) of the link's apartment, through a full link's token; never an original. */
export function sharedBlobRoute(
  app: FastifyInstance,
  runtime: RentalRuntime,
  route: {
    path: string;
    operationId: string;
    summary: string;
    contentType: 'application/pdf' | 'image/jpeg';
    find(db: RentalDb, tenantId: number, id: number): Promise<{ key: string; envelope: Envelope; downloadName?: string } | undefined>;
  },
) {
  app.get(
    route.path,
    {
      schema: {
        operationId: route.operationId,
        summary: route.summary,
        params: TokenAndIdParams,
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary', description: route.contentType }), ...COMMON_ERRORS },
      },
    },
    async (request, reply) => {
      const { token, id } = request.params as { token: string; id: string };
      const link = await linkOf(runtime, token, { full: true });
      const found = await route.find(runtime.db, await someTenantOf(runtime, link.apartment_sharing_id), idOf(id));
      const bytes = found ? await runtime.blobs.read(found.key, found.envelope) : null;
      if (!found || !bytes) throw new ShareError('DOCUMENT_NOT_FOUND');
      reply.type(route.contentType);
      if (found.downloadName) reply.header('content-disposition', `inline; filename="${found.downloadName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '')}"`);
      return reply.send(bytes);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { RentalRuntime } from '../../module/runtime.ts';
import { noteAccess } from '../links.ts';
import { COMMON_ERRORS, ShareError } from '../public-errors.ts';
import { loadSharedFile } from '../shared-file.ts';
import { SharedFileSchema, sharedFileView } from '../shared-view.ts';
import { linkOf, TokenParams } from './link-of.ts';

export function getSharedFileRoute(app: FastifyInstance, runtime: RentalRuntime) {
  app.get(
    '/partage/:token',
    {
      schema: {
        operationId: 'getSharedFile',
        summary: "What the landlord may see of the shared file: names, statuses and the summary; a full link adds the documents (watermarked PDFs, thumbnails) and the full-file PDF. Counts one access",
        params: TokenParams,
        response: { 200: SharedFileSchema, ...COMMON_ERRORS },
      },
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const link = await linkOf(runtime, token);
      const file = await loadSharedFile(runtime.db, link.apartment_sharing_id);
      if (!file) throw new ShareError('NOT_FOUND');
      await noteAccess(runtime.db, link.id, runtime.now());
      runtime.noteWrites(1);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(sharedFileView(runtime.sharing, link, token, file)));
    },
  );
}

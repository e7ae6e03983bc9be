import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { RentalRuntime } from '../../module/runtime.ts';
import { purgeStaleFullPdfParts, requestFullPdf } from '../full-pdf.ts';
import { COMMON_ERRORS, ShareError } from '../public-errors.ts';
import { linkOf, TokenParams } from './link-of.ts';

export const NOT_VALIDATED = { description: 'Un locataire n\'est pas VALIDATED, ou une pièce n\'a pas encore son PDF filigrané.', content: { 'application/json': { schema: Type.Unsafe({ $ref: 'ShareError#' }) } } };

export function postFullPdfRoute(app: FastifyInstance, runtime: RentalRuntime) {
  app.post(
    '/application/fullPdf/:token',
    {
      schema: {
        operationId: 'requestFullPdf',
        summary: 'Starts the generation of the full-file PDF (§10.3) of a full link\'s file, unless it runs or exists: 202 (empty)',
        params: TokenParams,
        response: { 202: Type.Null({ description: 'Accepté (corps vide).' }), ...COMMON_ERRORS, 417: NOT_VALIDATED },
      },
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const link = await linkOf(runtime, token, { full: true });
      await purgeStaleFullPdfParts(runtime.db, runtime.blobs, link.apartment_sharing_id);
      const outcome = await requestFullPdf(runtime, link.apartment_sharing_id);
      if (outcome === 'gone') throw new ShareError('NOT_FOUND');
      if (outcome === 'ineligible') throw new ShareError('NOT_VALIDATED');
      return reply.code(202).send();
    },
  );
}

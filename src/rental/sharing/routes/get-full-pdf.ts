import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { RentalRuntime } from '../../module/runtime.ts';
import { currentFullPdf, purgeStaleFullPdfParts, requestFullPdf } from '../full-pdf.ts';
import { COMMON_ERRORS, ShareError } from '../public-errors.ts';
import { linkOf, TokenParams } from './link-of.ts';
import { NOT_VALIDATED } from './post-full-pdf.ts';

export function getFullPdfRoute(app: FastifyInstance, runtime: RentalRuntime) {
  app.get(
    '/application/fullPdf/:token',
    {
      schema: {
        operationId: 'getFullPdf',
        summary: 'The full-file PDF (§10.3) when it is ready, streamed; otherwise starts its generation and answers 409 "File is not yet available retry later"',
        params: TokenParams,
        response: {
          200: Type.Unsafe({ type: 'string', format: 'binary', description: 'application/pdf' }),
          ...COMMON_ERRORS,
          409: { description: '`File is not yet available retry later` : la génération est lancée ou en cours.', content: { 'application/json': { schema: Type.Unsafe({ $ref: 'ShareError#' }) } } },
          417: NOT_VALIDATED,
        },
      },
    },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const link = await linkOf(runtime, token, { full: true });
      const apartmentId = link.apartment_sharing_id;
      const ready = await currentFullPdf(runtime.db, apartmentId);
      // The first part is read before answering: a PDF whose blobs are gone is generated again.
      const first = ready ? await runtime.blobs.read(ready.parts[0]!.blob_key, { keyId: ready.parts[0]!.master_key_id, wrappedKey: Buffer.from(ready.parts[0]!.wrapped_key) }) : null;
      if (ready && first) {
        const { blobs } = runtime;
        const rest = ready.parts.slice(1);
        // One sealed part (FOYER_RENTAL_FULL_PDF_PART_KB) in memory at a time.
        const body = Readable.from(
          (async function* () {
            yield first;
            for (const part of rest) {
              const bytes = await blobs.read(part.blob_key, { keyId: part.master_key_id, wrappedKey: Buffer.from(part.wrapped_key) });
              if (!bytes) throw new Error('a part of the full PDF is missing');
              yield bytes;
            }
          })(),
        );
        return reply.type('application/pdf').header('content-length', String(ready.size)).header('content-disposition', 'inline; filename="dossier.pdf"').send(body);
      }
      if (ready) await runtime.db.updateTable('rental.apartment_sharings').set({ full_pdf_status: 'FAILED' }).where('id', '=', apartmentId).where('full_pdf_status', '=', 'COMPLETED').execute();
      await purgeStaleFullPdfParts(runtime.db, runtime.blobs, apartmentId);
      const outcome = await requestFullPdf(runtime, apartmentId);
      if (outcome === 'gone') throw new ShareError('NOT_FOUND');
      if (outcome === 'ineligible') throw new ShareError('NOT_VALIDATED');
      throw new ShareError('NOT_READY');
    },
  );
}

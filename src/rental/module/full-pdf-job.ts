import { defineJob } from '../../platform/queue/index.ts';
import { generateFullPdf } from '../sharing/full-pdf.ts';
import { rentalRuntime } from './runtime.ts';

/**
 * Generates an apartment's full-file PDF (§10.3), enqueued by `requestFullPdf` in the transaction that
 * sets IN_PROGRESS. A version invalidated since then (any write to a tenant) is not committed.
 */
export const fullPdfJob = defineJob<{ apartmentId: number; version: number }>({
  name: 'rental-full-pdf',
  version: 1,
  policy: 'short',
  retryLimit: 2,
  retryDelaySeconds: 5,
  retryBackoff: true,
  async handler(payload, { logger, module }) {
    const runtime = await rentalRuntime(module);
    const outcome = await generateFullPdf(runtime, payload.apartmentId, payload.version, module.now());
    logger.info({ apartmentId: payload.apartmentId, outcome }, 'rental full pdf');
  },
});

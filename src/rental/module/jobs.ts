import { defineJob } from '../../platform/queue/index.ts';
import { sweepOrphanBlobs } from '../documents/sweep.ts';
import { purgeStaleFullPdfParts } from '../sharing/full-pdf.ts';
import { countsOf } from '../retention/commands.ts';
import { runRetention } from '../retention/pipeline.ts';
import { pruneWebhookPayloads } from '../events/replay.ts';
import { rentalRuntime } from './runtime.ts';
import type { RentalSettings } from './settings.ts';

/**
 * The orphan sweeper, every hour (at :23, away from the hour's other jobs): removes the blobs of
 * uploads whose commit never happened, once they are older than FOYER_RENTAL_BLOB_SWEEP_GRACE_MINUTES.
 * `rental:blobs:sweep` runs the same function on demand.
 */
export const sweepOrphanBlobsJob = defineJob<Record<string, never>>({
  name: 'rental-blobs-sweep',
  version: 1,
  retryLimit: 1,
  schedule: { cron: '23 * * * *', payload: {} },
  async handler(_payload, { logger, module }) {
    const runtime = await rentalRuntime(module);
    const settings = module.settings as RentalSettings;
    const result = await sweepOrphanBlobs(runtime.db, runtime.store, module.now(), settings.blobSweepGraceMinutes * 60_000);
    const staleFullPdfParts = await purgeStaleFullPdfParts(runtime.db, runtime.blobs);
    logger.info({ ...result, staleFullPdfParts }, 'rental orphan blobs swept');
  },
});

/**
 * The retention run (§11): hard deletions after FOYER_RENTAL_DELETION_MONTHS without update, then the
 * inactivity warnings and archiving. Weekly on Mondays at 10:20 like DossierFacile's scheduler, or on
 * FOYER_RENTAL_RETENTION_CRON. `rental:retention:plan` prints what it would do; `rental:retention:run` runs it now.
 */
export const retentionJob = defineJob<Record<string, never>>({
  name: 'rental-retention',
  version: 1,
  retryLimit: 2,
  schedule: { cron: (settings: RentalSettings) => settings.retention.cron, payload: {} },
  async handler(_payload, { logger, module }) {
    const runtime = await rentalRuntime(module);
    const report = await runRetention({ db: runtime.db, blobs: runtime.blobs, mailer: runtime.mailer, settings: runtime.settings.retention, logger }, module.now());
    logger.info(countsOf(report), 'rental retention run');
  },
});

/**
 * Webhook payload retention, every hour at :41: a payload is erased FOYER_RENTAL_WEBHOOK_PAYLOAD_RETENTION_DAYS
 * after its delivery or death, and at once once delivered if its tenant is gone.
 */
export const pruneWebhookPayloadsJob = defineJob<Record<string, never>>({
  name: 'rental-webhook-payloads-prune',
  version: 1,
  retryLimit: 1,
  schedule: { cron: '41 * * * *', payload: {} },
  async handler(_payload, { logger, module }) {
    const runtime = await rentalRuntime(module);
    const result = await pruneWebhookPayloads(runtime.db, runtime.settings.webhooks.payloadRetentionDays);
    logger.info(result, 'rental webhook payloads pruned');
  },
});

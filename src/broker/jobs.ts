import { defineJob } from '../platform/queue/index.ts';

/**
 * Recorded in the same transaction as every file creation or update. Today its handler only logs
 * the change (ids only, no personal data); it is the hook where notifications to the broker's own
 * systems will hang, and it proves the transactional-enqueue path end to end.
 */
export const dossierChangedJob = defineJob<{ dossierId: string; brokerId: string; kind: 'created' | 'updated' }>({
  name: 'broker-dossier-changed',
  version: 1,
  async handler(payload, { logger }) {
    logger.info({ dossierId: payload.dossierId, kind: payload.kind }, 'dossier changed');
  },
});

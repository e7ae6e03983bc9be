import type { Database } from '../../platform/db/index.ts';
import { listDeadDeliveries, replayDelivery, ReplayError, replaySince, type DeliverySummary } from '../events/replay.ts';
import { runtimeOfDatabase } from '../module/runtime.ts';
import { OperatorDeskError } from './errors.ts';
import { createDenyOption, listDenyOptions, updateDenyOption, type DenyOption, type DenyOptionInput } from './deny-options.ts';
import { processFile, type DecisionOutcome, type DocumentDecision } from './decide.ts';
import { listFiles, openFile, originalOf, pdfOf, type FileListItem, type FileListQuery, type OperatorFile } from './files.ts';
import { dissociateTenant, mergeFiles, resendWebhook } from './support.ts';

/** A blob the back-office streams: decrypted bytes and how to label them. */
export interface DeskBlob {
  bytes: Buffer;
  contentType: string;
  downloadName?: string;
}

/**
 * What the rental module lets the back-office do with tenant files: the operator flow of §7.2 and the
 * support acts of §9. The back-office authenticates operators and checks their roles; the desk
 * writes through the rental runtime's own database handle (so the partner API's caches see every
 * change) and takes the acting operator's id for its audit rows.
 */
export interface OperatorDesk {
  listFiles(query: FileListQuery): Promise<{ items: FileListItem[]; nextCursor: string | null }>;
  openFile(tenantId: number): Promise<OperatorFile>;
  original(tenantId: number, fileId: number): Promise<DeskBlob | null>;
  pdf(tenantId: number, documentId: number): Promise<DeskBlob | null>;
  decide(operatorId: number, tenantId: number, version: string, documents: DocumentDecision[]): Promise<DecisionOutcome>;
  listDenyOptions(filter?: { includeDisabled?: boolean; documentCategory?: string; documentUserType?: string }): Promise<DenyOption[]>;
  createDenyOption(input: DenyOptionInput): Promise<DenyOption>;
  updateDenyOption(id: number, patch: Partial<DenyOptionInput> & { disabled?: boolean }): Promise<DenyOption>;
  resendWebhook(operatorId: number, tenantId: number): ReturnType<typeof resendWebhook>;
  dissociate(operatorId: number, tenantId: number): ReturnType<typeof dissociateTenant>;
  merge(operatorId: number, tenantId: number, intoTenantId: number): ReturnType<typeof mergeFiles>;
  /** Sends one webhook delivery again, under its own webhook-id (§9, issue 10). */
  replayWebhook(webhookId: string): Promise<DeliverySummary>;
  /** Sends again every delivered or dead webhook recorded since a date (of one partner, dead ones only). */
  replayWebhooksSince(options: { since: Date; partnerId?: number; deadOnly?: boolean }): Promise<{ replayed: number; skippedErased: number }>;
  /** Deliveries that failed for good, newest first. */
  deadWebhooks(options: { partnerId?: number; limit: number }): Promise<DeliverySummary[]>;
}

/**
 * The desk of the rental module mounted on this database. The rental surface must be mounted first
 * (it is: modules mount in the order of `src/modules.ts`); otherwise this says so at boot.
 */
export async function operatorDesk(database: Database): Promise<OperatorDesk> {
  const pending = runtimeOfDatabase(database);
  if (!pending) throw new Error('the operator desk needs the rental module: mount it before the back-office');
  const runtime = await pending;
  const { db, blobs, keys, now } = runtime;
  return {
    listFiles: (query) => listFiles(db, query),
    openFile: (tenantId) => openFile(db, tenantId),
    async original(tenantId, fileId) {
      const found = await originalOf(db, tenantId, fileId);
      const bytes = found ? await blobs.read(found.key, found.envelope) : null;
      return found && bytes ? { bytes, contentType: found.contentType } : null;
    },
    async pdf(tenantId, documentId) {
      const found = await pdfOf(db, tenantId, documentId);
      const bytes = found ? await blobs.read(found.key, found.envelope) : null;
      return found && bytes ? { bytes, contentType: 'application/pdf', downloadName: found.downloadName } : null;
    },
    decide: (operatorId, tenantId, version, documents) => processFile(db, { operatorId, tenantId, version, documents, now: now() }),
    listDenyOptions: (filter) => listDenyOptions(db, filter),
    createDenyOption: (input) => createDenyOption(db, input, now()),
    updateDenyOption: (id, patch) => updateDenyOption(db, id, patch, now()),
    resendWebhook: (operatorId, tenantId) => resendWebhook(db, { operatorId, tenantId, now: now() }),
    dissociate: (operatorId, tenantId) => dissociateTenant(db, { operatorId, tenantId, now: now() }),
    merge: (operatorId, tenantId, intoTenantId) => mergeFiles(db, keys, { operatorId, tenantId, intoTenantId, now: now() }),
    async replayWebhook(webhookId) {
      try {
        return await replayDelivery(db, webhookId);
      } catch (error) {
        if (error instanceof ReplayError) throw new OperatorDeskError(error.code, error.message);
        throw error;
      }
    },
    replayWebhooksSince: (options) => replaySince(db, options),
    deadWebhooks: (options) => listDeadDeliveries(db, options),
  };
}

import { masterKeyFor, masterKeyId, rewrap, type MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';

export class UnknownMasterKeyError extends Error {
  override name = 'UnknownMasterKeyError';
}

export interface RotationResult {
  /** Id of the master key every data key is now wrapped by. */
  masterKeyId: string;
  files: number;
  signingKeys: number;
  /** Rendered PDFs and thumbnails (§10.1, §10.2). */
  renders: number;
  /** Sealed share-link tokens. */
  shareLinks: number;
  /** Webhook payload snapshots and partner signing secrets. */
  webhooks: number;
}

/** A table's sealed-blob envelope: the row id and the two envelope columns. */
interface EnvelopeColumns {
  table: 'rental.files' | 'rental.signing_keys' | 'rental.documents' | 'rental.full_pdf_parts' | 'rental.share_links' | 'rental.webhook_events' | 'rental.partner_webhook_secrets';
  id: 'id' | 'kid';
  keyId: string;
  wrapped: string;
}

const FILES: EnvelopeColumns = { table: 'rental.files', id: 'id', keyId: 'master_key_id', wrapped: 'wrapped_key' };
const SIGNING_KEYS: EnvelopeColumns = { table: 'rental.signing_keys', id: 'kid', keyId: 'master_key_id', wrapped: 'wrapped_key' };
const THUMBNAILS: EnvelopeColumns = { table: 'rental.files', id: 'id', keyId: 'thumbnail_master_key_id', wrapped: 'thumbnail_wrapped_key' };
const PDFS: EnvelopeColumns = { table: 'rental.documents', id: 'id', keyId: 'pdf_master_key_id', wrapped: 'pdf_wrapped_key' };
const FULL_PDFS: EnvelopeColumns = { table: 'rental.full_pdf_parts', id: 'id', keyId: 'master_key_id', wrapped: 'wrapped_key' };
const SHARE_LINKS: EnvelopeColumns = { table: 'rental.share_links', id: 'id', keyId: 'token_master_key_id', wrapped: 'token_wrapped_key' };
const WEBHOOK_PAYLOADS: EnvelopeColumns = { table: 'rental.webhook_events', id: 'id', keyId: 'payload_master_key_id', wrapped: 'payload_wrapped_key' };
const WEBHOOK_SECRETS: EnvelopeColumns = { table: 'rental.partner_webhook_secrets', id: 'id', keyId: 'master_key_id', wrapped: 'wrapped_key' };
const ALL = [FILES, SIGNING_KEYS, THUMBNAILS, PDFS, FULL_PDFS, SHARE_LINKS, WEBHOOK_PAYLOADS, WEBHOOK_SECRETS];

/**
 * Rewraps every rental data key (file blobs, token signing keys) under the current master key; the
 * blobs themselves are not touched, only the wrapped keys in their rows. Each batch commits on its
 * own and each row is updated only if it still holds the envelope that was read, so the rotation can
 * be stopped, run again, or run while servers read and write.
 */
export async function rotateRentalKeys(db: RentalDb, keys: MasterKeyring, batchSize = 200): Promise<RotationResult> {
  const current = masterKeyId(keys.current);
  await refuseUnknownKeys(db, keys, current);
  return {
    masterKeyId: current,
    files: await rewrapTable(db, FILES, keys, current, batchSize),
    signingKeys: await rewrapTable(db, SIGNING_KEYS, keys, current, batchSize),
    renders: (await rewrapTable(db, PDFS, keys, current, batchSize)) + (await rewrapTable(db, THUMBNAILS, keys, current, batchSize)) + (await rewrapTable(db, FULL_PDFS, keys, current, batchSize)),
    shareLinks: await rewrapTable(db, SHARE_LINKS, keys, current, batchSize),
    webhooks: (await rewrapTable(db, WEBHOOK_PAYLOADS, keys, current, batchSize)) + (await rewrapTable(db, WEBHOOK_SECRETS, keys, current, batchSize)),
  };
}

/** Before changing anything: every old row must be readable with the keys configured. */
async function refuseUnknownKeys(db: RentalDb, keys: MasterKeyring, current: string): Promise<void> {
  const found = new Set<string>();
  for (const c of ALL) {
    // A null envelope (nothing rendered yet) is not `!= current`: only sealed rows are looked at.
    const rows = (await db.selectFrom(c.table).select(`${c.keyId} as key_id` as never).distinct().where(c.keyId as never, '!=', current as never).execute()) as unknown as { key_id: string }[];
    for (const row of rows) found.add(row.key_id);
  }
  const configured = new Set(keys.previous.map(masterKeyId));
  const unknown = [...found].filter((id) => !configured.has(id)).sort();
  if (unknown.length) {
    throw new UnknownMasterKeyError(`data keys are wrapped by master key ${unknown.join(', ')}, which is neither FOYER_MASTER_KEY nor in FOYER_MASTER_KEY_PREVIOUS: nothing was rewrapped`);
  }
}

async function rewrapTable(db: RentalDb, c: EnvelopeColumns, keys: MasterKeyring, current: string, batchSize: number): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (await db
      .selectFrom(c.table)
      .select([`${c.id} as row_id`, `${c.keyId} as key_id`, `${c.wrapped} as wrapped`] as never[])
      .where(c.keyId as never, '!=', current as never)
      .orderBy(c.id as never)
      .limit(batchSize)
      .execute()) as unknown as { row_id: number | string; key_id: string; wrapped: Buffer }[];
    if (!rows.length) return done;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const envelope = rewrap(masterKeyFor(keys, row.key_id), keys.current, { keyId: row.key_id, wrappedKey: Buffer.from(row.wrapped) });
        const result = await trx
          .updateTable(c.table)
          .set({ [c.keyId]: envelope.keyId, [c.wrapped]: envelope.wrappedKey } as never)
          .where(c.id as never, '=', row.row_id as never)
          .where(c.keyId as never, '=', row.key_id as never)
          .executeTakeFirst();
        done += Number(result.numUpdatedRows);
      }
    });
  }
}

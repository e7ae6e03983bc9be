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
}

type Table = 'rental.files' | 'rental.signing_keys';

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
    files: await rewrapTable(db, 'rental.files', 'id', keys, current, batchSize),
    signingKeys: await rewrapTable(db, 'rental.signing_keys', 'kid', keys, current, batchSize),
  };
}

/** Before changing anything: every old row must be readable with the keys configured. */
async function refuseUnknownKeys(db: RentalDb, keys: MasterKeyring, current: string): Promise<void> {
  const found = new Set<string>();
  for (const table of ['rental.files', 'rental.signing_keys'] as const) {
    const rows = await db.selectFrom(table).select('master_key_id').distinct().where('master_key_id', '!=', current).execute();
    for (const row of rows) found.add(row.master_key_id);
  }
  const configured = new Set(keys.previous.map(masterKeyId));
  const unknown = [...found].filter((id) => !configured.has(id)).sort();
  if (unknown.length) {
    throw new UnknownMasterKeyError(`data keys are wrapped by master key ${unknown.join(', ')}, which is neither FOYER_MASTER_KEY nor in FOYER_MASTER_KEY_PREVIOUS: nothing was rewrapped`);
  }
}

async function rewrapTable(db: RentalDb, table: Table, idColumn: 'id' | 'kid', keys: MasterKeyring, current: string, batchSize: number): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (await db
      .selectFrom(table)
      .select([idColumn, 'master_key_id', 'wrapped_key'] as never[])
      .where('master_key_id', '!=', current)
      .orderBy(idColumn as never)
      .limit(batchSize)
      .execute()) as unknown as { id?: number; kid?: string; master_key_id: string; wrapped_key: Buffer }[];
    if (!rows.length) return done;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const envelope = rewrap(masterKeyFor(keys, row.master_key_id), keys.current, { keyId: row.master_key_id, wrappedKey: Buffer.from(row.wrapped_key) });
        const result = await trx
          .updateTable(table)
          .set({ master_key_id: envelope.keyId, wrapped_key: envelope.wrappedKey })
          .where(idColumn as never, '=', (row.id ?? row.kid) as never)
          .where('master_key_id', '=', row.master_key_id)
          .executeTakeFirst();
        done += Number(result.numUpdatedRows);
      }
    });
  }
}

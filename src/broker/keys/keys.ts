import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../../platform/crypto/tokens.ts';
import type { BrokerDb } from '../db.ts';

/** Who is calling: the broker a key belongs to, and the browser origins that key may be used from. */
export interface BrokerActor {
  brokerId: string;
  keyId: string;
  allowedOrigins: string[];
}

export async function createBroker(db: BrokerDb, name: string): Promise<string> {
  const id = randomUUID();
  await db.insertInto('broker.brokers').values({ id, name }).execute();
  return id;
}

export interface NewKey {
  keyId: string;
  token: string;
}

/** Creates a key for a broker; the clear token is returned once and only its hash is kept. */
export async function createApiKey(
  db: BrokerDb,
  brokerId: string,
  options: { allowedOrigins?: string[]; label?: string } = {},
): Promise<NewKey> {
  const token = newToken('foyer_bk_');
  const keyId = randomUUID();
  await db
    .insertInto('broker.api_keys')
    .values({
      id: keyId,
      broker_id: brokerId,
      token_hash: hashToken(token),
      label: options.label ?? '',
      allowed_origins: normalizeOrigins(options.allowedOrigins ?? []),
    })
    .execute();
  return { keyId, token };
}

export async function findActor(db: BrokerDb, token: string): Promise<BrokerActor | null> {
  const row = await db
    .selectFrom('broker.api_keys')
    .select(['id', 'broker_id', 'allowed_origins'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { brokerId: row.broker_id, keyId: row.id, allowedOrigins: row.allowed_origins } : null;
}

export async function revokeApiKey(db: BrokerDb, keyId: string): Promise<boolean> {
  const result = await db
    .updateTable('broker.api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Origins are compared as the browser sends them: scheme://host[:port], lower case, no slash. */
export function normalizeOrigins(origins: string[]): string[] {
  return origins.map((o) => {
    const url = new URL(o);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`origin ${o}: http or https only`);
    return url.origin.toLowerCase();
  });
}

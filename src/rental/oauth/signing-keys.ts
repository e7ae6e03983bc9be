import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { open, seal, type MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The key that signs access tokens, shared by every process through the database: the first process
 * creates it (sealed under the master key), the others read it.
 */
export async function loadSigningKey(db: RentalDb, keys: MasterKeyring): Promise<SigningKey> {
  const existing = await newest(db);
  if (existing) return unseal(existing, keys);
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
  const sealed = seal(keys.current, `rental-signing-key/${kid}`, Buffer.from(JSON.stringify(await exportJWK(privateKey))));
  await db
    .insertInto('rental.signing_keys')
    .values({
      kid,
      public_jwk: JSON.stringify(publicJwk),
      sealed_private: sealed.body,
      master_key_id: sealed.envelope.keyId,
      wrapped_key: sealed.envelope.wrappedKey,
    })
    .execute();
  // Two processes starting together may both insert: everyone uses the newest, so they agree.
  return unseal((await newest(db))!, keys);
}

type Row = { kid: string; public_jwk: unknown; sealed_private: Buffer; master_key_id: string; wrapped_key: Buffer };

async function newest(db: RentalDb): Promise<Row | undefined> {
  return db
    .selectFrom('rental.signing_keys')
    .select(['kid', 'public_jwk', 'sealed_private', 'master_key_id', 'wrapped_key'])
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .limit(1)
    .executeTakeFirst();
}

async function unseal(row: Row, keys: MasterKeyring): Promise<SigningKey> {
  const plain = open(keys, `rental-signing-key/${row.kid}`, {
    body: Buffer.from(row.sealed_private),
    envelope: { keyId: row.master_key_id, wrappedKey: Buffer.from(row.wrapped_key) },
  });
  const privateKey = (await importJWK(JSON.parse(plain.toString('utf8')) as JWK, SIGNING_ALG)) as CryptoKey;
  const publicJwk = (typeof row.public_jwk === 'string' ? JSON.parse(row.public_jwk) : row.public_jwk) as JWK;
  return { kid: row.kid, privateKey, publicJwk };
}

/** All public keys, for the JWKS (an old key stays listed so tokens it signed still verify). */
export async function publicKeys(db: RentalDb): Promise<JWK[]> {
  const rows = await db.selectFrom('rental.signing_keys').select('public_jwk').orderBy('created_at', 'desc').execute();
  return rows.map((r) => (typeof r.public_jwk === 'string' ? JSON.parse(r.public_jwk) : r.public_jwk) as JWK);
}

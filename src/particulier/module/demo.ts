import type { DemoSeed } from '../../platform/module.ts';
import { ALL_SCOPES } from '../catalogue/scopes.ts';
import { asParticulierDb } from '../db.ts';
import { tokenSecret } from '../tokens/jwt.ts';
import { createToken } from '../tokens/store.ts';
import type { ParticulierSettings } from './settings.ts';

const TEN_YEARS_MS = 10 * 365.25 * 86_400_000;

/** A token holding every scope, like the staging `default` token. */
export const particulierDemo: DemoSeed<ParticulierSettings> = {
  async create({ db, masterKey, now }) {
    const expiresAt = new Date(now().getTime() + TEN_YEARS_MS);
    const { jti, token } = await createToken(asParticulierDb(db.kysely), tokenSecret(masterKey), { name: 'demo', scopes: ALL_SCOPES, expiresAt }, now());
    return { token, jti };
  },
  describe(credentials, { publicUrl, settings }) {
    return `citizen-data API  ${publicUrl}${settings.prefix}  Authorization: Bearer ${String(credentials.token)}  (e.g. ${settings.prefix}/v3/dss/quotient_familial/identite?recipient=13002526500013&…)`;
  },
};

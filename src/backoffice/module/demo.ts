import { randomBytes } from 'node:crypto';
import type { DemoSeed } from '../../platform/module.ts';
import { asBackofficeDb } from '../db.ts';
import { createOperator } from '../operators/accounts.ts';
import type { BackofficeSettings } from './settings.ts';

/** A demo ADMIN operator: its email and password join `demo-credentials.json` under `backoffice`. */
export const backofficeDemo: DemoSeed<BackofficeSettings> = {
  async create({ db }) {
    const { operator, password } = await createOperator(asBackofficeDb(db.kysely), { email: `demo-operator-${randomBytes(3).toString('hex')}@foyer.invalid`, role: 'ADMIN' });
    return { email: operator.email, password, role: operator.role };
  },
  describe(credentials, { publicUrl, settings }) {
    return `back-office ${publicUrl}${settings.prefix}  login: POST ${publicUrl}${settings.prefix}/login email=${String(credentials.email)} password=${String(credentials.password)} (${String(credentials.role)})`;
  },
};

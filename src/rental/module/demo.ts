import { randomBytes } from 'node:crypto';
import type { DemoSeed } from '../../platform/module.ts';
import { asRentalDb } from '../db.ts';
import { createPartner } from '../partners/partners.ts';
import type { RentalSettings } from './settings.ts';

/** A demo partner: its client id and secret join `demo-credentials.json` under `rental`. */
export const rentalDemo: DemoSeed<RentalSettings> = {
  async create({ db }) {
    const { partner, clientSecret } = await createPartner(asRentalDb(db.kysely), {
      name: `demo-partner-${randomBytes(3).toString('hex')}`,
      displayName: 'Partenaire de démonstration',
    });
    return { clientId: partner.name, clientSecret };
  },
  describe(credentials, { publicUrl, settings }) {
    return `rental API  ${publicUrl}${settings.prefix}  token: POST ${publicUrl}${settings.oauthPrefix}/token client_id=${String(credentials.clientId)} client_secret=${String(credentials.clientSecret)}`;
  },
};

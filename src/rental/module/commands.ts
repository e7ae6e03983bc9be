import { CommandError, type CliCommand } from '../../platform/module.ts';
import { asRentalDb } from '../db.ts';
import { createPartner, PartnerInputError } from '../partners/partners.ts';
import { sweepOrphanBlobs } from '../documents/sweep.ts';
import { rotateRentalKeys, UnknownMasterKeyError } from '../keys/rotate.ts';
import { loadMasterKey } from '../../platform/crypto/master-key.ts';
import { openBlobStore } from '../../platform/storage/index.ts';
import { rentalRuntime } from './runtime.ts';
import type { RentalSettings } from './settings.ts';

export const rentalCommands: CliCommand<RentalSettings>[] = [
  {
    name: 'rental:partner:create',
    summary: '--name CLIENT_ID --display-name NAME [--callback-url URL --callback-api-key KEY]  create a partner (secret printed once)',
    options: {
      name: { type: 'string' },
      'display-name': { type: 'string' },
      'callback-url': { type: 'string' },
      'callback-api-key': { type: 'string' },
    },
    async run({ db }, values) {
      if (!values.name) throw new CommandError('--name is required');
      if (!values['display-name']) throw new CommandError('--display-name is required');
      try {
        const { partner, clientSecret } = await createPartner(asRentalDb(db.kysely), {
          name: String(values.name),
          displayName: String(values['display-name']),
          callbackUrl: (values['callback-url'] as string | undefined) ?? null,
          callbackApiKey: (values['callback-api-key'] as string | undefined) ?? null,
        });
        return { partnerId: partner.id, clientId: partner.name, clientSecret };
      } catch (error) {
        if (error instanceof PartnerInputError) throw new CommandError(error.message);
        throw error;
      }
    },
  },
  {
    name: 'rental:blobs:sweep',
    summary: '[--grace-minutes N]  remove uploaded blobs that no file references (uploads whose commit never happened); the hourly job does the same',
    options: { 'grace-minutes': { type: 'string' } },
    async run({ db, config, settings, server }, values) {
      const minutes = values['grace-minutes'] === undefined ? settings.blobSweepGraceMinutes : Number(values['grace-minutes']);
      if (!Number.isInteger(minutes) || minutes < 0) throw new CommandError('--grace-minutes: a whole number of minutes');
      const store = server ? (await rentalRuntime(server)).store : openBlobStore(config);
      try {
        return await sweepOrphanBlobs(asRentalDb(db.kysely), store, server?.now() ?? new Date(), minutes * 60_000);
      } finally {
        if (!server) store.close?.();
      }
    },
  },
  {
    name: 'rental:keys:rotate',
    summary: 'rewrap every rental data key under FOYER_MASTER_KEY (old keys in FOYER_MASTER_KEY_PREVIOUS); blobs are not rewritten; resumable',
    options: {},
    async run({ db, config, server }) {
      const current = server?.masterKey ?? loadMasterKey(config.masterKey, config.dataDir);
      try {
        return await rotateRentalKeys(asRentalDb(db.kysely), { current, previous: config.previousMasterKeys });
      } catch (error) {
        if (error instanceof UnknownMasterKeyError) throw new CommandError(error.message);
        throw error;
      }
    },
  },
];

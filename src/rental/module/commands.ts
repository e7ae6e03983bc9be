import { CommandError, type CliCommand } from '../../platform/module.ts';
import { asRentalDb } from '../db.ts';
import { createPartner, PartnerInputError } from '../partners/partners.ts';
import { sweepOrphanBlobs } from '../documents/sweep.ts';
import { rotateRentalKeys, UnknownMasterKeyError } from '../keys/rotate.ts';
import { loadMasterKey } from '../../platform/crypto/master-key.ts';
import { openBlobStore } from '../../platform/storage/index.ts';
import { rentalRuntime } from './runtime.ts';
import type { RentalSettings } from './settings.ts';
import type { CommandContext } from '../../platform/module.ts';
import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import { addWebhookSecret, rotateWebhookSecret } from '../events/secrets.ts';
import { deliveryAttempts, listDeadDeliveries, replayDelivery, ReplayError, replaySince } from '../events/replay.ts';

function keyringOf({ config, server }: CommandContext<RentalSettings>): MasterKeyring {
  return { current: server?.masterKey ?? loadMasterKey(config.masterKey, config.dataDir), previous: config.previousMasterKeys };
}

async function partnerIdOf(context: CommandContext<RentalSettings>, name: unknown): Promise<number> {
  if (typeof name !== 'string' || !name) throw new CommandError('--partner: the partner\'s client id is required');
  const row = await asRentalDb(context.db.kysely).selectFrom('rental.partners').select('id').where('name', '=', name).executeTakeFirst();
  if (!row) throw new CommandError(`--partner: no partner named ${name}`);
  return row.id;
}

/** Inside the server, a replay is picked up at once instead of at the dispatcher's next poll. */
async function kickDispatcher(context: CommandContext<RentalSettings>): Promise<void> {
  if (context.server) (await rentalRuntime(context.server)).webhooks?.kick();
}

export const rentalCommands: CliCommand<RentalSettings>[] = [
  {
    name: 'rental:partner:create',
    summary: '--name CLIENT_ID --display-name NAME [--callback-url URL --callback-api-key KEY]  create a partner (client and webhook signing secrets printed once)',
    options: {
      name: { type: 'string' },
      'display-name': { type: 'string' },
      'callback-url': { type: 'string' },
      'callback-api-key': { type: 'string' },
    },
    async run(context, values) {
      const { db } = context;
      if (!values.name) throw new CommandError('--name is required');
      if (!values['display-name']) throw new CommandError('--display-name is required');
      try {
        const { partner, clientSecret } = await createPartner(asRentalDb(db.kysely), {
          name: String(values.name),
          displayName: String(values['display-name']),
          callbackUrl: (values['callback-url'] as string | undefined) ?? null,
          callbackApiKey: (values['callback-api-key'] as string | undefined) ?? null,
        });
        // The Standard Webhooks signing secret, shown once like the client secret (rotate it with rental:webhooks:secret:rotate).
        const webhookSecret = await addWebhookSecret(asRentalDb(db.kysely), keyringOf(context), partner.id, null);
        return { partnerId: partner.id, clientId: partner.name, clientSecret, webhookSecret };
      } catch (error) {
        if (error instanceof PartnerInputError) throw new CommandError(error.message);
        throw error;
      }
    },
  },
  {
    name: 'rental:webhooks:secret:rotate',
    summary: '--partner CLIENT_ID [--overlap-hours N]  new webhook signing secret (printed once); the old one keeps signing for the overlap (default 24 h)',
    options: { partner: { type: 'string' }, 'overlap-hours': { type: 'string' } },
    async run(context, values) {
      const partnerId = await partnerIdOf(context, values.partner);
      const hours = values['overlap-hours'] === undefined ? 24 : Number(values['overlap-hours']);
      if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 30) throw new CommandError('--overlap-hours: a number of hours between 0 and 720');
      const { secret, previousRetiresAt } = await rotateWebhookSecret(asRentalDb(context.db.kysely), keyringOf(context), partnerId, hours * 3_600_000);
      return { partner: values.partner, webhookSecret: secret, previousSecretRetiresAt: previousRetiresAt.toISOString() };
    },
  },
  {
    name: 'rental:webhooks:dead',
    summary: '[--partner CLIENT_ID] [--limit N]  list dead webhook deliveries, newest first',
    options: { partner: { type: 'string' }, limit: { type: 'string' } },
    async run(context, values) {
      const partnerId = values.partner === undefined ? undefined : await partnerIdOf(context, values.partner);
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CommandError('--limit: a whole number between 1 and 10000');
      return { dead: await listDeadDeliveries(asRentalDb(context.db.kysely), { partnerId, limit }) };
    },
  },
  {
    name: 'rental:webhooks:attempts',
    summary: '--id WEBHOOK_ID  the delivery log of one webhook (one row per attempt: status, duration, error)',
    options: { id: { type: 'string' } },
    positional: 'id',
    async run(context, values) {
      if (typeof values.id !== 'string' || !values.id) throw new CommandError('--id: a webhook id (msg_…) is required');
      return { webhookId: values.id, attempts: await deliveryAttempts(asRentalDb(context.db.kysely), values.id) };
    },
  },
  {
    name: 'rental:webhooks:replay',
    summary: '--id WEBHOOK_ID | --since ISO_DATE [--partner CLIENT_ID] [--dead-only]  deliver again under the same webhook-id (one, or every delivered and dead one since the date)',
    options: { id: { type: 'string' }, since: { type: 'string' }, partner: { type: 'string' }, 'dead-only': { type: 'boolean' } },
    async run(context, values) {
      const db = asRentalDb(context.db.kysely);
      if ((values.id === undefined) === (values.since === undefined)) throw new CommandError('give either --id WEBHOOK_ID or --since ISO_DATE');
      try {
        if (typeof values.id === 'string') {
          if (values.partner !== undefined || values['dead-only']) throw new CommandError('--partner and --dead-only go with --since');
          const replayed = await replayDelivery(db, values.id);
          await kickDispatcher(context);
          return { replayed: [replayed] };
        }
        const since = new Date(String(values.since));
        if (!/^\d{4}-\d{2}-\d{2}/.test(String(values.since)) || Number.isNaN(since.getTime())) throw new CommandError('--since: an ISO 8601 date or date-time, e.g. 2026-12-01T08:00:00Z');
        const partnerId = values.partner === undefined ? undefined : await partnerIdOf(context, values.partner);
        const result = await replaySince(db, { since, partnerId, deadOnly: values['dead-only'] === true });
        await kickDispatcher(context);
        return result;
      } catch (error) {
        if (error instanceof ReplayError) throw new CommandError(error.message);
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

import { CommandError, type CliCommand } from '../../platform/module.ts';
import { asBrokerDb } from '../db.ts';
import { KEY_REVOKED } from '../../platform/http/key-cache.ts';
import { createApiKey, createBroker, normalizeOrigins, revokeApiKey } from '../keys/keys.ts';
import type { BrokerSettings } from './settings.ts';

/** Origins are checked before anything is written, so a typo refuses the command instead of half-running it. */
function origins(values: Record<string, unknown>): string[] {
  const given = (values.origin as string[] | undefined) ?? [];
  try {
    return normalizeOrigins(given);
  } catch (error) {
    throw new CommandError(`--origin: ${(error as Error).message}`);
  }
}
const label = (values: Record<string, unknown>) => values.label as string | undefined;

export const brokerCommands: CliCommand<BrokerSettings>[] = [
  {
    name: 'broker:create',
    summary: '--name N [--origin URL…]  create a broker and its first API key (printed once)',
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, label: { type: 'string' } },
    async run({ db }, values) {
      if (!values.name) throw new CommandError('--name is required');
      const allowedOrigins = origins(values);
      const brokers = asBrokerDb(db.kysely);
      const brokerId = await createBroker(brokers, String(values.name));
      const key = await createApiKey(brokers, brokerId, { allowedOrigins, label: label(values) });
      return { brokerId, keyId: key.keyId, token: key.token };
    },
  },
  {
    name: 'broker:key',
    summary: '--broker ID [--origin URL…]  add an API key to a broker (printed once)',
    options: { broker: { type: 'string' }, origin: { type: 'string', multiple: true }, label: { type: 'string' } },
    async run({ db }, values) {
      if (!values.broker) throw new CommandError('--broker is required');
      const allowedOrigins = origins(values);
      const brokers = asBrokerDb(db.kysely);
      const known = await brokers.selectFrom('broker.brokers').select('id').where('id', '=', String(values.broker)).executeTakeFirst();
      if (!known) throw new CommandError(`no broker ${String(values.broker)}`);
      const key = await createApiKey(brokers, String(values.broker), { allowedOrigins, label: label(values) });
      return { keyId: key.keyId, token: key.token };
    },
  },
  {
    name: 'broker:revoke',
    summary: '--key ID  revoke an API key (at once on the server that runs it, within 5 s on the others)',
    options: { key: { type: 'string' } },
    async run({ db, server }, values) {
      if (!values.key) throw new CommandError('--key is required');
      if (!(await revokeApiKey(asBrokerDb(db.kysely), String(values.key)))) throw new CommandError(`no active key ${String(values.key)}`);
      // Run inside the server (admin socket): its key cache forgets the key now, not in 5 s.
      server?.events.emit(KEY_REVOKED, String(values.key));
      return { revoked: String(values.key) };
    },
  },
];

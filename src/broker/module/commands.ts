import { CommandError, type CliCommand } from '../../platform/module.ts';
import { asBrokerDb } from '../db.ts';
import { createApiKey, createBroker, revokeApiKey } from '../keys/keys.ts';
import type { BrokerSettings } from './settings.ts';

const origins = (values: Record<string, unknown>) => (values.origin as string[] | undefined) ?? [];
const label = (values: Record<string, unknown>) => values.label as string | undefined;

export const brokerCommands: CliCommand<BrokerSettings>[] = [
  {
    name: 'broker:create',
    summary: '--name N [--origin URL…]  create a broker and its first API key (printed once)',
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, label: { type: 'string' } },
    async run({ db }, values) {
      if (!values.name) throw new CommandError('--name is required');
      const brokers = asBrokerDb(db.kysely);
      const brokerId = await createBroker(brokers, String(values.name));
      const key = await createApiKey(brokers, brokerId, { allowedOrigins: origins(values), label: label(values) });
      return { brokerId, keyId: key.keyId, token: key.token };
    },
  },
  {
    name: 'broker:key',
    summary: '--broker ID [--origin URL…]  add an API key to a broker (printed once)',
    options: { broker: { type: 'string' }, origin: { type: 'string', multiple: true }, label: { type: 'string' } },
    async run({ db }, values) {
      if (!values.broker) throw new CommandError('--broker is required');
      const key = await createApiKey(asBrokerDb(db.kysely), String(values.broker), { allowedOrigins: origins(values), label: label(values) });
      return { keyId: key.keyId, token: key.token };
    },
  },
  {
    name: 'broker:revoke',
    summary: '--key ID  revoke an API key',
    options: { key: { type: 'string' } },
    async run({ db }, values) {
      if (!values.key) throw new CommandError('--key is required');
      if (!(await revokeApiKey(asBrokerDb(db.kysely), String(values.key)))) throw new CommandError(`no active key ${String(values.key)}`);
      return { revoked: String(values.key) };
    },
  },
];

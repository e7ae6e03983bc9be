import fs from 'node:fs';
import { CommandError, type CliCommand } from '../../platform/module.ts';
import { asBackofficeDb } from '../db.ts';
import { createOperator, OperatorInputError, ROLES, setOperatorDisabled } from '../operators/accounts.ts';
import type { BackofficeSettings } from './settings.ts';

export const backofficeCommands: CliCommand<BackofficeSettings>[] = [
  {
    name: 'backoffice:operator:create',
    summary: `--email EMAIL --role ${ROLES.join('|')} [--password-file PATH]  create an operator (a generated password is printed once; or the first line of PATH is used)`,
    options: { email: { type: 'string' }, role: { type: 'string' }, 'password-file': { type: 'string' } },
    async run({ db }, values) {
      if (!values.email) throw new CommandError('--email is required');
      if (!values.role) throw new CommandError(`--role is required (${ROLES.join(', ')})`);
      let password: string | undefined;
      if (values['password-file'] !== undefined) {
        try {
          password = fs.readFileSync(String(values['password-file']), 'utf8').split(/\r?\n/)[0];
        } catch {
          throw new CommandError('--password-file: cannot read that file');
        }
      }
      try {
        const created = await createOperator(asBackofficeDb(db.kysely), { email: String(values.email), role: String(values.role), password });
        return { operatorId: created.operator.id, email: created.operator.email, role: created.operator.role, ...(created.generated ? { password: created.password } : {}) };
      } catch (error) {
        if (error instanceof OperatorInputError) throw new CommandError(error.message);
        throw error;
      }
    },
  },
  {
    name: 'backoffice:operator:disable',
    summary: '--email EMAIL [--enable]  disable an operator (its sessions close at once; it can no longer log in), or enable it again',
    options: { email: { type: 'string' }, enable: { type: 'boolean' } },
    async run({ db }, values) {
      if (!values.email) throw new CommandError('--email is required');
      try {
        const operator = await setOperatorDisabled(asBackofficeDb(db.kysely), String(values.email), values.enable !== true);
        return { ...operator, disabled: values.enable !== true };
      } catch (error) {
        if (error instanceof OperatorInputError) throw new CommandError(error.message);
        throw error;
      }
    },
  },
];

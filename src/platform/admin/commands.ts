import type { Config } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import { CommandError, type AnyModule, type CliCommand, type CommandOptionSpec, type CommandValues, type ModuleContext } from '../module.ts';

/** An admin command and the module it belongs to (none for the platform's own, like `jobs:dead`). */
export interface CommandEntry {
  module: AnyModule | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  command: CliCommand<any>;
}

export function commandEntries(modules: readonly AnyModule[], platformCommands: CliCommand<undefined>[]): CommandEntry[] {
  return [
    ...platformCommands.map((command) => ({ module: null, command })),
    ...modules.flatMap((module) => module.commands.map((command) => ({ module, command }))),
  ];
}

/** What a running app offers to the commands it runs (`FoyerApp` fits). */
export interface CommandHost {
  config: Config;
  db: Database;
  contexts: Map<string, ModuleContext>;
  platform: ModuleContext<undefined>;
}

/** Runs a command inside the running app, with its module's context as `server`. */
export async function runInHost(host: CommandHost, entry: CommandEntry, values: CommandValues): Promise<unknown> {
  const server = entry.module ? host.contexts.get(entry.module.name) : host.platform;
  if (!server) throw new CommandError(`module ${entry.module?.name} is not mounted in this server`);
  return entry.command.run({ config: host.config, settings: server.settings, db: host.db, server }, checkValues(entry.command.options, values));
}

/**
 * The values of a request that came over the socket, held to the command's option spec as
 * `parseArgs` holds the command line (the CLI parsed them, but the socket is an input boundary).
 */
export function checkValues(spec: Record<string, CommandOptionSpec>, values: CommandValues): CommandValues {
  const checked: CommandValues = {};
  for (const [name, value] of Object.entries(values)) {
    const option = spec[name];
    if (!option) throw new CommandError(`unknown option --${name}`);
    if (value === undefined) continue;
    const ok = option.multiple
      ? Array.isArray(value) && value.every((v) => typeof v === (option.type === 'string' ? 'string' : 'boolean'))
      : typeof value === (option.type === 'string' ? 'string' : 'boolean');
    if (!ok) throw new CommandError(`option --${name} expects ${option.multiple ? 'a list of ' : ''}${option.type}${option.multiple ? 's' : ''}`);
    checked[name] = value;
  }
  return checked;
}

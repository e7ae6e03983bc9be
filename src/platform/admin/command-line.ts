import { parseArgs } from 'node:util';
import type { CliCommand, CommandValues } from '../module.ts';

/**
 * A command's options from its command line. A command that names a `positional` option also
 * takes that option as its one bare argument (`foyer cmd VALUE` = `foyer cmd --option VALUE`).
 * Throws (with `parseArgs`' message, or ours) on anything else.
 */
export function parseCommandLine(command: Pick<CliCommand<never>, 'options' | 'positional'>, args: string[]): CommandValues {
  const positional = command.positional;
  const parsed = parseArgs({ args, options: command.options, strict: true, allowPositionals: positional !== undefined });
  const values = parsed.values as CommandValues;
  if (positional && parsed.positionals.length) {
    if (parsed.positionals.length > 1 || values[positional] !== undefined) throw new Error(`give --${positional} once, as an option or as the one argument`);
    values[positional] = parsed.positionals[0];
  }
  return values;
}

import { describe, expect, it } from 'vitest';
import { CommandError } from '../module.ts';
import { checkValues } from './commands.ts';
import { parseAdminRequest } from './protocol.ts';

describe('admin socket requests', () => {
  it('parses a command and its values', () => {
    expect(parseAdminRequest('{"command":"broker:revoke","values":{"key":"k1"}}')).toEqual({ command: 'broker:revoke', values: { key: 'k1' } });
    expect(parseAdminRequest('{"command":"jobs:dead"}')).toEqual({ command: 'jobs:dead', values: {} });
  });

  it('names what is wrong with anything else', () => {
    expect(parseAdminRequest('nope')).toBe('the request is not JSON');
    expect(parseAdminRequest('[1]')).toBe('"command" must be a command name');
    expect(parseAdminRequest('null')).toBe('the request must be an object');
    expect(parseAdminRequest('{"command":""}')).toBe('"command" must be a command name');
    expect(parseAdminRequest('{"command":"x","values":[]}')).toBe('"values" must be an object');
  });

  it('holds values to the command options as the command line does', () => {
    const spec = { name: { type: 'string' as const }, origin: { type: 'string' as const, multiple: true }, dry: { type: 'boolean' as const } };
    expect(checkValues(spec, { name: 'X', origin: ['https://a.fr'], dry: true })).toEqual({ name: 'X', origin: ['https://a.fr'], dry: true });
    expect(() => checkValues(spec, { other: 'x' })).toThrow(new CommandError('unknown option --other'));
    expect(() => checkValues(spec, { name: ['X'] })).toThrow(new CommandError('option --name expects string'));
    expect(() => checkValues(spec, { origin: 'https://a.fr' })).toThrow(new CommandError('option --origin expects a list of strings'));
    expect(() => checkValues(spec, { dry: 'yes' })).toThrow(new CommandError('option --dry expects boolean'));
  });
});

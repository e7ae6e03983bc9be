import path from 'node:path';
import type { CommandValues } from '../module.ts';

/**
 * The admin socket's protocol: one JSON line in, one JSON line out, then the server closes.
 * `{"command":"broker:revoke","values":{"key":"…"}}` → `{"ok":true,"result":…}` or
 * `{"ok":false,"error":"…","refused":true}` (a refusal of the command's arguments or state, exit 2).
 */
export interface AdminRequest {
  command: string;
  values: CommandValues;
}

export type AdminResponse = { ok: true; result: unknown } | { ok: false; error: string; refused: boolean };

export const ADMIN_SOCKET = 'admin.sock';
export const MAX_REQUEST_BYTES = 64 * 1024;

export const adminSocketPath = (dataDir: string): string => path.join(dataDir, ADMIN_SOCKET);

/** Parses one request line; a string is the reason it is not a request. */
export function parseAdminRequest(line: string): AdminRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'the request is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'the request must be an object';
  const { command, values } = value as Record<string, unknown>;
  if (typeof command !== 'string' || !command) return '"command" must be a command name';
  if (values !== undefined && (typeof values !== 'object' || values === null || Array.isArray(values))) return '"values" must be an object';
  return { command, values: (values ?? {}) as CommandValues };
}

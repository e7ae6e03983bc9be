import net from 'node:net';
import type { AdminRequest, AdminResponse } from './protocol.ts';

/** The socket exists but the answer was not a response (a server killed mid-command, a bug). */
export class AdminProtocolError extends Error {
  override name = 'AdminProtocolError';
}

const NOBODY_LISTENS = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENAMETOOLONG', 'EINVAL']);

/**
 * Sends one command to the server listening on the data directory's admin socket. Resolves null
 * when no server listens there (no socket, or one left by a dead server): the caller may then open
 * the data directory itself, under its lock.
 */
export function sendAdminCommand(socketPath: string, request: AdminRequest, timeoutMs = 120_000): Promise<AdminResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let connected = false;
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AdminProtocolError(`the server did not answer on ${socketPath} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(JSON.stringify(request) + '\n');
    });
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && NOBODY_LISTENS.has(error.code ?? '')) settle(() => resolve(null));
      else if (error.code === 'EACCES') {
        settle(() => reject(new AdminProtocolError(`cannot use ${socketPath}: permission denied; run the command as the account that runs the server`)));
      } else settle(() => reject(new AdminProtocolError(`admin socket ${socketPath}: ${error.message}`)));
    });
    socket.on('close', () => {
      if (!connected) return;
      settle(() => {
        try {
          resolve(JSON.parse(answer) as AdminResponse);
        } catch {
          reject(new AdminProtocolError(`the server closed ${socketPath} without an answer`));
        }
      });
    });
  });
}

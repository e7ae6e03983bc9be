import fs from 'node:fs';
import net from 'node:net';
import type { Logger } from 'pino';
import { CommandError } from '../module.ts';
import { MAX_REQUEST_BYTES, parseAdminRequest, type AdminRequest, type AdminResponse } from './protocol.ts';

export interface AdminServer {
  readonly path: string;
  /** Stops accepting, waits for the commands being run, removes the socket file. */
  close(): Promise<void>;
}

export interface AdminServerOptions {
  socketPath: string;
  /** Runs one command; a `CommandError` is a refusal, anything else a failure. */
  run(request: AdminRequest): Promise<unknown>;
  logger: Logger;
}

// sun_path holds 108 bytes on Linux, 104 on macOS, the final NUL included.
const MAX_SOCKET_PATH = 103;

/**
 * The running server's door for admin commands: a Unix socket in the data directory, mode 0600,
 * so only the account that runs the server (and root) can use it. The embedded database has one
 * owner, so `foyer broker:revoke` & co. are run here, by that owner, instead of opening it again.
 * Returns null (and says why) where a Unix socket cannot be made; the CLI then refuses clearly.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer | null> {
  const { socketPath, logger } = options;
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    logger.warn({ socketPath }, 'admin socket path too long: admin commands are refused while this server runs');
    return null;
  }
  removeStaleSocket(socketPath);
  const running = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    const done = serve(socket, options).catch((error: unknown) => logger.error({ err: error }, 'admin connection failed'));
    running.add(done);
    void done.finally(() => running.delete(done));
  });
  // Created without group or other access (no window where another account could connect), then 0600.
  const umask = process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(socketPath, 0o600);
  const { ino } = fs.statSync(socketPath);
  let closing: Promise<void> | undefined;
  return {
    path: socketPath,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all(running);
        if (fs.statSync(socketPath, { throwIfNoEntry: false })?.ino === ino) fs.rmSync(socketPath, { force: true });
      })();
      return closing;
    },
  };
}

/** Whoever holds the data directory lock owns this path: a socket left there is from a dead server. */
function removeStaleSocket(socketPath: string): void {
  const stat = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isSocket()) throw new Error(`${socketPath} exists and is not a socket: move it away`);
  fs.rmSync(socketPath);
}

async function serve(socket: net.Socket, options: AdminServerOptions): Promise<void> {
  socket.on('error', () => {}); // a peer that went away: nothing to answer
  socket.setTimeout(10_000);
  const line = await readLine(socket);
  socket.setTimeout(0);
  if (line === null) return;
  const request = parseAdminRequest(line);
  let response: AdminResponse;
  if (typeof request === 'string') {
    response = { ok: false, error: request, refused: true };
  } else {
    options.logger.info({ command: request.command }, 'admin command');
    try {
      response = { ok: true, result: await options.run(request) };
    } catch (error) {
      const refused = error instanceof CommandError;
      if (!refused) options.logger.error({ err: error, command: request.command }, 'admin command failed');
      response = { ok: false, error: (error as Error).message, refused };
    }
  }
  await new Promise<void>((resolve) => socket.end(JSON.stringify(response) + '\n', () => resolve()));
}

/** The first line sent, or null if the peer went away, sent too much or too slowly. */
function readLine(socket: net.Socket): Promise<string | null> {
  return new Promise((resolve) => {
    let buffered = '';
    let settled = false;
    const finish = (line: string | null) => {
      if (settled) return;
      settled = true;
      socket.removeAllListeners('data');
      if (line === null) socket.destroy();
      resolve(line);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) finish(buffered.slice(0, end));
      else if (buffered.length > MAX_REQUEST_BYTES) finish(null);
    });
    socket.once('end', () => finish(null));
    socket.once('timeout', () => finish(null));
    socket.once('error', () => finish(null));
  });
}

import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import { readTemplate } from './embedded-memory.ts';
import { PGliteStatements } from './pglite-statements.ts';
import type { PGliteReply, PGliteRequest, PGliteThreadData } from './pglite-thread-protocol.ts';

/**
 * The embedded database's own thread: PGlite (Postgres compiled to WebAssembly) runs here, so the
 * time a statement spends inside Postgres is not taken from the HTTP event loop.
 */
const { dir, startParams, template } = workerData as PGliteThreadData;
const port = parentPort!;

async function main() {
  let pglite: PGlite;
  try {
    pglite = dir ? await PGlite.create(dir, { startParams }) : await PGlite.create({ startParams, loadDataDir: template ? await readTemplate(template) : undefined });
  } catch (error) {
    port.postMessage({ id: 0, error: describeError(error) } satisfies PGliteReply);
    return;
  }
  const statements = new PGliteStatements(pglite);
  port.postMessage({ id: 0, ready: true } satisfies PGliteReply);
  port.on('message', async (request: PGliteRequest) => {
    if (request.kind === 'close') {
      try {
        await pglite.close();
        port.postMessage({ id: request.id, rows: [], affected: 0n } satisfies PGliteReply);
      } catch (error) {
        port.postMessage({ id: request.id, error: describeError(error) } satisfies PGliteReply);
      }
      port.close();
      return;
    }
    try {
      const result = await statements.execute<unknown>(CompiledQuery.raw(request.sql, [...request.parameters]));
      port.postMessage({ id: request.id, rows: result.rows, affected: result.numAffectedRows ?? 0n } satisfies PGliteReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: describeError(error) } satisfies PGliteReply);
    }
  });
}

/** Every own field of a PGlite `DatabaseError` (code, detail, constraint, table…) plus the message. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    fields[key] = typeof value === 'object' && value !== null ? String(value) : value;
  }
  return fields;
}

void main();

/**
 * One stage of `bench/memory.ts`, run in a fresh process so that each stage's resident memory is its
 * own: `node --expose-gc --import tsx bench/memory-stage.ts <loader|pglite|app> <dataDir> <idleMs>`.
 * Prints one JSON line: memory once idle, then again after a full garbage collection.
 *
 * - loader: the TypeScript loader and nothing else;
 * - pglite: + the embedded database opened with the app's settings (`openDatabase`), on an existing
 *   data directory, plus the settings that size its memory;
 * - app:    + the whole app built (`buildApp`, migrations, queue, routes) and listening, as `serve`.
 */
import { sql } from 'kysely';

const [stage, dataDir, idleArg] = process.argv.slice(2);
const idleMs = Number(idleArg ?? 3000);

export interface StageResult {
  stage: string;
  rssIdle: number;
  rssAfterGc: number;
  heapUsedAfterGc: number;
  externalAfterGc: number;
  settings?: Record<string, string>;
}

const SETTINGS = ['shared_buffers', 'wal_buffers', 'work_mem', 'temp_buffers', 'maintenance_work_mem'];

async function main(): Promise<StageResult> {
  if (!dataDir) throw new Error('usage: memory-stage.ts <loader|pglite|app> <dataDir> [idleMs]');
  let settings: Record<string, string> | undefined;
  let close = async () => {};
  if (stage === 'pglite') {
    const { openDatabase } = await import('../src/platform/db/index.ts');
    const db = await openDatabase({ databaseUrl: null, dataDir });
    settings = {};
    for (const name of SETTINGS) {
      const { rows } = await sql<Record<string, string>>`${sql.raw(`show ${name}`)}`.execute(db.kysely);
      settings[name] = rows[0]![name]!;
    }
    close = () => db.close();
  } else if (stage === 'app') {
    const { buildApp } = await import('../src/app.ts');
    const { loadConfig } = await import('../src/platform/config/index.ts');
    const app = await buildApp(loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }));
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  } else if (stage !== 'loader') {
    throw new Error(`unknown stage ${stage}`);
  }
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const rssIdle = process.memoryUsage().rss;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = process.memoryUsage();
  await close();
  return { stage, rssIdle, rssAfterGc: after.rss, heapUsedAfterGc: after.heapUsed, externalAfterGc: after.external, settings };
}

console.log(JSON.stringify(await main()));

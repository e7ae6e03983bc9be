// One stage of `bench/memory.ts`, run in a fresh process so that each stage's resident memory is its
// own: `node --expose-gc [flags] bench/memory-stage.js <stage> <dataDir> <idleMs>`. Plain JavaScript
// on the compiled code (dist/, as `npm start` runs it), so that no loader is counted unless asked.
// Prints one JSON line: memory once idle, then again after a full garbage collection.
//   bare:   nothing loaded (run it with `--import tsx` to measure the TypeScript loader alone);
//   pglite: the embedded database opened with the app's settings, on an existing data directory;
//   app:    the whole app built (buildApp: migrations, queue, routes) and listening, as `serve`.
import console from 'node:console';
import process from 'node:process';
import { setTimeout } from 'node:timers/promises';

const [stage, dataDir, idleArg] = process.argv.slice(2);
const idleMs = Number(idleArg ?? 3000);
const SETTINGS = ['shared_buffers', 'wal_buffers', 'work_mem', 'temp_buffers', 'maintenance_work_mem'];

async function main() {
  if (!dataDir) throw new Error('usage: memory-stage.js <bare|pglite|app> <dataDir> [idleMs]');
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with --expose-gc');
  let settings;
  let close = async () => {};
  if (stage === 'pglite') {
    const { openDatabase } = await import('../dist/platform/db/index.js');
    const { CompiledQuery } = await import('kysely');
    const db = await openDatabase({ databaseUrl: null, dataDir });
    settings = {};
    for (const name of SETTINGS) {
      const { rows } = await db.kysely.executeQuery(CompiledQuery.raw(`show ${name}`));
      settings[name] = rows[0][name];
    }
    close = () => db.close();
  } else if (stage === 'app') {
    const { buildApp } = await import('../dist/app.js');
    const { loadConfig } = await import('../dist/platform/config/index.js');
    const { MODULES } = await import('../dist/modules.js');
    const app = await buildApp(loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }, { sections: MODULES }));
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  } else if (stage !== 'bare') {
    throw new Error(`unknown stage ${stage}`);
  }
  await setTimeout(idleMs);
  const rssIdle = process.memoryUsage().rss;
  gc();
  await setTimeout(200);
  const after = process.memoryUsage();
  await close();
  return { stage, rssIdle, rssAfterGc: after.rss, heapUsedAfterGc: after.heapUsed, externalAfterGc: after.external, settings };
}

console.log(JSON.stringify(await main()));

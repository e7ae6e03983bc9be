/**
 * Broker API throughput, side by side with baselines, in one run on one machine.
 *
 *   npx tsx bench/broker.ts [--files 10000] [--duration 5] [--rounds 3] [--connections 10] [--analyze]
 *                           [--read-cache-mb N] [--on-disk]
 *
 * Starts the real app (`buildApp`, embedded PGlite in memory — or in the data directory with
 * `--on-disk`, as `npm start` runs it — or PostgreSQL when DATABASE_URL is set: point it at a
 * scratch database, the run adds its files to it), seeds `--files` files for the benchmarked broker
 * and as many for a second broker (so the indexes have to select), and starts beside it, in the
 * same process, two baselines:
 * - a bare Fastify route that returns a constant copy of a real file (the framework's ceiling);
 * - a minimal Fastify route that runs the app's own cold-read query (`selectStoredDossier`) on the
 *   same database and rows and sends its result, with no auth, cache, hooks or schema: the ceiling
 *   of a read that reaches the database. The app's cold read is measured against it (goal ≥ 90 %),
 *   the two alternating `--rounds` times; the ratio is of their medians.
 * On the embedded database with its read cache on, cold reads go to a twin app with the cache off
 * (its own copy of the same data), so that every measured read reaches the database.
 * autocannon runs in a worker thread (so the load generator does not share the servers' event
 * loop), 1 s of warm-up and then `--duration` seconds per run. Prints a table and writes
 * bench/results/broker.json (broker-postgres.json, broker-on-disk.json).
 *
 * By default the tables are not ANALYZEd after seeding, as the app finds them after many writes
 * on the embedded database (PGlite runs no autovacuum); `--analyze` measures with fresh statistics.
 * `--read-cache-mb` sets FOYER_BROKER_READ_CACHE_MB (0 turns the embedded read cache off, so that
 * every read reaches the database); without it the app's default applies.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { CompiledQuery } from 'kysely';
import { buildApp, type FoyerApp } from '../../src/app.ts';
import { asBrokerDb, brokerSettingsOf, createApiKey, createBroker } from '../../src/broker/index.ts';
import { selectStoredDossier } from '../../src/broker/dossiers/service.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { seedDossiers } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    analyze: { type: 'boolean', default: false },
    'read-cache-mb': { type: 'string' },
    'on-disk': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const FILES = positive(args.files, '--files');
const DURATION = positive(args.duration, '--duration');
const CONNECTIONS = positive(args.connections, '--connections');
const ROUNDS = positive(args.rounds, '--rounds');
const WARMUP = 1;
const TOKEN_HEADER = 'x-crediteo-user-auth-token';

function positive(raw: string | undefined, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

interface Target {
  name: string;
  url: string;
  /** Paths cycled through, one per request, across all connections. */
  paths: string[];
  headers: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
}

interface Measure {
  target: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerResponse: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon in a worker thread. The worker is plain CommonJS (eval) so it needs no TypeScript
 * loader; it rotates through `paths` with `setupRequest`, one shared counter for all connections.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const { url, paths, headers, connections, duration, method, body } = workerData;
// Start at a random place, so that the measured run does not replay the ids of its warm-up.
let next = Math.floor(Math.random() * paths.length);
// autocannon's own histogram keeps whole milliseconds; keep every latency to get sub-ms percentiles.
const latencies = [];
const instance = autocannon({
  url, connections, duration, headers,
  requests: [{ setupRequest: (req) => ({ ...req, method, body, path: paths[next++ % paths.length] }) }],
}, (error, raw) => {
  if (error) throw error;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  // Off the main thread autocannon returns raw counters: the mean rate is completed requests over
  // the measured duration.
  parentPort.postMessage({
    reqPerSec: raw.totalCompletedRequests / raw.duration, p50: at(0.5), p99: at(0.99),
    bytes: raw.totalBytes / Math.max(1, raw.totalCompletedRequests), requests: raw.totalCompletedRequests,
    non2xx: raw.non2xx, errors: raw.errors + raw.timeouts,
  });
});
instance.on('response', (_client, status, _bytes, ms) => { if (status < 300) latencies.push(ms); });
`;
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');

function autocannon(target: Target, duration: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        autocannon: AUTOCANNON, url: target.url, paths: target.paths, headers: target.headers, connections: CONNECTIONS, duration,
        method: target.method ?? 'GET', body: target.body,
      },
    });
    worker.once('error', reject);
    worker.once('message', (r: { reqPerSec: number; p50: number; p99: number; bytes: number; requests: number; non2xx: number; errors: number }) => {
      void worker.terminate();
      resolve({
        target: target.name, reqPerSec: r.reqPerSec, p50Ms: r.p50, p99Ms: r.p99, bytesPerResponse: Math.round(r.bytes),
        requests: r.requests, non2xx: r.non2xx, errors: r.errors,
      });
    });
  });
}

function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

async function main() {
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
  const coldDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-cold-'));
  const databaseUrl = process.env.DATABASE_URL;
  const env = (dir: string, extra: Record<string, string> = {}) => ({
    FOYER_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(args['read-cache-mb'] !== undefined ? { FOYER_BROKER_READ_CACHE_MB: args['read-cache-mb'] } : {}),
    ...extra,
  });
  const config = loadConfig(env(dataDir), { sections: MODULES });
  const readCache = databaseUrl || !brokerSettingsOf(config).readCacheBytes ? 'off' : `on, ${Math.round(brokerSettingsOf(config).readCacheBytes / 1048576)} MB`;
  const memoryDatabase = !databaseUrl && !args['on-disk'];
  const app = await buildApp(config, { memoryDatabase });
  // Cold reads are measured on a twin of the app whose read cache is off, so that every read of
  // every round reaches the database, however many there are. (A cold read of the real app is that
  // same read plus a map lookup that misses and an insertion.) PostgreSQL has no read cache: the
  // app itself serves both.
  const twin = readCache !== 'off';
  const coldApp = twin ? await buildApp(loadConfig(env(coldDataDir, { FOYER_BROKER_READ_CACHE_MB: '0' }), { sections: MODULES }), { memoryDatabase }) : app;
  const bare = Fastify({ logger: false });
  const baseline = Fastify({ logger: false });
  try {
    const appUrl = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const coldUrl = twin ? await coldApp.http.listen({ host: '127.0.0.1', port: 0 }) : appUrl;
    const where = args['on-disk'] ? 'on disk' : 'in memory';
    console.log(`Node ${process.version}, database: ${app.db.kind}${app.db.kind === 'embedded' ? ` (PGlite, ${where})` : ' (PostgreSQL)'}, ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`read cache: ${readCache}${twin ? ' (cold reads: a twin app with the cache off, on its own copy of the data)' : ''}`);
    console.log(`app ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const seed = async (target: FoyerApp) => {
      const db = asBrokerDb(target.db.kysely);
      const brokerId = await createBroker(db, 'Bench broker');
      const { token } = await createApiKey(db, brokerId, { label: 'bench' });
      const otherId = await createBroker(db, 'Other broker');
      const seeded = await seedDossiers(target, brokerId, FILES, { seed: 1 });
      const other = await seedDossiers(target, otherId, FILES, { seed: 2 });
      console.log(`seeded ${FILES} + ${FILES} files in ${((seeded.ms + other.ms) / 1000).toFixed(1)} s`);
      if (args.analyze) await db.executeQuery(CompiledQuery.raw('analyze broker.dossiers'));
      return { db, brokerId, token, ids: seeded.ids };
    };
    const benched = await seed(app);
    const cold = twin ? await seed(coldApp) : benched;
    console.log(`planner statistics: ${args.analyze ? 'fresh (ANALYZE after seeding)' : 'none (no ANALYZE after seeding)'}`);

    const headers = { [TOKEN_HEADER]: benched.token };
    const coldHeaders = { [TOKEN_HEADER]: cold.token };
    const prefix = brokerSettingsOf(config).prefix;
    const sample = await fetch(`${appUrl}${prefix}/dossiers/${benched.ids[0]}`, { headers });
    if (sample.status !== 200) throw new Error(`GET of a seeded file answered ${sample.status}`);
    // The bare route answers a constant copy of a real file: same size, same JSON.stringify work.
    const payload = (await sample.json()) as Record<string, unknown>;
    bare.get('/bare', async () => payload);
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    // The app's cold-read query itself (`selectStoredDossier`), same database, same rows, its stored
    // text sent as is; no auth, no cache, no hooks, no schema.
    baseline.get<{ Params: { id: string } }>(`${prefix}/dossiers/:id`, async (request, reply) => {
      const row = await selectStoredDossier(cold.db, cold.brokerId, request.params.id).executeTakeFirst();
      if (!row?.rendered) return reply.code(404).send({ error: 'not found' });
      return reply.type('application/json').send(row.rendered);
    });
    const baselineUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // A tenth of the files are read once before their run, so that run measures the read cache.
    const warmPaths = shuffle([...benched.ids]).slice(0, Math.ceil(benched.ids.length / 10)).map((id) => `${prefix}/dossiers/${id}`);
    const coldPaths = shuffle(cold.ids.map((id) => `${prefix}/dossiers/${id}`));
    const one = (name: string, url: string, p: string): Target => ({ name, url, paths: [p], headers });
    const bareTarget = one('bare Fastify GET /bare', bareUrl, '/bare');
    const prospect = JSON.stringify({ nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', tel: '0658957412' });
    // The cold read and its baseline alternate, `--rounds` times each, so that a burst of load on a
    // shared machine hits both alike; the ratio is of their medians.
    const pair: Target[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      pair.push({ name: `same-query route #${r}`, url: baselineUrl, paths: coldPaths, headers: coldHeaders });
      pair.push({ name: `GET /dossiers/{id}, cold (database) #${r}`, url: coldUrl, paths: coldPaths, headers: coldHeaders });
    }
    const targets: Target[] = [
      bareTarget,
      ...pair,
      { name: 'GET /dossiers/{id}, warm (read cache)', url: appUrl, paths: warmPaths, headers },
      one('GET /dossiers?pageIndex=50&nbItems=20', appUrl, `${prefix}/dossiers?pageIndex=50&nbItems=20`),
      one('GET /dossiers?pageIndex=1&nbItems=20&orderBy=modif.', appUrl, `${prefix}/dossiers?pageIndex=1&nbItems=20&orderBy=datedernieremodification`),
      { ...one('POST /prospect (write)', appUrl, `${prefix}/prospect`), method: 'POST', body: prospect, headers: { ...headers, 'content-type': 'application/json' } },
      { ...bareTarget, name: 'bare Fastify GET /bare (again)' },
    ];
    for (const t of targets) {
      if (t.method === 'POST') continue;
      const res = await fetch(`${t.url}${t.paths[0]}`, { headers: t.headers });
      if (res.status !== 200) throw new Error(`${t.name}: ${res.status} ${await res.text()}`);
    }

    const primeStarted = performance.now();
    for (let i = 0; i < warmPaths.length; i += 20) {
      await Promise.all(warmPaths.slice(i, i + 20).map((p) => fetch(`${appUrl}${p}`, { headers }).then((r) => r.arrayBuffer())));
    }
    console.log(`read ${warmPaths.length} files once in ${((performance.now() - primeStarted) / 1000).toFixed(1)} s (warm set)`);

    const measures: Measure[] = [];
    for (const target of targets) {
      await autocannon(target, WARMUP);
      const m = await autocannon(target, DURATION);
      if (m.non2xx || m.errors) throw new Error(`${target.name}: ${m.non2xx} non-2xx answers and ${m.errors} errors`);
      measures.push(m);
      console.log(`  ${target.name}: ${Math.round(m.reqPerSec)} req/s`);
    }

    const bareBaseline = median(measures.filter((m) => m.target.startsWith('bare')).map((m) => m.reqPerSec));
    const rows = measures.map((m) => ({ ...m, ratioToBare: m.reqPerSec / bareBaseline }));
    printTable(rows);
    const runsOf = (prefix: string) => rows.filter((r) => r.target.startsWith(prefix)).map((r) => r.reqPerSec);
    const sameQueryReqPerSec = median(runsOf('same-query route'));
    const coldReqPerSec = median(runsOf('GET /dossiers/{id}, cold'));
    const warm = rows.find((r) => r.target.startsWith('GET /dossiers/{id}, warm'))!;
    const coldRatio = coldReqPerSec / sameQueryReqPerSec;
    const goal = warm.ratioToBare >= 0.5;
    const coldGoal = coldRatio >= 0.9;
    console.log(`\nfile read, warm: ${(100 * warm.ratioToBare).toFixed(0)} % of the bare route (goal ≥ 50 %): ${goal ? 'met' : 'NOT met'}`);
    console.log(`file read, cold: ${Math.round(coldReqPerSec)} req/s, ${(100 * coldRatio).toFixed(1)} % of the same-query route's ` +
      `${Math.round(sameQueryReqPerSec)} req/s (medians of ${ROUNDS} rounds; goal ≥ 90 %): ${coldGoal ? 'met' : 'NOT met'}; ` +
      `${(100 * coldReqPerSec / bareBaseline).toFixed(0)} % of the bare route`);

    const out = {
      date: new Date().toISOString(),
      node: process.version,
      database: app.db.kind,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      loadAverageAtEnd: os.loadavg(),
      files: { benchedBroker: FILES, otherBroker: FILES },
      analyzedAfterSeeding: args.analyze,
      readCache,
      coldReadsOnTwinWithoutCache: twin,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      onDisk: args['on-disk'],
      bareBaselineReqPerSec: bareBaseline,
      sameQueryBaselineReqPerSec: sameQueryReqPerSec,
      fileReadColdReqPerSec: coldReqPerSec,
      fileReadColdToSameQuery: coldRatio,
      fileReadColdGoalMet: coldGoal,
      fileReadColdRatio: coldReqPerSec / bareBaseline,
      fileReadGoalMet: goal,
      fileReadWarmRatio: warm.ratioToBare,
      results: rows,
    };
    const name = app.db.kind === 'postgres' ? 'broker-postgres.json' : args['on-disk'] ? 'broker-on-disk.json' : 'broker.json';
    const file = new URL(`../results/${name}`, import.meta.url);
    fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`written to bench/results/${name}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await bare.close();
    await baseline.close();
    await app.close();
    if (twin) await coldApp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(coldDataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function printTable(rows: (Measure & { ratioToBare: number })[]) {
  const header = ['target', 'req/s (mean)', 'p50 ms', 'p99 ms', 'bytes/resp', 'ratio to bare'];
  const body = rows.map((r) => [
    r.target, r.reqPerSec.toFixed(0), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), String(r.bytesPerResponse), `${(100 * r.ratioToBare).toFixed(1)} %`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const row of body) console.log(line(row));
}

await main();

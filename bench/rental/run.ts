/**
 * Rental partner API under load, through real HTTP, side by side with bare Fastify routes in one run.
 *
 *   npm run bench:rental -- [--duration 5] [--rounds 3] [--connections 10] [--upload-connections 4]
 *                           [--tenants 200] [--upload-tenants 400]
 *
 * Starts the real app (`buildApp`, embedded PGlite in a temporary data directory as `npm start`
 * runs it, or PostgreSQL when DATABASE_URL is set: a scratch database), a partner with a token and
 * `--tenants` tenants that each hold names and one sealed identity document (renders held back for
 * the run: they are measured by bench:processing), and beside it, in the
 * same process, a bare Fastify server with two routes:
 * - GET /profile/:id answers a constant copy of a real profile (the framework's ceiling for the read);
 * - POST /upload reads the same multipart body with @fastify/multipart and answers `{}` (the ceiling
 *   for the upload, without sniffing, sealing, storing or committing).
 * Measured, alternating bare and app `--rounds` times (ratio of medians):
 * - profile reads `GET /api-partner/tenant/{id}/profile` (goal ≥ 40 % of the bare route);
 * - 1 MB PDF uploads `POST /api-partner/register/documentIdentification` (a tenant gets at most 5),
 *   in MB/s, with the event loop's delay p99 during the uploads (perf_hooks.monitorEventLoopDelay);
 * - the sealing and storing of a 1 MB blob alone, one after another (AES-256-GCM, write, fsync, link):
 *   what one upload at a time cannot beat.
 * Prints a table, writes bench/results/rental.json.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { FilesystemBlobStore, SealedBlobs } from '../../src/platform/storage/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, createPartner } from '../../src/rental/index.ts';
import { load, type Measure } from './load.ts';
import { pdfOf } from './pdf.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'upload-connections': { type: 'string', default: '4' },
    tenants: { type: 'string', default: '200' },
    'upload-tenants': { type: 'string', default: '400' },
  },
});
const positive = (raw: string | undefined, name: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
};
const DURATION = positive(args.duration, '--duration');
const ROUNDS = positive(args.rounds, '--rounds');
const CONNECTIONS = positive(args.connections, '--connections');
const UPLOAD_CONNECTIONS = positive(args['upload-connections'], '--upload-connections');
const TENANTS = positive(args.tenants, '--tenants');
const UPLOAD_TENANTS = positive(args['upload-tenants'], '--upload-tenants');
const MB = 1_000_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-rental-'));
  const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : null;
  const databaseUrl = scratch?.url;
  const config = loadConfig(
    {
      FOYER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FOYER_PUBLIC_URL: 'http://127.0.0.1',
      FOYER_RENTAL_TOKEN_TTL_SECONDS: '86400',
      FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      // Renders held back: the seeded and uploaded documents would otherwise be rendered during the
      // measures (the render threads take the cores, and each render's commit clears the profile cache).
      FOYER_RENTAL_RENDER_DELAY_SECONDS: '3600',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(process.env.FOYER_EMBEDDED_DB_THREAD ? { FOYER_EMBEDDED_DB_THREAD: process.env.FOYER_EMBEDDED_DB_THREAD } : {}),
      // 0 measures every read on the database (the miss path).
      ...(process.env.FOYER_RENTAL_READ_CACHE_MB ? { FOYER_RENTAL_READ_CACHE_MB: process.env.FOYER_RENTAL_READ_CACHE_MB } : {}),
    },
    { sections: MODULES },
  );
  const app = await buildApp(config, { owner: 'bench' });
  const bare = Fastify({ logger: false });
  try {
    const appUrl = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const { partner, clientSecret } = await createPartner(asRentalDb(app.db.kysely), { name: `bench-${randomBytes(3).toString('hex')}`, displayName: 'Bench' });
    const tokenRes = await fetch(`${appUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: partner.name, client_secret: clientSecret }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}` };
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await app.http.inject({ method: method as 'POST', url: `/api-partner${url}`, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json() as { id: number };
    };
    const small = pdfOf(4_000);
    const boundary = `----foyerbench${randomBytes(6).toString('hex')}`;
    const multipartOf = (tenantId: number, file: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\n${tenantId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="typeDocumentIdentification"\r\n\r\nFRENCH_PASSPORT\r\n--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const multipartType = `multipart/form-data; boundary=${boundary}`;

    const started = performance.now();
    const readTenants: number[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const { id } = await call('POST', '/register/account', { email: `read${i}@bench.example` });
      await call('POST', '/register/names', { tenantId: id, firstName: 'Jeanne', lastName: `Valjean${i}`, zipCode: '75001' });
      const res = await app.http.inject({ method: 'POST', url: '/api-partner/register/documentIdentification', headers: { ...auth, 'content-type': multipartType }, payload: multipartOf(id, small) });
      if (res.statusCode !== 200) throw new Error(`seed upload: ${res.statusCode} ${res.body}`);
      readTenants.push(id);
    }
    const uploadTenants: number[] = [];
    for (let i = 0; i < UPLOAD_TENANTS; i++) uploadTenants.push((await call('POST', '/register/account', { email: `upload${i}@bench.example` })).id);
    const seedSeconds = (performance.now() - started) / 1000;

    const sample = await app.http.inject({ method: 'GET', url: `/api-partner/tenant/${readTenants[0]}/profile`, headers: auth });
    const profileBody = sample.body;
    await bare.register(multipart);
    bare.get('/profile/:id', async (_request, reply) => reply.type('application/json; charset=utf-8').send(profileBody));
    bare.post('/upload', async (request) => {
      for await (const part of request.parts({ limits: { fileSize: 20 * MB } })) if (part.type === 'file') await part.toBuffer();
      return {};
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

    const file = pdfOf(MB);
    const reads: { bare: Measure[]; app: Measure[] } = { bare: [], app: [] };
    const uploads: { bare: Measure[]; app: Measure[]; appLoopP99Ms: number[]; bareLoopP99Ms: number[] } = { bare: [], app: [], appLoopP99Ms: [], bareLoopP99Ms: [] };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const withLoop = async (run: () => Promise<Measure>) => {
      loop.reset();
      loop.enable();
      const measure = await run();
      loop.disable();
      return { measure, p99: loop.percentile(99) / 1e6 };
    };
    // Warm-up, not measured.
    await load({ name: 'warm', url: bareUrl, headers: {}, paths: readTenants.map((id) => `/profile/${id}`) }, CONNECTIONS, 1);
    await load({ name: 'warm', url: appUrl, headers: auth, paths: readTenants.map((id) => `/api-partner/tenant/${id}/profile`) }, CONNECTIONS, 1);
    for (let round = 0; round < ROUNDS; round++) {
      reads.bare.push(await load({ name: 'bare GET /profile/:id', url: bareUrl, headers: {}, paths: readTenants.map((id) => `/profile/${id}`) }, CONNECTIONS, DURATION));
      reads.app.push(await load({ name: 'GET /api-partner/tenant/{id}/profile', url: appUrl, headers: auth, paths: readTenants.map((id) => `/api-partner/tenant/${id}/profile`) }, CONNECTIONS, DURATION));
      const b = await withLoop(() => load({ name: 'bare POST /upload (1 MB)', url: bareUrl, headers: { 'content-type': multipartType }, upload: { path: '/upload', tenantIds: uploadTenants, file, boundary } }, UPLOAD_CONNECTIONS, DURATION));
      uploads.bare.push(b.measure);
      uploads.bareLoopP99Ms.push(b.p99);
      const a = await withLoop(() =>
        load(
          { name: 'POST /api-partner/register/documentIdentification (1 MB)', url: appUrl, headers: { ...auth, 'content-type': multipartType }, upload: { path: '/api-partner/register/documentIdentification', tenantIds: uploadTenants, file, boundary } },
          UPLOAD_CONNECTIONS,
          DURATION,
        ),
      );
      uploads.app.push(a.measure);
      uploads.appLoopP99Ms.push(a.p99);
    }

    // Sealing and storing alone, one after another, on the same disk.
    const blobs = new SealedBlobs(new FilesystemBlobStore(path.join(dataDir, 'seal-bench')), { current: randomBytes(32), previous: [] });
    const sealRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 2000) {
        await blobs.writeNew('bench', file);
        n++;
      }
      sealRuns.push((n * file.length) / MB / ((performance.now() - t0) / 1000));
    }

    const m = (list: Measure[], key: keyof Measure) => median(list.map((x) => x[key] as number));
    const ratios = reads.app.map((a, i) => a.reqPerSec / reads.bare[i]!.reqPerSec);
    const summary = {
      machine: { cpus: os.cpus().length, node: process.version, database: databaseUrl ? 'postgresql' : 'pglite (on disk)', storage: config.storage.kind },
      settings: { duration: DURATION, rounds: ROUNDS, connections: CONNECTIONS, uploadConnections: UPLOAD_CONNECTIONS, tenants: TENANTS, uploadTenants: UPLOAD_TENANTS, seedSeconds },
      reads: {
        bare: { reqPerSec: m(reads.bare, 'reqPerSec'), p99Ms: m(reads.bare, 'p99Ms') },
        app: { reqPerSec: m(reads.app, 'reqPerSec'), p99Ms: m(reads.app, 'p99Ms'), non2xx: reads.app.reduce((n, x) => n + x.non2xx, 0) },
        ratioOfMedians: m(reads.app, 'reqPerSec') / m(reads.bare, 'reqPerSec'),
        ratioPerRound: ratios,
        goal: 0.4,
      },
      uploads: {
        bare: { reqPerSec: m(uploads.bare, 'reqPerSec'), p99Ms: m(uploads.bare, 'p99Ms'), mbPerSec: m(uploads.bare, 'mbPerSec'), loopDelayP99Ms: median(uploads.bareLoopP99Ms) },
        app: { reqPerSec: m(uploads.app, 'reqPerSec'), p99Ms: m(uploads.app, 'p99Ms'), mbPerSec: m(uploads.app, 'mbPerSec'), loopDelayP99Ms: median(uploads.appLoopP99Ms), non2xx: uploads.app.reduce((n, x) => n + x.non2xx, 0) },
        sealAndStoreSequentialMbPerSec: median(sealRuns),
        /** Upload throughput over what sealing and storing alone reach on the same disk in the same run. */
        uploadsToSealAndStore: m(uploads.app, 'mbPerSec') / median(sealRuns),
      },
      runs: { reads, uploads, sealRuns },
    };

    const row = (name: string, rps: number, p99: number, extra = '') => `${name.padEnd(58)} ${rps.toFixed(0).padStart(8)} ${p99.toFixed(1).padStart(9)}  ${extra}`;
    console.log(`\nrental bench — ${summary.machine.database}, ${summary.machine.cpus} cpus, ${ROUNDS} rounds × ${DURATION} s, medians (seeded ${TENANTS}+${UPLOAD_TENANTS} tenants in ${seedSeconds.toFixed(1)} s)\n`);
    console.log(`${'target'.padEnd(58)} ${'req/s'.padStart(8)} ${'p99 ms'.padStart(9)}`);
    console.log(row(`bare GET /profile/:id (${CONNECTIONS} conns)`, summary.reads.bare.reqPerSec, summary.reads.bare.p99Ms));
    console.log(row('GET /api-partner/tenant/{id}/profile', summary.reads.app.reqPerSec, summary.reads.app.p99Ms, `${(summary.reads.ratioOfMedians * 100).toFixed(0)} % of bare (goal ≥ 40 %; rounds ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')})`));
    console.log(row(`bare POST /upload 1 MB (${UPLOAD_CONNECTIONS} conns)`, summary.uploads.bare.reqPerSec, summary.uploads.bare.p99Ms, `${summary.uploads.bare.mbPerSec!.toFixed(1)} MB/s, loop delay p99 ${summary.uploads.bare.loopDelayP99Ms.toFixed(1)} ms`));
    console.log(row('POST …/register/documentIdentification 1 MB', summary.uploads.app.reqPerSec, summary.uploads.app.p99Ms, `${summary.uploads.app.mbPerSec!.toFixed(1)} MB/s, loop delay p99 ${summary.uploads.app.loopDelayP99Ms.toFixed(1)} ms`));
    console.log(`${'seal + store 1 MB, one at a time'.padEnd(58)} ${''.padStart(8)} ${''.padStart(9)}  ${summary.uploads.sealAndStoreSequentialMbPerSec.toFixed(1)} MB/s`);
    console.log(
      `\nuploads: ${summary.uploads.app.mbPerSec!.toFixed(1)} MB/s = ${(summary.uploads.uploadsToSealAndStore * 100).toFixed(0)} % of seal + store alone (${summary.uploads.sealAndStoreSequentialMbPerSec.toFixed(1)} MB/s), ` +
        `event-loop delay p99 ${summary.uploads.app.loopDelayP99Ms.toFixed(1)} ms during the uploads (rounds: ${uploads.app.map((x, i) => `${x.mbPerSec!.toFixed(1)} MB/s ${uploads.appLoopP99Ms[i]!.toFixed(0)} ms`).join(', ')})`,
    );
    if (summary.reads.app.non2xx || summary.uploads.app.non2xx) console.log(`\nnon-2xx answers: reads ${summary.reads.app.non2xx}, uploads ${summary.uploads.app.non2xx}`);
    const out = path.join(import.meta.dirname, '..', 'results', databaseUrl ? 'rental-postgres.json' : 'rental.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
    console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
  } finally {
    await bare.close();
    await app.close();
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A new database beside the one DATABASE_URL names (its keys are sealed by this run's master key), dropped at the end. */
async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `foyer_bench_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

await main();

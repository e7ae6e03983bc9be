/**
 * Citizen-data API: sandbox lookups beside a bare Fastify route, and the gateway's added latency
 * (Foyer in upstream mode in front of a fake upstream, against the fake upstream alone), in one run.
 *
 *   npx tsx bench/particulier/run.ts [--duration 5] [--connections 10]
 *
 * Both Foyer apps are built by `buildApp` (embedded PGlite in memory) with the whole pipeline on:
 * JWT + token row (cached 5 s), rate limits (limits raised so the load is not refused), parameter
 * rules, scope mask, access log. The bare route answers the same JSON body. Each target gets 1 s of
 * warm-up; the bare route and the upstream alone are measured twice and their medians used.
 * Prints a table and writes bench/results/particulier.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { buildApp, type FoyerApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { createToken } from '../../src/particulier/tokens/store.ts';
import { ALL_SCOPES } from '../../src/particulier/index.ts';
import { autocannon, median, printTable, type Measure, type Target } from './autocannon.ts';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } } });
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);

const QF_QUERY =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD' +
  '&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';
// Not a DSS route: the gateway has no response cache on it, every call is forwarded.
const CNOUS_QUERY = '/api-particulier/v3/cnous/etudiant_boursier/ine?recipient=13002526500013&ine=1234567890G';

async function startFoyer(env: Record<string, string>): Promise<{ app: FoyerApp; url: string; token: string; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-particulier-'));
  const config = loadConfig(
    {
      FOYER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '1000000',
      FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '10000000',
      FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '10000000',
      ...env,
    },
    { sections: MODULES },
  );
  const app = await buildApp(config, { memoryDatabase: true });
  const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createToken(asParticulierDb(app.db.kysely), tokenSecret(app.masterKey), {
    name: 'bench',
    scopes: ALL_SCOPES,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return { app, url, token, dataDir };
}

async function main() {
  const started = performance.now();
  const sandbox = await startFoyer({});
  const headers = { authorization: `Bearer ${sandbox.token}` };
  const sample = await fetch(`${sandbox.url}${QF_QUERY}`, { headers });
  if (sample.status !== 200) throw new Error(`sandbox answered ${sample.status}: ${await sample.text()}`);
  const qfBody = await sample.json();
  const cnous = await fetch(`${sandbox.url}${CNOUS_QUERY}`, { headers });
  const cnousBody = await cnous.json();

  // The baseline: a bare Fastify route answering the same body.
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => qfBody);
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  // The fake upstream: a plain node:http server answering the CNOUS body, as fast as it can.
  const upstreamBody = JSON.stringify(cnousBody);
  const upstream = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(upstreamBody) });
    res.end(upstreamBody);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const gateway = await startFoyer({ FOYER_PARTICULIER_PROVIDER: 'upstream', FOYER_PARTICULIER_UPSTREAM_URL: upstreamUrl, FOYER_PARTICULIER_UPSTREAM_TOKEN: 'bench' });
  const gatewayHeaders = { authorization: `Bearer ${gateway.token}` };
  const check = await fetch(`${gateway.url}${CNOUS_QUERY}`, { headers: gatewayHeaders });
  if (check.status !== 200) throw new Error(`gateway answered ${check.status}: ${await check.text()}`);

  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; apps ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // 1000 students: concurrent calls for the same student and token would be refused (409 00015).
  const inePaths = Array.from({ length: 1000 }, (_, i) => CNOUS_QUERY.replace('1234567890G', `${String(1_000_000_000 + i)}G`));
  const targets: Target[] = [
    { name: 'bare Fastify GET /bare (same body)', url: bareUrl, paths: ['/bare'], headers: {} },
    { name: 'sandbox QF identite (200, full pipeline)', url: sandbox.url, paths: [QF_QUERY], headers },
    { name: 'bare Fastify GET /bare (again)', url: bareUrl, paths: ['/bare'], headers: {} },
    { name: 'fake upstream alone', url: upstreamUrl, paths: inePaths.map((p) => p.replace('/api-particulier', '')), headers: {} },
    { name: 'gateway → fake upstream (CNOUS ine)', url: gateway.url, paths: inePaths, headers: gatewayHeaders },
    { name: 'fake upstream alone (again)', url: upstreamUrl, paths: inePaths.map((p) => p.replace('/api-particulier', '')), headers: {} },
    // One connection: the latency a single caller sees, without queueing behind other requests.
    { name: 'fake upstream alone, 1 connection', url: upstreamUrl, paths: inePaths.map((p) => p.replace('/api-particulier', '')), headers: {}, connections: 1 },
    { name: 'gateway → fake upstream, 1 connection', url: gateway.url, paths: inePaths, headers: gatewayHeaders, connections: 1 },
  ];
  const measures: Measure[] = [];
  try {
    for (const target of targets) {
      await autocannon(target, CONNECTIONS, 1);
      const m = await autocannon(target, CONNECTIONS, DURATION);
      if (m.non2xx || m.errors) throw new Error(`${target.name}: ${m.non2xx} non-2xx answers and ${m.errors} errors`);
      measures.push(m);
      console.log(`  ${target.name}: ${Math.round(m.reqPerSec)} req/s`);
    }
  } finally {
    await gateway.app.close();
    await sandbox.app.close();
    await bare.close();
    upstream.close();
    for (const dir of [sandbox.dataDir, gateway.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
  const bareRps = median([measures[0]!.reqPerSec, measures[2]!.reqPerSec]);
  const upstreamP50 = median([measures[3]!.p50Ms, measures[5]!.p50Ms]);
  const upstreamRps = median([measures[3]!.reqPerSec, measures[5]!.reqPerSec]);
  const sandboxRatio = measures[1]!.reqPerSec / bareRps;
  const addedP50 = measures[4]!.p50Ms - upstreamP50;
  const addedP50Single = measures[7]!.p50Ms - measures[6]!.p50Ms;
  printTable(
    measures.map((m, i) => ({
      ...m,
      ratio: i <= 2 ? `${((100 * m.reqPerSec) / bareRps).toFixed(1)} % of bare` : `${((100 * m.reqPerSec) / upstreamRps).toFixed(1)} % of upstream`,
    })),
  );
  console.log(`\nsandbox: ${(100 * sandboxRatio).toFixed(0)} % of the bare route's req/s (goal ≥ 50 %): ${sandboxRatio >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(`gateway added p50: ${addedP50Single.toFixed(3)} ms for one caller (goal < 1 ms): ${addedP50Single < 1 ? 'met' : 'NOT met'}; ${addedP50.toFixed(3)} ms at ${CONNECTIONS} connections`);
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg(),
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    bareBaselineReqPerSec: bareRps,
    sandboxRatioToBare: sandboxRatio,
    upstreamAloneP50Ms: upstreamP50,
    gatewayP50Ms: measures[4]!.p50Ms,
    gatewayAddedP50Ms: addedP50,
    gatewayAddedP50SingleConnectionMs: addedP50Single,
    results: measures,
  };
  fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  fs.writeFileSync(new URL('../results/particulier.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written to bench/results/particulier.json; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();

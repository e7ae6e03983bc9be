/**
 * Citizen-data API: sandbox lookups beside a bare Fastify route, and the gateway's added latency
 * (Foyer in upstream mode in front of a fake upstream, against the fake upstream alone), in one run.
 *
 *   npx tsx bench/particulier/run.ts [--duration 5] [--connections 10] [--rounds 3]
 *
 * Both Foyer apps are built by `buildApp` (embedded PGlite in memory) with the whole pipeline on:
 * JWT + token row (cached 5 s), rate limits (limits raised so the load is not refused), parameter
 * rules, scope mask, access log.
 *
 * The baseline (since 2026-12-02) is a bare Fastify route that receives exactly the sandbox's
 * request: a server of its own with one route at the QF path, sent the same query string and the
 * same 2.7 kB `Authorization: Bearer` token, answering the same JSON body (`bare-twin.ts`). The goal
 * ratio (sandbox ≥ 50 % of the bare route's req/s) is computed against it, so the HTTP parsing
 * and bytes both pay are not counted against the surface. The former baseline, `GET /bare` with no
 * query and no header, is still measured as an extra row ("empty request") for transparency; it
 * runs faster, so a ratio against it is lower.
 *
 * Each target gets 1 s of warm-up, then `rounds` rounds alternate the targets (bare same request,
 * bare empty request, sandbox, upstream alone, gateway, and both again with one connection); each
 * round gives a ratio (sandbox / bare req/s) and an added p50 (gateway − upstream alone), and the
 * figures quoted are the medians over the rounds, so a burst of load from other processes on the
 * machine skews one round, not the result.
 * Prints a table and writes bench/results/particulier.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, type FoyerApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { createToken } from '../../src/particulier/tokens/store.ts';
import { ALL_SCOPES } from '../../src/particulier/index.ts';
import { autocannon, median, printTable, type Measure, type Target } from './autocannon.ts';
import { startBareRoute } from './bare-twin.ts';

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } },
});
const DURATION = Number(args.duration);
const ROUNDS = Number(args.rounds);
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
      // autocannon keeps its connections; the default 1000 requests per socket would answer 503 past it.
      FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
      ...env,
      ...(process.env.FOYER_EMBEDDED_DB_THREAD ? { FOYER_EMBEDDED_DB_THREAD: process.env.FOYER_EMBEDDED_DB_THREAD } : {}),
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

  // The baseline: a bare Fastify route at the QF path, sent the sandbox's request, answering the same body.
  const bare = await startBareRoute(QF_QUERY, qfBody);
  const sameRequest = await fetch(`${bare.url}${QF_QUERY}`, { headers });
  if (JSON.stringify(await sameRequest.json()) !== JSON.stringify(qfBody)) throw new Error('the bare route does not answer the sandbox body');
  // The former baseline, for transparency: no query, no header.
  const bareEmpty = await startBareRoute('/bare', qfBody);

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
  const upstreamPaths = inePaths.map((p) => p.replace('/api-particulier', ''));
  const targets: Target[] = [
    { name: 'bare Fastify, same request + body (baseline)', url: bare.url, paths: [QF_QUERY], headers },
    { name: 'bare Fastify GET /bare, empty request', url: bareEmpty.url, paths: ['/bare'], headers: {} },
    { name: 'sandbox QF identite (200, full pipeline)', url: sandbox.url, paths: [QF_QUERY], headers },
    { name: 'fake upstream alone', url: upstreamUrl, paths: upstreamPaths, headers: {} },
    { name: 'gateway → fake upstream (CNOUS ine)', url: gateway.url, paths: inePaths, headers: gatewayHeaders },
    // One connection: the latency a single caller sees, without queueing behind other requests.
    { name: 'fake upstream alone, 1 connection', url: upstreamUrl, paths: upstreamPaths, headers: {}, connections: 1 },
    { name: 'gateway → fake upstream, 1 connection', url: gateway.url, paths: inePaths, headers: gatewayHeaders, connections: 1 },
  ];
  const rounds: Measure[][] = [];
  try {
    for (const target of targets) await autocannon(target, CONNECTIONS, 1);
    for (let round = 1; round <= ROUNDS; round++) {
      const measures: Measure[] = [];
      for (const target of targets) {
        const m = await autocannon(target, CONNECTIONS, DURATION);
        if (m.non2xx || m.errors) throw new Error(`${target.name}: ${m.non2xx} non-2xx answers and ${m.errors} errors`);
        measures.push(m);
      }
      rounds.push(measures);
      const [bareM, emptyM, sandboxM, upM, gwM, up1, gw1] = measures as [Measure, Measure, Measure, Measure, Measure, Measure, Measure];
      console.log(
        `  round ${round}: sandbox ${Math.round(sandboxM.reqPerSec)} / bare ${Math.round(bareM.reqPerSec)} req/s = ${((100 * sandboxM.reqPerSec) / bareM.reqPerSec).toFixed(1)} % ` +
          `(${((100 * sandboxM.reqPerSec) / emptyM.reqPerSec).toFixed(1)} % of the empty request's ${Math.round(emptyM.reqPerSec)}); ` +
          `gateway added p50 ${(gw1.p50Ms - up1.p50Ms).toFixed(3)} ms (1 connection), ${(gwM.p50Ms - upM.p50Ms).toFixed(3)} ms (${CONNECTIONS}); load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    await gateway.app.close();
    await sandbox.app.close();
    await bare.close();
    await bareEmpty.close();
    upstream.close();
    for (const dir of [sandbox.dataDir, gateway.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
  const column = (i: number) => rounds.map((r) => r[i]!);
  const medianOf = (i: number): Measure => {
    const ms = column(i);
    return { ...ms[0]!, reqPerSec: median(ms.map((m) => m.reqPerSec)), p50Ms: median(ms.map((m) => m.p50Ms)), p99Ms: median(ms.map((m) => m.p99Ms)), requests: ms.reduce((n, m) => n + m.requests, 0) };
  };
  const medians = targets.map((_, i) => medianOf(i));
  const sandboxRatios = rounds.map((r) => r[2]!.reqPerSec / r[0]!.reqPerSec);
  const emptyRatios = rounds.map((r) => r[2]!.reqPerSec / r[1]!.reqPerSec);
  const addedP50s = rounds.map((r) => r[4]!.p50Ms - r[3]!.p50Ms);
  const addedP50Singles = rounds.map((r) => r[6]!.p50Ms - r[5]!.p50Ms);
  const sandboxRatio = median(sandboxRatios);
  const emptyRatio = median(emptyRatios);
  const addedP50 = median(addedP50s);
  const addedP50Single = median(addedP50Singles);
  printTable(
    medians.map((m, i) => ({
      ...m,
      ratio: i <= 2 ? `${((100 * m.reqPerSec) / medians[0]!.reqPerSec).toFixed(1)} % of bare` : `${((100 * m.reqPerSec) / medians[i % 2 ? i : i - 1]!.reqPerSec).toFixed(1)} % of upstream`,
    })),
  );
  console.log(`(medians of ${ROUNDS} rounds of ${DURATION} s)`);
  const list = (values: number[], digits: number, unit = '') => values.map((v) => `${v.toFixed(digits)}${unit}`).join(', ');
  console.log(
    `\nsandbox: median ${(100 * sandboxRatio).toFixed(0)} % of the bare route's req/s, same request (rounds: ${list(sandboxRatios.map((r) => 100 * r), 1, ' %')}; goal ≥ 50 %): ${sandboxRatio >= 0.5 ? 'met' : 'NOT met'}` +
      `; ${(100 * emptyRatio).toFixed(0)} % of the empty-request route's (rounds: ${list(emptyRatios.map((r) => 100 * r), 1, ' %')})`,
  );
  console.log(
    `gateway added p50: median ${addedP50Single.toFixed(3)} ms for one caller (rounds: ${list(addedP50Singles, 3)}; goal < 1 ms): ${addedP50Single < 1 ? 'met' : 'NOT met'}; ${addedP50.toFixed(3)} ms at ${CONNECTIONS} connections`,
  );
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg(),
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    rounds: ROUNDS,
    baseline: 'bare Fastify route at the QF path, sent the same query and Authorization header as the sandbox, same body',
    bareBaselineReqPerSec: medians[0]!.reqPerSec,
    sandboxRatioToBare: sandboxRatio,
    sandboxRatioByRound: sandboxRatios,
    bareEmptyRequestReqPerSec: medians[1]!.reqPerSec,
    sandboxRatioToBareEmptyRequest: emptyRatio,
    sandboxRatioToBareEmptyRequestByRound: emptyRatios,
    upstreamAloneP50Ms: medians[3]!.p50Ms,
    gatewayP50Ms: medians[4]!.p50Ms,
    gatewayAddedP50Ms: addedP50,
    gatewayAddedP50SingleConnectionMs: addedP50Single,
    gatewayAddedP50SingleConnectionMsByRound: addedP50Singles,
    medians,
    results: rounds,
  };
  fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  fs.writeFileSync(new URL('../results/particulier.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written to bench/results/particulier.json; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();

/**
 * Throughput of the five broker calculators next to a bare Fastify route, in one run:
 *   npx tsx bench/calculators.ts
 * The real app (buildApp, embedded in-memory database, silent logs) and a bare Fastify server with
 * one `POST /bare` route listen on random local ports in this process; autocannon fires from a
 * worker thread so that the load generator does not share the servers' event loop. Each endpoint
 * gets a 1 s warm-up then a measured run; the bare route is measured before each endpoint and at the
 * end, and the median of its runs is the baseline. Goal: every calculator ≥ 60 % of the baseline's req/s.
 * Results: a table on stdout and bench/results/calculators.json.
 * BENCH_DURATION (s, default 5) and BENCH_CONNECTIONS (default 10) override the run shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../../src/app.ts';
import { parisDay } from '../../src/platform/http/paris-dates.ts';
import { asBrokerDb, brokerSettingsOf, createApiKey, createBroker } from '../../src/broker/index.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { GUIDE_EXAMPLES } from '../../src/broker/calculators/guide-examples.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP_S = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const GOAL = 0.6;
const RESULTS = new URL('../results/calculators.json', import.meta.url);

/** First day of next month, so the guide's buy-back body passes "daterachat ≥ today". */
function nextMonth(): string {
  const today = parisDay(new Date());
  const month = (today.month % 12) + 1;
  const year = today.year + (today.month === 12 ? 1 : 0);
  return `01/${String(month).padStart(2, '0')}/${year}`;
}

// The guide's example bodies (§11–15); only the buy-back date is moved to the future.
const ENDPOINTS: { name: string; path: string; body: unknown }[] = [
  { name: 'calculatriceemprunt', path: '/calculatriceemprunt', body: GUIDE_EXAMPLES.loan },
  { name: 'calculatriceptz', path: '/calculatriceptz', body: GUIDE_EXAMPLES.ptz },
  { name: 'calculatricecapaciteemprunt', path: '/calculatricecapaciteemprunt', body: GUIDE_EXAMPLES.capacity },
  { name: 'calculatricerachatpret', path: '/calculatricerachatpret', body: { ...GUIDE_EXAMPLES.buyback, daterachat: nextMonth() } },
  { name: 'fraisnotaire', path: '/fraisnotaire', body: GUIDE_EXAMPLES.notary },
];

interface Measure {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

async function fire(url: string, body: unknown, headers: Record<string, string>, duration: number): Promise<Measure> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
    workers: 1,
  });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`);
  }
  return { reqPerSec: result.requests.mean, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}

async function measure(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Measure> {
  await fire(url, body, headers, WARMUP_S);
  return fire(url, body, headers, DURATION_S);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
  const config = loadConfig({
    FOYER_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    FOYER_PUBLIC_URL: 'http://127.0.0.1',
    FOYER_RUN_WORKERS: 'false',
    FOYER_DEMO: 'false',
  }, { sections: MODULES });
  const app = await buildApp(config, { memoryDatabase: true });
  const bare = Fastify({ logger: false });
  bare.post('/bare', async () => ({ ok: true }));
  try {
    const appUrl = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    const db = asBrokerDb(app.db.kysely);
    const { token } = await createApiKey(db, await createBroker(db, 'Bench'), { allowedOrigins: [] });
    const auth = { 'x-crediteo-user-auth-token': token };
    console.log(`app and bare server up in ${((performance.now() - started) / 1000).toFixed(1)} s (load average ${os.loadavg()[0]!.toFixed(1)})`);

    // Every body must be a 200 before it is worth timing.
    for (const e of ENDPOINTS) {
      const res = await fetch(`${appUrl}${brokerSettingsOf(config).prefix}${e.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(e.body),
      });
      if (res.status !== 200) throw new Error(`${e.path}: ${res.status} ${await res.text()}`);
    }

    // The bare route gets the loan body too, so JSON parsing is in the baseline.
    const bareBody = ENDPOINTS[0]!.body;
    // The bare route runs before every endpoint and once at the end: on a shared 2-core machine
    // its rate drifts by tens of percent over a minute, and the median of interleaved runs
    // follows that drift better than two runs at the ends.
    const bareRuns: Measure[] = [];
    const rows: (Measure & { name: string; path: string })[] = [];
    for (const e of ENDPOINTS) {
      bareRuns.push(await measure(`${bareUrl}/bare`, bareBody));
      rows.push({ name: e.name, path: `${brokerSettingsOf(config).prefix}${e.path}`, ...(await measure(`${appUrl}${brokerSettingsOf(config).prefix}${e.path}`, e.body, auth)) });
    }
    bareRuns.push(await measure(`${bareUrl}/bare`, bareBody));
    const baseline = median(bareRuns.map((r) => r.reqPerSec));

    // Besides the median, each endpoint is compared with the bare run measured just before it.
    const table = [
      ...bareRuns.map((r, i) => ({ endpoint: `bare (run ${i + 1})`, ...r, ratio: r.reqPerSec / baseline, paired: NaN })),
      ...rows.map((r, i) => ({ endpoint: r.name, ...r, ratio: r.reqPerSec / baseline, paired: r.reqPerSec / bareRuns[i]!.reqPerSec })),
    ];
    const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);
    console.log(`\n${CONNECTIONS} connections, ${DURATION_S} s per endpoint after a ${WARMUP_S} s warm-up; ` +
      `baseline = median bare req/s = ${baseline.toFixed(0)}; goal ≥ ${GOAL * 100} %\n`);
    console.log(`${'endpoint'.padEnd(30)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'% bare'.padStart(9)}${'% prev'.padStart(9)}  goal`);
    for (const r of table) {
      const goal = r.endpoint.startsWith('bare') ? '' : r.ratio >= GOAL ? 'ok' : 'BELOW';
      const paired = Number.isNaN(r.paired) ? ''.padStart(9) : fmt(r.paired * 100, 1);
      console.log(`${r.endpoint.padEnd(30)}${fmt(r.reqPerSec)}${fmt(r.p50Ms, 2)}${fmt(r.p99Ms, 2)}${fmt(r.ratio * 100, 1)}${paired}  ${goal}`);
    }

    fs.mkdirSync(new URL('.', RESULTS), { recursive: true });
    fs.writeFileSync(
      RESULTS,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: os.cpus().length,
          loadAverage: os.loadavg()[0],
          connections: CONNECTIONS,
          durationSeconds: DURATION_S,
          warmupSeconds: WARMUP_S,
          goalRatio: GOAL,
          baseline: { reqPerSec: baseline, runs: bareRuns },
          endpoints: rows.map((r, i) => ({
            ...r,
            ratio: r.reqPerSec / baseline,
            ratioToPreviousBare: r.reqPerSec / bareRuns[i]!.reqPerSec,
            meetsGoal: r.reqPerSec / baseline >= GOAL,
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nload average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs; written to ${path.relative(process.cwd(), new URL(RESULTS).pathname)}`);
  } finally {
    await bare.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

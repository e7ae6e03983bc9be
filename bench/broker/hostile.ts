/**
 * What a hostile body costs, side by side with an ordinary refused request, in one run.
 *
 *   npx tsx bench/hostile.ts [--runs 15]
 *
 * Starts the real app (`buildApp`, embedded PGlite in memory) and injects, `--runs` times each, an
 * ordinary invalid /prospect (the baseline) and bodies that fill the 1 MiB limit: an array of
 * 349 000 empty borrowers (/prospectcomplet and PUT), 90 000 unknown keys, 300 000 levels of
 * nesting. For each: median and worst answer time, longest event-loop stall
 * (`monitorEventLoopDelay`) and answer size. Prints a table and writes bench/results/hostile.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';
import { asBrokerDb, createApiKey, createBroker } from '../../src/broker/index.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${args.runs}`);
const LIMIT = 1024 * 1024;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-hostile-'));
const config = loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_DEMO: 'false' }, { sections: MODULES });
const app = await buildApp(config, { memoryDatabase: true });
const db = asBrokerDb(app.db.kysely);
const { token } = await createApiKey(db, await createBroker(db, 'Bench'), { allowedOrigins: [] });
const headers = { 'x-crediteo-user-auth-token': token, 'content-type': 'application/json' };

const created = await app.http.inject({
  method: 'POST',
  url: '/crediteo/prospect',
  headers,
  payload: { nom: 'A', prenom: 'B', email: 'a@b.fr', tel: '1' },
});
const fileId = created.json().dossier.id as string;

function emptyObjects(key: string, extra = ''): string {
  const head = `{${extra}"${key}":[`;
  const count = Math.floor((LIMIT - head.length - 2) / 3);
  return `${head}${'{},'.repeat(count - 1)}{}]}`;
}

function unknownKeys(): string {
  const keys: string[] = [];
  for (let i = 0, size = 2; size < LIMIT - 40; i++) {
    const entry = `"k${i}":0`;
    keys.push(entry);
    size += entry.length + 1;
  }
  return `{${keys.join(',')}}`;
}

const depth = 300_000;
const cases: { name: string; method: 'POST' | 'PUT'; url: string; payload: string }[] = [
  { name: 'baseline: /prospect missing fields', method: 'POST', url: '/crediteo/prospect', payload: '{"nom":"A"}' },
  { name: '349k empty borrowers, /prospectcomplet', method: 'POST', url: '/crediteo/prospectcomplet', payload: emptyObjects('emprunteurs') },
  {
    name: '349k empty borrowers, PUT',
    method: 'PUT',
    url: `/crediteo/dossiers/${fileId}`,
    payload: emptyObjects('emprunteurs', `"dossier":{"iddossier":"${fileId}","reference":"R"},`),
  },
  { name: 'unknown keys, /prospect', method: 'POST', url: '/crediteo/prospect', payload: unknownKeys() },
  { name: '300k levels of nesting', method: 'POST', url: '/crediteo/prospectcomplet', payload: `{"projet":${'['.repeat(depth)}${']'.repeat(depth)}}` },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: { case: string; bodyBytes: number; status: number; answerBytes: number; medianMs: number; worstMs: number; stallMs: number }[] = [];
for (const c of cases) {
  const times: number[] = [];
  let status = 0;
  let answerBytes = 0;
  await app.http.inject({ method: c.method, url: c.url, headers, payload: c.payload }); // warm-up
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await app.http.inject({ method: c.method, url: c.url, headers, payload: c.payload });
    times.push(performance.now() - started);
    status = res.statusCode;
    answerBytes = Buffer.byteLength(res.body);
  }
  histogram.disable();
  rows.push({
    case: c.name,
    bodyBytes: Buffer.byteLength(c.payload),
    status,
    answerBytes,
    medianMs: Number(median(times).toFixed(2)),
    worstMs: Number(Math.max(...times).toFixed(2)),
    stallMs: Number((histogram.max / 1e6).toFixed(1)),
  });
}
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const baseline = rows[0]!.medianMs;
console.table(rows.map((r) => ({ ...r, 'x baseline': Number((r.medianMs / baseline).toFixed(1)) })));
fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
const out = new URL('../results/hostile.json', import.meta.url);
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, rows }, null, 2));
console.log(`written ${out.pathname}`);

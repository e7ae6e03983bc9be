/**
 * Server main-thread CPU per call, sandbox vs bare route, in one run: a measure that load on the
 * other core moves far less than req/s does (the thread's own CPU time, read from
 * /proc/self/task/<tid>/stat, over the calls autocannon completed).
 *
 *   npx tsx bench/particulier/cpu-per-call.ts [--rounds 3] [--duration 4] [--log-level silent]
 *
 * `--log-level info` runs the app at the production default level (send stdout to /dev/null): the
 * request lines it writes are then part of the sandbox's cost.
 *
 * Linux only. autocannon runs in a worker thread of this process, so the main thread's CPU is the
 * server's alone.
 *
 * The baseline ("bare") is a bare Fastify route at the QF path sent exactly the sandbox's request
 * (same query string, same 2.7 kB `Authorization` header) and answering the same body, so the
 * HTTP parsing both pay is not counted against the surface; "bare-empty" is the former baseline
 * (`GET /bare`, no query, no header), kept for transparency.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { createToken } from '../../src/particulier/tokens/store.ts';
import { ALL_SCOPES } from '../../src/particulier/index.ts';
import { autocannon, type Target } from './autocannon.ts';
import { startBareRoute } from './bare-twin.ts';
import { mainThreadCpuMs } from '../thread-cpu.ts';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '4' }, 'log-level': { type: 'string', default: 'silent' } },
});
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-cpu-call-'));
const config = loadConfig(
  {
    FOYER_DATA_DIR: dataDir,
    LOG_LEVEL: args['log-level'],
    FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '1000000',
    FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '10000000',
    FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '10000000',
    FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0',
    ...(process.env.FOYER_EMBEDDED_DB_THREAD ? { FOYER_EMBEDDED_DB_THREAD: process.env.FOYER_EMBEDDED_DB_THREAD } : {}),
  },
  { sections: MODULES },
);
const app = await buildApp(config, { memoryDatabase: true });
const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
const { token } = await createToken(asParticulierDb(app.db.kysely), tokenSecret(app.masterKey), {
  name: 'cpu',
  scopes: ALL_SCOPES,
  expiresAt: new Date(Date.now() + 86_400_000),
});
const qf =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD' +
  '&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';
const body = await (await fetch(`${url}${qf}`, { headers: { authorization: `Bearer ${token}` } })).json();
const bare = await startBareRoute(qf, body);
const bareEmpty = await startBareRoute('/bare', body);

const headers = { authorization: `Bearer ${token}` };
const targets: Target[] = [
  { name: 'bare', url: bare.url, paths: [qf], headers },
  { name: 'bare-empty', url: bareEmpty.url, paths: ['/bare'], headers: {} },
  { name: 'sandbox', url, paths: [qf], headers },
];
const results = new Map<string, { us: number[]; rps: number[] }>(targets.map((t) => [t.name, { us: [], rps: [] }]));
await autocannon(targets[1]!, 10, 1); // warm-up
for (let round = 1; round <= ROUNDS; round++) {
  for (const target of targets) {
    const before = mainThreadCpuMs();
    const m = await autocannon(target, 10, DURATION);
    const after = mainThreadCpuMs();
    const user = ((after.user - before.user) * 1000) / m.requests;
    const system = ((after.system - before.system) * 1000) / m.requests;
    const us = user + system;
    results.get(target.name)!.us.push(us);
    results.get(target.name)!.rps.push(m.reqPerSec);
    console.log(`  round ${round} ${target.name.padEnd(10)} ${us.toFixed(1)} µs of main-thread CPU per call (user ${user.toFixed(1)}, system ${system.toFixed(1)}), ${Math.round(m.reqPerSec)} req/s, non2xx ${m.non2xx}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const b = median(results.get('bare')!.us);
const e = median(results.get('bare-empty')!.us);
const s = median(results.get('sandbox')!.us);
console.log(
  `\nbare (same request) ${b.toFixed(1)} µs/call, sandbox ${s.toFixed(1)} µs/call: sandbox at ${((100 * b) / s).toFixed(1)} % of the bare route's calls per CPU-second; ` +
    `bare empty request ${e.toFixed(1)} µs/call (${((100 * e) / s).toFixed(1)} %) (load ${os.loadavg()[0]!.toFixed(1)})`,
);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/particulier-cpu.json', JSON.stringify({ bareUsPerCall: b, bareEmptyRequestUsPerCall: e, sandboxUsPerCall: s, rounds: Object.fromEntries(results) }, null, 2));
await bare.close();
await bareEmpty.close();
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });

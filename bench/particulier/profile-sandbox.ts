/**
 * Where a sandbox call spends its time: N calls through `inject`, timed. Run with
 * `node --cpu-prof --import tsx bench/particulier/profile-sandbox.ts` to get a profile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { createToken } from '../../src/particulier/tokens/store.ts';
import { ALL_SCOPES } from '../../src/particulier/index.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-profile-'));
const config = loadConfig(
  { FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '1000000', FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '10000000', FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '10000000', FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0' },
  { sections: MODULES },
);
const app = await buildApp(config, { memoryDatabase: true });
const { token } = await createToken(asParticulierDb(app.db.kysely), tokenSecret(app.masterKey), { name: 'p', scopes: ALL_SCOPES, expiresAt: new Date(Date.now() + 86_400_000) });
const url =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD' +
  '&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';
const headers = { authorization: `Bearer ${token}` };
const N = Number(process.argv[2] ?? 5000);
for (let i = 0; i < 500; i++) await app.http.inject({ method: 'GET', url, headers });
// CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
const cpuMicros = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
const started = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < N; i++) await app.http.inject({ method: 'GET', url, headers });
console.log(`${N} sandbox calls through inject: ${((performance.now() - started) / N * 1000).toFixed(0)} µs each, ${(cpuMicros(cpu) / N).toFixed(0)} µs CPU`);
if (process.argv[3] === 'compare') {
  const compare = async (label: string, target: string, h: Record<string, string> = {}) => {
    for (let i = 0; i < 500; i++) await app.http.inject({ method: 'GET', url: target, headers: h });
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < N; i++) await app.http.inject({ method: 'GET', url: target, headers: h });
    console.log(`${label}: ${((performance.now() - t) / N * 1000).toFixed(0)} µs each, ${(cpuMicros(c) / N).toFixed(0)} µs CPU`);
  };
  await compare('GET /health (platform route, same app)', '/health');
  await compare('GET /api-particulier/api/introspect (token check only)', '/api-particulier/api/introspect', headers);
}
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });

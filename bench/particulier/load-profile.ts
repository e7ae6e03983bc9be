/** Profiles the server side of a sandbox load: `node --cpu-prof --import tsx bench/particulier/load-profile.ts [bare|health|introspect]`. */
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
import { autocannon } from './autocannon.ts';
import { startBareRoute } from './bare-twin.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-profile-'));
const config = loadConfig(
  { FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '1000000', FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '10000000', FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '10000000', FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0' },
  { sections: MODULES },
);
const app = await buildApp(config, { memoryDatabase: true });
const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
const { token } = await createToken(asParticulierDb(app.db.kysely), tokenSecret(app.masterKey), { name: 'p', scopes: ALL_SCOPES, expiresAt: new Date(Date.now() + 86_400_000) });
const qf =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD' +
  '&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';
if (process.argv[2] === 'bare') {
  // The bench's baseline alone (the sandbox's request and answer), for a profile to compare with.
  const headers = { authorization: `Bearer ${token}` };
  const body = await (await fetch(`${url}${qf}`, { headers })).json();
  const bare = await startBareRoute(qf, body);
  const b = await autocannon({ name: 'bare', url: bare.url, paths: [qf], headers }, 10, 4);
  console.log(`bare: ${Math.round(b.reqPerSec)} req/s, p50 ${b.p50Ms.toFixed(2)} ms, ${b.bytesPerResponse} bytes`);
  await bare.close();
  await app.close();
  process.exit(0);
}
const target = process.argv[2] === 'health' ? '/health' : process.argv[2] === 'introspect' ? '/api-particulier/api/introspect' : qf;
const m = await autocannon({ name: target, url, paths: [target], headers: { authorization: `Bearer ${token}` } }, 10, 4);
console.log(`${process.argv[2] ?? 'sandbox'}: ${Math.round(m.reqPerSec)} req/s, p50 ${m.p50Ms.toFixed(2)} ms, non2xx ${m.non2xx}, ${m.bytesPerResponse} bytes`);
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });

/**
 * Where a 1 MB upload's time goes: `node --cpu-prof --import tsx bench/rental/profile-uploads.ts
 * [--uploads 100]` runs them one after another in process (no network), on the embedded database
 * in a temporary data directory. A tool for bench/rental/run.ts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, createPartner, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { pdfOf } from './pdf.ts';

const { values: args } = parseArgs({ options: { uploads: { type: 'string', default: '100' }, size: { type: 'string', default: '1000000' } } });
const UPLOADS = Number(args.uploads);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-rental-'));
const app = await buildApp(loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_RENTAL_TOKEN_TTL_SECONDS: '86400' }, { sections: MODULES }), { owner: 'bench' });
try {
  const db = asRentalDb(app.db.kysely);
  const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  const { partner } = await createPartner(db, { name: `p-${randomBytes(3).toString('hex')}`, displayName: 'P' });
  const token = await runtime.issuer.sign({ client_id: partner.name, scope: 'api-partner' }, 86400);
  const file = pdfOf(Number(args.size));
  const boundary = '----foyerprofile';
  const ids: number[] = [];
  for (let i = 0; i < Math.ceil(UPLOADS / 5) + 1; i++) {
    const res = await app.http.inject({ method: 'POST', url: '/api-partner/register/account', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ email: `t${i}@x.example` }) });
    ids.push(res.json().id);
  }
  const body = (tenantId: number) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\n${tenantId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="typeDocumentIdentification"\r\n\r\nFRENCH_PASSPORT\r\n--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  for (let i = 0; i < UPLOADS; i++) {
    const res = await app.http.inject({ method: 'POST', url: '/api-partner/register/documentIdentification', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body(ids[Math.floor(i / 5)]!) });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  }
  const ms = (performance.now() - t0) / UPLOADS;
  loop.disable();
  console.log(`${UPLOADS} uploads of ${file.length} bytes one after another: ${ms.toFixed(1)} ms each, ${((file.length / 1e6) * (1000 / ms)).toFixed(1)} MB/s, loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
} finally {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Where a profile read's time goes: times its steps one by one, in process, on the embedded database
 * (`npx tsx bench/rental/profile-reads.ts [--reads 2000]`). A tool for bench/rental/run.ts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, createPartner, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';

const { values: args } = parseArgs({ options: { reads: { type: 'string', default: '2000' } } });
const READS = Number(args.reads);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-rental-'));
const app = await buildApp(loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_RENTAL_TOKEN_TTL_SECONDS: '86400' }, { sections: MODULES }), { owner: 'bench' });
try {
  const db = asRentalDb(app.db.kysely);
  const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  const { partner } = await createPartner(db, { name: `p-${randomBytes(3).toString('hex')}`, displayName: 'P' });
  const token = await runtime.issuer.sign({ client_id: partner.name, scope: 'api-partner' }, 86400);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ids: number[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await app.http.inject({ method: 'POST', url: '/api-partner/register/account', headers: auth, payload: JSON.stringify({ email: `t${i}@x.example` }) });
    ids.push(res.json().id);
  }
  const time = async (name: string, step: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) await step(i);
    const t0 = performance.now();
    for (let i = 0; i < READS; i++) await step(i);
    const us = ((performance.now() - t0) * 1000) / READS;
    console.log(`${name.padEnd(50)} ${us.toFixed(0).padStart(7)} µs`);
  };
  await time('whole request (inject)', (i) => app.http.inject({ method: 'GET', url: `/api-partner/tenant/${ids[i % ids.length]}/profile`, headers: auth }));
  await time('token verification', () => runtime.issuer.verify(token));
  await time('one indexed select', () => db.selectFrom('rental.partners').select('id').where('id', '=', partner.id).execute());
  const { loadTenantModel } = await import('../../src/rental/tenants/tenant-model.ts');
  await time('loadTenantModel', (i) => loadTenantModel(db, ids[i % ids.length]!, runtime.apiBase));
} finally {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

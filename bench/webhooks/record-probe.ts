/**
 * What recording one webhook event costs, the dispatcher stopped so only the recording side runs:
 * `--events` events, one per transaction (`recordTenantEvent` in `runtime.db.transaction()`, as the
 * paced stages of run.ts record them), `--rounds` times. Per round: events/s with `--producers`
 * concurrent recorders and main-thread CPU ms per event (Linux `/proc`, robust to load on the other
 * core). With --statements: statements per event and the embedded database's time per SQL text.
 *
 *   npx tsx bench/webhooks/record-probe.ts [--events 2000] [--rounds 3] [--tenants 200] [--producers 8] [--partners 1] [--statements] [--profile FILE.cpuprofile]
 *
 * --profile FILE: a CPU profile of the last round (summarise it with bench/rental/profile-summary.ts).
 * --partners N: N receiving partners linked to every tenant (the §9.3 fan-out, one outbox row each).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from 'node:inspector/promises';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, createPartner, recordTenantEvent, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import { seedTenants, timeStatements } from './harness.ts';
import { mainThreadCpuMs } from '../thread-cpu.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    tenants: { type: 'string', default: '200' },
    producers: { type: 'string', default: '8' },
    partners: { type: 'string', default: '1' },
    statements: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const PRODUCERS = Number(args.producers);
const timer = timeStatements({ detail: Boolean(args.statements) });
const cpuMs = () => {
  const { user, system } = mainThreadCpuMs();
  return user + system;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const session = new Session();
session.connect();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-record-'));
const config = loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PUBLIC_URL: 'http://127.0.0.1', FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true' }, { sections: MODULES });
const app = await buildApp(config, { owner: 'bench' });
try {
  const context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
  const runtime = await rentalRuntime(context);
  // Recording only: nothing is delivered (the callback is never called).
  await runtime.webhooks?.stop();
  const db = asRentalDb(app.db.kysely);
  const partners = [];
  for (let i = 0; i < Number(args.partners); i++) partners.push((await createPartner(db, { name: `probe-${i}-${Date.now()}`, displayName: 'Probe', callbackUrl: 'http://127.0.0.1:9/hook' })).partner);
  const tenants = await seedTenants(runtime, partners[0]!.id, Number(args.tenants));
  for (const p of partners.slice(1)) {
    await db.insertInto('rental.tenant_partners').values(tenants.map((tenant_id) => ({ tenant_id, partner_id: p.id, access_granted_date: new Date() }))).execute();
  }
  const rates: number[] = [];
  const cpus: number[] = [];
  const counts: number[] = [];
  for (let round = 0; round < Number(args.rounds); round++) {
    let next = 0;
    timer.count = 0;
    const profiling = args.profile && round === Number(args.rounds) - 1;
    if (profiling) {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    timer.measuring = true;
    const cpu0 = cpuMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next < EVENTS) {
          const index = next++;
          await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'DENIED_ACCOUNT', tenantId: tenants[index % tenants.length]!, now: new Date() }));
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuMs() - cpu0;
    timer.measuring = false;
    if (profiling) fs.writeFileSync(args.profile!, JSON.stringify((await session.post('Profiler.stop')).profile));
    rates.push(EVENTS / seconds);
    cpus.push(cpu / EVENTS);
    counts.push(timer.count / EVENTS);
    console.log(`round ${round}: ${(EVENTS / seconds).toFixed(0)} events/s, main-thread CPU ${(cpu / EVENTS).toFixed(3)} ms/event, ${(timer.count / EVENTS).toFixed(1)} statements/event (begin and commit included), load ${os.loadavg()[0]!.toFixed(2)}`);
  }
  console.log(`median: ${median(rates).toFixed(0)} events/s, ${median(cpus).toFixed(3)} ms CPU/event, ${median(counts).toFixed(1)} statements/event`);
  if (args.statements) {
    const events = EVENTS * Number(args.rounds);
    let total = 0;
    for (const [k, s] of [...timer.stats].sort((a, b) => b[1].ms - a[1].ms)) {
      total += s.ms;
      console.log(`${(s.ms / events).toFixed(3)} ms/event  n/event=${(s.n / events).toFixed(1)}  ${(s.ms / s.n).toFixed(3)} ms each  ${k}`);
    }
    console.log(`total in statements ${(total / events).toFixed(3)} ms/event (wall time, includes waiting for the connection)`);
  }
} finally {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

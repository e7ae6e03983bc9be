/**
 * Where a webhook drain's event-loop time goes, robust to a shared machine: `--events` events
 * committed at once and delivered to a local receiver (its own thread), `--rounds` times, each after a
 * `--direct` s direct `fetch` loop to the same receiver (the ratio is within the round). Per round: rates,
 * CPU ms per delivery of the process and of the main thread alone (Linux; the receiver thread left out;
 * unlike rates, hardly moved by other processes' load).
 *
 *   npx tsx bench/webhooks/drain-probe.ts [--events 1000] [--rounds 3] [--statements] [--profile FILE.cpuprofile]
 *
 * --statements: the embedded database's time per SQL text during the drains (ms per delivery).
 * --profile: a CPU profile of the last drain (summarise it with bench/rental/profile-summary.ts).
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
import { seedTenants, startReceiver, timeStatements } from './harness.ts';
import { mainThreadCpuMs } from '../thread-cpu.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' }, tenants: { type: 'string', default: '200' }, statements: { type: 'boolean', default: false }, profile: { type: 'string' }, direct: { type: 'string', default: '2' } } });
const EVENTS = Number(args.events);
const timer = args.statements ? timeStatements({ detail: true, key: (sql) => sql.replace(/\s+/g, ' ').replace(/\(\$\d+::bigint, \$\d+::text\)(, )?/g, '').slice(0, 110) }) : null;
const session = new Session();
session.connect();
/** CPU time of the main thread alone (Linux), ms: the receiver thread's share left out. */
const mainThreadCpuTotalMs = () => {
  const { user, system } = mainThreadCpuMs();
  return user + system;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-drain-'));
const config = loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PUBLIC_URL: 'http://127.0.0.1', FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true', ...(process.env.FOYER_RENTAL_WEBHOOK_CONCURRENCY ? { FOYER_RENTAL_WEBHOOK_CONCURRENCY: process.env.FOYER_RENTAL_WEBHOOK_CONCURRENCY } : {}) }, { sections: MODULES });
const receiver = await startReceiver();
const { arrivals, url, directCount: count } = receiver;
const now = () => performance.timeOrigin + performance.now();
const app = await buildApp(config, { owner: 'bench' });
try {
  const context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
  const runtime = await rentalRuntime(context);
  const concurrency = context.settings.webhooks.concurrency;
  const { partner } = await createPartner(asRentalDb(app.db.kysely), { name: `bench-${Date.now()}`, displayName: 'Bench', callbackUrl: url });
  const tenants = await seedTenants(runtime, partner.id, Number(args.tenants));
  const [sample] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'CREATED_ACCOUNT', tenantId: tenants[0]!, now: new Date() }));
  while (!arrivals.has(sample!)) await sleep(10);
  const body = JSON.stringify({ partnerCallBackType: 'CREATED_ACCOUNT', onTenantId: tenants[0], padding: 'x'.repeat(600) });
  const ratios: number[] = [];
  for (let round = 0; round < Number(args.rounds); round++) {
    const before = await count();
    const t0 = performance.now();
    const end = t0 + Number(args.direct) * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).arrayBuffer();
    }));
    const direct = ((await count()) - before) / ((performance.now() - t0) / 1000);
    const ids = await runtime.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < EVENTS; i++) out.push(...(await recordTenantEvent(trx, { type: 'VERIFIED_ACCOUNT', tenantId: tenants[i % tenants.length]!, now: new Date() })));
      return out;
    });
    const committed = now();
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuTotalMs();
    if (timer) timer.measuring = true;
    if (args.profile && round === Number(args.rounds) - 1) { await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start'); }
    runtime.webhooks!.kick();
    while (!ids.every((id) => arrivals.has(id))) await sleep(5);
    if (timer) timer.measuring = false;
    if (args.profile && round === Number(args.rounds) - 1) { const { profile } = await session.post('Profiler.stop'); fs.writeFileSync(args.profile, JSON.stringify(profile)); }
    const cpu = process.cpuUsage(cpu0);
    const mainCpu = mainThreadCpuTotalMs() - main0;
    const last = Math.max(...ids.map((id) => arrivals.get(id)!));
    const drain = EVENTS / ((last - committed) / 1000);
    ratios.push(drain / direct);
    console.log(`round ${round}: direct ${direct.toFixed(0)}/s drain ${drain.toFixed(0)}/s ratio ${((drain / direct) * 100).toFixed(0)} % cpu ${((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(3)} ms/delivery (main thread ${(mainCpu / EVENTS).toFixed(3)}) load ${os.loadavg()[0]!.toFixed(2)}`);
    await sleep(300);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`median ratio ${(sorted[Math.floor(sorted.length / 2)]! * 100).toFixed(0)} %`);
  if (timer) {
    const deliveries = EVENTS * Number(args.rounds);
    let total = 0;
    for (const [k, s] of [...timer.stats].sort((a, b) => b[1].ms - a[1].ms)) {
      total += s.ms;
      console.log(`${(s.ms / deliveries).toFixed(3)} ms/delivery  n=${s.n}  ${(s.ms / s.n).toFixed(2)} ms each  ${k}`);
    }
    console.log(`total database ${(total / deliveries).toFixed(3)} ms/delivery`);
  }
} finally {
  await app.close();
  await receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

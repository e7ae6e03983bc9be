/**
 * Webhook delivery throughput and commit-to-receipt latency, side by side with a direct `fetch`
 * loop to the same receiver, in one run.
 *
 *   npm run bench:webhooks -- [--events 1000] [--duration 5] [--rounds 3] [--tenants 200] [--concurrency N] [--producers 8]
 *
 * Starts the real app (`buildApp`, embedded PGlite in a temporary data directory, or PostgreSQL when
 * DATABASE_URL is set), a local HTTP receiver (answers 204, notes when each webhook-id arrives), a
 * partner whose callback is that receiver and `--tenants` tenants linked to it. Per round:
 * - direct: FOYER_RENTAL_WEBHOOK_CONCURRENCY parallel `fetch` loops POST a payload of the same size
 *   to the receiver for `--duration` s (the ceiling: no database, no signing, no sealing);
 * - drain: `--events` events recorded in one transaction (spread over the tenants); deliveries/s is
 *   events / (last receipt − commit);
 * - latency: events recorded one per transaction at half the direct rate (the goal's rate), then at
 *   half the drain rate, for `--duration` s each, by `--producers` concurrent recorders (as concurrent
 *   requests would: one recorder cannot reach the goal's rate, each event snapshots its ApplicationModel); commit-to-receipt p50 / p99 (commit = the
 *   transaction's promise resolves; receipt = the receiver thread's clock).
 * - pipeline alone (not the goal's measurement, which keeps the real recording path): outbox rows
 *   built and sealed beforehand from real payloads, then inserted one per statement (each its own
 *   commit) at the goal's rate by the same recorders: what delivery does at that rate when recording
 *   costs one insert.
 * Goal: drain ≥ 50 % of the direct rate, p99 < 1 s at that rate. Prints a table, writes
 * bench/results/webhooks.json. The machine is shared: compare ratios within a run, not across runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, buildPayload, createPartner, newWebhookId, recordTenantEvent, rentalRuntime, sealPayload, type RentalSettings } from '../../src/rental/index.ts';
import { seedTenants, startReceiver } from './harness.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    tenants: { type: 'string', default: '200' },
    concurrency: { type: 'string' },
    producers: { type: 'string', default: '8' },
  },
});
const positive = (raw: string | undefined, name: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
};
const EVENTS = positive(args.events, '--events');
const DURATION = positive(args.duration, '--duration');
const ROUNDS = positive(args.rounds, '--rounds');
const TENANTS = positive(args.tenants, '--tenants');
const PRODUCERS = positive(args.producers, '--producers');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-webhooks-'));
  const databaseUrl = process.env.DATABASE_URL;
  const config = loadConfig(
    {
      FOYER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FOYER_PUBLIC_URL: 'http://127.0.0.1',
      FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...(args.concurrency ? { FOYER_RENTAL_WEBHOOK_CONCURRENCY: String(positive(args.concurrency, '--concurrency')) } : {}),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(process.env.FOYER_EMBEDDED_DB_THREAD ? { FOYER_EMBEDDED_DB_THREAD: process.env.FOYER_EMBEDDED_DB_THREAD } : {}),
    },
    { sections: MODULES },
  );
  const receiver = await startReceiver();
  const { arrivals, directCount: directCountNow, url: receiverUrl } = receiver;
  const now = () => performance.timeOrigin + performance.now();

  const app = await buildApp(config, { owner: 'bench' });
  try {
    const context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
    const runtime = await rentalRuntime(context);
    const concurrency = context.settings.webhooks.concurrency;
    const { partner } = await createPartner(asRentalDb(app.db.kysely), { name: `bench-${Date.now()}`, displayName: 'Bench', callbackUrl: receiverUrl });
    const started = performance.now();
    const tenants = await seedTenants(runtime, partner.id, TENANTS);
    const seedSeconds = (performance.now() - started) / 1000;

    // A payload of the size the webhooks have, for the direct loop.
    const [sampleId] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'CREATED_ACCOUNT', tenantId: tenants[0]!, now: new Date() }));
    while (!arrivals.has(sampleId!)) await sleep(10);
    const sampleBody = JSON.stringify({ partnerCallBackType: 'CREATED_ACCOUNT', onTenantId: tenants[0], padding: 'x'.repeat(600) });

    const directRuns: number[] = [];
    const drainRuns: number[] = [];
    const latencyRuns: Paced[] = [];
    type Paced = { targetRate: number; producedRate: number; p50Ms: number; p99Ms: number; maxMs: number; events: number };
    const sustainedRuns: Paced[] = [];
    const recordReal = async (index: number) => {
      const [id] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'DENIED_ACCOUNT', tenantId: tenants[index % tenants.length]!, now: new Date() }));
      return id!;
    };
    const paced = async (targetRate: number, record: (index: number) => Promise<string> = recordReal): Promise<Paced> => {
      const commits = new Map<string, number>();
      const l0 = performance.now();
      let produced = 0;
      const recorder = async () => {
        while (performance.now() - l0 < DURATION * 1000) {
          const due = Math.floor(((performance.now() - l0) / 1000) * targetRate);
          if (produced >= due) {
            await sleep(1);
            continue;
          }
          const id = await record(produced++);
          commits.set(id, now());
          // Let I/O and timers run between two recordings, as between two HTTP requests: the embedded
          // database answers through microtasks, and a loop of back-to-back transactions would otherwise
          // starve the dispatcher's timers and sockets until it stops.
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all(Array.from({ length: PRODUCERS }, recorder));
      const producedRate = produced / ((performance.now() - l0) / 1000);
      const deadline = performance.now() + 60_000;
      while (![...commits.keys()].every((id) => arrivals.has(id)) && performance.now() < deadline) await sleep(5);
      const latencies = [...commits].filter(([id]) => arrivals.has(id)).map(([id, at]) => arrivals.get(id)! - at);
      return { targetRate, producedRate, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies), events: latencies.length };
    };
    // The pipeline-alone stage's rows: each tenant's real DENIED_ACCOUNT payload, sealed per row beforehand.
    const apartmentOf = new Map((await runtime.db.selectFrom('rental.tenants').select(['id', 'apartment_sharing_id']).where('id', 'in', tenants).execute()).map((t) => [t.id, t.apartment_sharing_id]));
    const bodies = new Map<number, Buffer>();
    for (const tenantId of tenants) {
      const payload = await buildPayload(runtime.db, { type: 'DENIED_ACCOUNT', tenantId, apartmentId: apartmentOf.get(tenantId)!, partnerId: partner.id }, { keys: runtime.keys, apiBase: runtime.apiBase, publicBase: runtime.sharing.publicBase });
      bodies.set(tenantId, Buffer.from(JSON.stringify(payload)));
    }
    const prebuilt = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const tenantId = tenants[index % tenants.length]!;
        const webhookId = newWebhookId();
        return { webhook_id: webhookId, partner_id: partner.id, tenant_id: tenantId, apartment_sharing_id: apartmentOf.get(tenantId)!, event_type: 'DENIED_ACCOUNT', created_at: new Date(), ...sealPayload(runtime.keys, webhookId, bodies.get(tenantId)!) };
      });
    const pipelineRuns: Paced[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Direct: `concurrency` fetch loops.
      const before = await directCountNow();
      const t0 = performance.now();
      const end = t0 + DURATION * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < end) {
            const res = await fetch(receiverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sampleBody });
            await res.arrayBuffer();
          }
        }),
      );
      const directRate = ((await directCountNow()) - before) / ((performance.now() - t0) / 1000);
      directRuns.push(directRate);

      // Drain: a backlog committed at once.
      const ids = await runtime.db.transaction().execute(async (trx) => {
        const out: string[] = [];
        for (let i = 0; i < EVENTS; i++) out.push(...(await recordTenantEvent(trx, { type: 'VERIFIED_ACCOUNT', tenantId: tenants[i % tenants.length]!, now: new Date() })));
        return out;
      });
      const committed = now();
      runtime.webhooks!.kick();
      while (!ids.every((id) => arrivals.has(id))) await sleep(5);
      const last = Math.max(...ids.map((id) => arrivals.get(id)!));
      drainRuns.push(EVENTS / ((last - committed) / 1000));

      // Latency, one event per transaction, paced: at half the direct rate (the goal's rate), then at
      // half the drain rate just measured (a load this machine sustains).
      latencyRuns.push(await paced(directRate / 2));
      sustainedRuns.push(await paced(drainRuns[drainRuns.length - 1]! / 2));
      const rows = prebuilt(Math.ceil((directRate / 2) * DURATION * 1.2));
      pipelineRuns.push(
        await paced(directRate / 2, async (index) => {
          const row = rows[index]!;
          await runtime.db.insertInto('rental.webhook_events').values({ ...row, created_at: new Date() }).execute();
          return row.webhook_id;
        }),
      );
    }

    const summary = {
      machine: { cpus: os.cpus().length, node: process.version, database: databaseUrl ? 'postgresql' : 'pglite (on disk)', loadAverage: os.loadavg() },
      settings: { events: EVENTS, duration: DURATION, rounds: ROUNDS, tenants: TENANTS, producers: PRODUCERS, concurrency, pollMs: context.settings.webhooks.pollMs, seedSeconds },
      direct: { reqPerSec: median(directRuns) },
      drain: { deliveriesPerSec: median(drainRuns), ratioOfMedians: median(drainRuns) / median(directRuns), goal: 0.5 },
      latency: {
        producedPerSec: median(latencyRuns.map((r) => r.producedRate)),
        targetPerSec: median(latencyRuns.map((r) => r.targetRate)),
        p50Ms: median(latencyRuns.map((r) => r.p50Ms)),
        p99Ms: median(latencyRuns.map((r) => r.p99Ms)),
        goalP99Ms: 1000,
      },
      sustainedLatency: {
        producedPerSec: median(sustainedRuns.map((r) => r.producedRate)),
        targetPerSec: median(sustainedRuns.map((r) => r.targetRate)),
        p50Ms: median(sustainedRuns.map((r) => r.p50Ms)),
        p99Ms: median(sustainedRuns.map((r) => r.p99Ms)),
      },
      pipelineAlone: {
        producedPerSec: median(pipelineRuns.map((r) => r.producedRate)),
        targetPerSec: median(pipelineRuns.map((r) => r.targetRate)),
        p50Ms: median(pipelineRuns.map((r) => r.p50Ms)),
        p99Ms: median(pipelineRuns.map((r) => r.p99Ms)),
      },
      runs: { directRuns, drainRuns, latencyRuns, sustainedRuns, pipelineRuns },
    };
    const row = (name: string, rate: number, extra = '') => `${name.padEnd(52)} ${rate.toFixed(0).padStart(8)}  ${extra}`;
    console.log(`\nwebhooks bench — ${summary.machine.database}, ${summary.machine.cpus} cpus, load ${os.loadavg()[0]!.toFixed(1)}, ${ROUNDS} rounds, medians (${TENANTS} tenants, concurrency ${concurrency}, poll ${summary.settings.pollMs} ms)\n`);
    console.log(`${'target'.padEnd(52)} ${'per s'.padStart(8)}`);
    console.log(row(`direct fetch loop (${concurrency} in parallel)`, summary.direct.reqPerSec));
    console.log(row(`dispatcher, ${EVENTS} committed at once`, summary.drain.deliveriesPerSec, `${(summary.drain.ratioOfMedians * 100).toFixed(0)} % of direct (goal ≥ 50 %; rounds ${drainRuns.map((r, i) => `${((r / directRuns[i]!) * 100).toFixed(0)} %`).join(', ')})`));
    console.log(row(`dispatcher, one event per commit, ${PRODUCERS} recorders`, summary.latency.producedPerSec, `commit→receipt p50 ${summary.latency.p50Ms.toFixed(0)} ms, p99 ${summary.latency.p99Ms.toFixed(0)} ms (goal p99 < 1000 ms at ${summary.latency.targetPerSec.toFixed(0)}/s)`));
    console.log(row(`  same, at half the drain rate`, summary.sustainedLatency.producedPerSec, `commit→receipt p50 ${summary.sustainedLatency.p50Ms.toFixed(0)} ms, p99 ${summary.sustainedLatency.p99Ms.toFixed(0)} ms (at ${summary.sustainedLatency.targetPerSec.toFixed(0)}/s asked)`));
    console.log(row(`pipeline alone: pre-built rows, one insert per commit`, summary.pipelineAlone.producedPerSec, `commit→receipt p50 ${summary.pipelineAlone.p50Ms.toFixed(0)} ms, p99 ${summary.pipelineAlone.p99Ms.toFixed(0)} ms (at ${summary.pipelineAlone.targetPerSec.toFixed(0)}/s asked; no recording: not the goal's measurement)`));
    const out = path.join(import.meta.dirname, '..', 'results', databaseUrl ? 'webhooks-postgres.json' : 'webhooks.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
    console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
  } finally {
    await app.close();
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

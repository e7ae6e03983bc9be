/**
 * Where a 1 MB upload's time goes: `npx tsx bench/rental/profile-uploads.ts [--uploads 100]
 * [--cpu-profile FILE]` runs them one after another in process (no network), on the embedded
 * database in a temporary data directory, renders held back (only the upload's own work counts),
 * and prints the SQL statements one upload runs and the CPU time it costs (main thread, all). With
 * `--cpu-profile`, the main thread is profiled during the uploads only (not the start-up) and the
 * profile's self time is summarised (profile-summary.ts). A tool for bench/rental/run.ts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { CompiledQuery, QueryResult } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, createPartner, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { PGliteStatements } from '../../src/platform/db/pglite-statements.ts';
import { pdfOf } from './pdf.ts';
import { printSummary } from './profile-summary.ts';

/** CPU time of one of this process's threads so far (Linux: /proc/self/task/<tid>/stat, in clock ticks of 10 ms); NaN elsewhere. */
function threadCpuMs(tid: string | number): number {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
const mainThreadCpuMs = () => threadCpuMs(process.pid);
/** Every thread's CPU time so far (V8's helper threads, libuv's pool, the upload threads…), by thread id. */
function threadsCpuMs(): Map<string, number> {
  const tids = fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task') : [];
  return new Map(tids.map((tid) => [tid, threadCpuMs(tid)]));
}

const { values: args } = parseArgs({ options: { uploads: { type: 'string', default: '100' }, size: { type: 'string', default: '1000000' }, 'cpu-profile': { type: 'string' } } });
const UPLOADS = Number(args.uploads);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-rental-'));
const app = await buildApp(loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_RENTAL_TOKEN_TTL_SECONDS: '86400', FOYER_RENTAL_RENDER_DELAY_SECONDS: '3600' }, { sections: MODULES }), { owner: 'bench' });
try {
  const db = asRentalDb(app.db.kysely);
  const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  const { partner } = await createPartner(db, { name: `p-${randomBytes(3).toString('hex')}`, displayName: 'P' });
  const token = await runtime.issuer.sign({ client_id: partner.name, scope: 'api-partner' }, 86400);
  const file = pdfOf(Number(args.size));
  const boundary = '----foyerprofile';
  const ids: number[] = [];
  for (let i = 0; i < Math.ceil(UPLOADS / 5) + 2; i++) {
    const res = await app.http.inject({ method: 'POST', url: '/api-partner/register/account', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ email: `t${i}@x.example` }) });
    ids.push(res.json().id);
  }
  const body = (tenantId: number) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\n${tenantId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="typeDocumentIdentification"\r\n\r\nFRENCH_PASSPORT\r\n--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const upload = (tenantId: number) =>
    app.http.inject({ method: 'POST', url: '/api-partner/register/documentIdentification', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body(tenantId) });
  // The statements of an upload to a tenant that already holds a file (the common case here), with
  // the median wall time of each over a few such uploads (a statement on the embedded database runs
  // on this thread: that time is the event loop's).
  const runs: { sql: string; ms: number }[][] = [];
  const execute = PGliteStatements.prototype.execute;
  PGliteStatements.prototype.execute = async function <R>(this: PGliteStatements, compiled: CompiledQuery) {
    const t0 = performance.now();
    try {
      return await execute.call<PGliteStatements, [CompiledQuery], Promise<QueryResult<R>>>(this, compiled);
    } finally {
      runs.at(-1)?.push({ sql: compiled.sql.replace(/\s+/g, ' ').trim().slice(0, 120), ms: performance.now() - t0 });
    }
  };
  try {
    for (const tenantId of ids.slice(-2)) {
      for (let i = 0; i < 5; i++) {
        runs.push([]);
        const res = await upload(tenantId);
        if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
      }
    }
  } finally {
    PGliteStatements.prototype.execute = execute;
  }
  const later = runs.filter((_, i) => i % 5 !== 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const perStatement = later[0]!.map((s, i) => ({ sql: s.sql, ms: median(later.map((r) => r[i]?.ms ?? NaN)) }));
  console.log(`SQL statements of one upload (a tenant's second to fifth): ${perStatement.length}, ${perStatement.reduce((n, s) => n + s.ms, 0).toFixed(1)} ms (medians)`);
  perStatement.forEach((s, i) => console.log(`${String(i + 1).padStart(3)}. ${s.ms.toFixed(2).padStart(6)} ms  ${s.sql}`));
  const session = args['cpu-profile'] ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const threads0 = threadsCpuMs();
  const mainCpu0 = mainThreadCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < UPLOADS; i++) {
    const res = await upload(ids[Math.floor(i / 5)]!);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  }
  const ms = (performance.now() - t0) / UPLOADS;
  const mainCpu = (mainThreadCpuMs() - mainCpu0) / UPLOADS;
  const cpu = process.cpuUsage(cpu0);
  const others = [...threadsCpuMs()]
    .filter(([tid]) => tid !== String(process.pid))
    .map(([tid, ms]) => (ms - (threads0.get(tid) ?? 0)) / UPLOADS)
    .filter((ms) => ms > 0)
    .sort((a, b) => b - a);
  loop.disable();
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    fs.writeFileSync(args['cpu-profile']!, JSON.stringify(profile));
    printSummary(profile, 25);
  }
  console.log(`${UPLOADS} uploads of ${file.length} bytes one after another: ${ms.toFixed(1)} ms each, ${((file.length / 1e6) * (1000 / ms)).toFixed(1)} MB/s, loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
  // CPU time does not count the time other processes take on a shared machine: what an upload costs.
  console.log(`CPU per upload: main thread (the event loop) ${Number.isNaN(mainCpu) ? 'n/a' : mainCpu.toFixed(1)} ms, all threads ${((cpu.user + cpu.system) / 1000 / UPLOADS).toFixed(1)} ms`);
  // Unnamed on Linux (all "node"): the busiest is usually the upload thread (page count, hash), then V8's helpers (GC) and libuv's pool (file writes).
  console.log(`  other threads, busiest first (ms per upload): ${others.map((ms) => ms.toFixed(1)).join(', ') || 'n/a'}`);
} finally {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Target {
  name: string;
  url: string;
  /** Paths cycled through, one per request (distinct parameters avoid the 409 of a duplicate in flight). */
  paths: string[];
  headers: Record<string, string>;
  /** Overrides the run's connection count (1 = latency without queueing). */
  connections?: number;
}

export interface Measure {
  target: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerResponse: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** autocannon in a worker thread (plain CommonJS through eval), keeping every latency for sub-ms percentiles. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const { url, paths, headers, connections, duration } = workerData;
let next = Math.floor(Math.random() * paths.length);
const latencies = [];
const instance = autocannon({
  url, connections, duration, headers,
  requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
}, (error, raw) => {
  if (error) throw error;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  parentPort.postMessage({
    reqPerSec: raw.totalCompletedRequests / raw.duration, p50: at(0.5), p99: at(0.99),
    bytes: raw.totalBytes / Math.max(1, raw.totalCompletedRequests), requests: raw.totalCompletedRequests,
    non2xx: raw.non2xx, errors: raw.errors + raw.timeouts,
  });
});
instance.on('response', (_client, status, _bytes, ms) => { if (status < 300) latencies.push(ms); });
`;
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');

export function autocannon(target: Target, connections: number, duration: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { autocannon: AUTOCANNON, url: target.url, paths: target.paths, headers: target.headers, connections: target.connections ?? connections, duration },
    });
    worker.once('error', reject);
    worker.once('message', (r: { reqPerSec: number; p50: number; p99: number; bytes: number; requests: number; non2xx: number; errors: number }) => {
      void worker.terminate();
      resolve({
        target: target.name,
        reqPerSec: r.reqPerSec,
        p50Ms: r.p50,
        p99Ms: r.p99,
        bytesPerResponse: Math.round(r.bytes),
        requests: r.requests,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printTable(rows: (Measure & { ratio: string })[]) {
  const header = ['target', 'req/s (mean)', 'p50 ms', 'p99 ms', 'bytes/resp', 'ratio'];
  const body = rows.map((r) => [r.target, r.reqPerSec.toFixed(0), r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), String(r.bytesPerResponse), r.ratio]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const row of body) console.log(line(row));
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One load: GET paths cycled through, or multipart uploads whose `tenantId` field is cycled through. */
export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  paths?: string[];
  upload?: { path: string; tenantIds: number[]; file: Buffer; boundary: string };
}

export interface Measure {
  target: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Uploads: file megabytes (10^6 bytes) stored per second. */
  mbPerSec?: number;
}

/**
 * autocannon in a worker thread, so that the load generator does not share the servers' event loop.
 * The worker is plain CommonJS (eval): it needs no TypeScript loader. Upload bodies are assembled in
 * the worker, one per request (the `tenantId` field changes, the 1 MB file does not).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const { url, headers, paths, upload, connections, duration } = workerData;
let next = Math.floor(Math.random() * 1e6);
const latencies = [];
let setupRequest;
if (upload) {
  const file = Buffer.from(upload.file);
  const tail = Buffer.from('\\r\\n--' + upload.boundary + '--\\r\\n');
  setupRequest = (req) => {
    const tenantId = upload.tenantIds[next++ % upload.tenantIds.length];
    const head = Buffer.from(
      '--' + upload.boundary + '\\r\\nContent-Disposition: form-data; name="tenantId"\\r\\n\\r\\n' + tenantId + '\\r\\n' +
      '--' + upload.boundary + '\\r\\nContent-Disposition: form-data; name="typeDocumentIdentification"\\r\\n\\r\\nFRENCH_PASSPORT\\r\\n' +
      '--' + upload.boundary + '\\r\\nContent-Disposition: form-data; name="documents"; filename="scan.pdf"\\r\\nContent-Type: application/pdf\\r\\n\\r\\n');
    return { ...req, method: 'POST', path: upload.path, body: Buffer.concat([head, file, tail]) };
  };
} else {
  setupRequest = (req) => ({ ...req, method: 'GET', path: paths[next++ % paths.length] });
}
const instance = autocannon({ url, connections, duration, headers, requests: [{ setupRequest }] }, (error, raw) => {
  if (error) throw error;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  parentPort.postMessage({
    reqPerSec: raw.totalCompletedRequests / raw.duration, p50: at(0.5), p99: at(0.99), ok: latencies.length,
    requests: raw.totalCompletedRequests, non2xx: raw.non2xx, errors: raw.errors + raw.timeouts, duration: raw.duration,
  });
});
instance.on('response', (_client, status, _bytes, ms) => { if (status < 300) latencies.push(ms); });
`;
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');

export function load(target: Target, connections: number, duration: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { autocannon: AUTOCANNON, url: target.url, headers: target.headers, paths: target.paths, upload: target.upload, connections, duration },
    });
    worker.once('error', reject);
    worker.once('message', (r: { reqPerSec: number; p50: number; p99: number; ok: number; requests: number; non2xx: number; errors: number; duration: number }) => {
      void worker.terminate();
      resolve({
        target: target.name,
        reqPerSec: r.reqPerSec,
        p50Ms: r.p50,
        p99Ms: r.p99,
        requests: r.requests,
        non2xx: r.non2xx,
        errors: r.errors,
        ...(target.upload ? { mbPerSec: (r.ok * target.upload.file.length) / 1e6 / r.duration } : {}),
      });
    });
  });
}

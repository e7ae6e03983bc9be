/**
 * The API while the documents pool is saturated (issue 9: "the API stays responsive"): the real app
 * (`buildApp`, embedded database in a scratch data directory), profile reads
 * `GET /api-partner/tenant/{id}/profile` under load from autocannon in a worker thread, measured with
 * the pool idle and then with each pool variant kept full of corpus documents, in the server's
 * process as the render job runs it. The variants are the ways of sharing the cores with the event
 * loop: one thread per core, one core left to the event loop (cores − 1), and one thread per core at
 * a lower priority (a nice value per thread). For each variant, in the same round, the pool's pages/s
 * with no API load ("alone") and while the API is loaded, so the throughput cost shows beside the
 * latency gain. Rounds alternate the order of the measures; figures are medians over rounds.
 *
 * Note: autocannon's thread runs in this process too and competes for the same cores (a real client
 * would not), so req/s here understates what a quiet server answers.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { DocumentPool } from '../../src/documents/index.ts';
import { asRentalDb, createPartner } from '../../src/rental/index.ts';
import { load, type Measure, type Target } from '../rental/load.ts';
import type { CorpusItem } from './corpus.ts';

export interface PoolVariant {
  name: string;
  threads: number;
  niceness: number;
}

export interface VariantRound {
  /** Pages/s of the saturated pool with no API load. */
  alonePagesPerSecond: number;
  /** Pages/s of the saturated pool while the API is loaded. */
  loadedPagesPerSecond: number;
  api: Measure;
}

export interface ApiUnderLoad {
  rounds: number;
  seconds: number;
  connections: number;
  idle: Measure[];
  variants: { variant: PoolVariant; rounds: VariantRound[] }[];
}

/** The variants measured by default, for `cores` cores. */
export function defaultVariants(cores: number): PoolVariant[] {
  const fewer = Math.max(1, cores - 1);
  return [
    { name: `${cores} threads, nice 0`, threads: cores, niceness: 0 },
    { name: `${fewer} thread${fewer > 1 ? 's' : ''}, nice 0`, threads: fewer, niceness: 0 },
    { name: `${cores} threads, nice 10`, threads: cores, niceness: 10 },
    { name: `${cores} threads, nice 19`, threads: cores, niceness: 19 },
  ];
}

/**
 * Keeps every thread of a pool busy: one document in flight per thread (the next is submitted as one
 * finishes, as the pool's own queue would dispatch it), each document's span recorded so the pages
 * done inside a window can be counted pro rata (a document takes about a second).
 */
class Saturation {
  private stopped = false;
  private readonly spans: { start: number; end: number; pages: number }[] = [];
  private readonly feeders: Promise<void>[];

  constructor(pool: DocumentPool, corpus: CorpusItem[]) {
    this.feeders = Array.from({ length: pool.size }, async (_, offset) => {
      for (let i = offset; !this.stopped; i++) {
        const item = corpus[i % corpus.length]!;
        const start = performance.now();
        const pages = await pool.run({ files: item.files.map((f) => f.slice()), title: 'bench' }).then((out) => out.pageCount, () => 0);
        this.spans.push({ start, end: performance.now(), pages });
      }
    });
  }

  pagesPerSecond(from: number, to: number): number {
    let pages = 0;
    for (const span of this.spans) {
      const overlap = Math.min(to, span.end) - Math.max(from, span.start);
      if (overlap > 0) pages += (span.pages * overlap) / (span.end - span.start);
    }
    return pages / ((to - from) / 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.feeders);
  }
}

export async function apiUnderLoad(
  corpus: CorpusItem[],
  options: { variants: PoolVariant[]; rounds?: number; seconds?: number; connections?: number; log?: (line: string) => void },
): Promise<ApiUnderLoad> {
  const { variants, rounds = 3, seconds = 5, connections = 10, log = () => {} } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-processing-api-'));
  const config = loadConfig(
    { FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PUBLIC_URL: 'http://127.0.0.1', FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0', FOYER_RENTAL_RENDER_DELAY_SECONDS: '3600', FOYER_RENTAL_TOKEN_TTL_SECONDS: '86400' },
    { sections: MODULES },
  );
  const app = await buildApp(config, { owner: 'bench' });
  const pools = variants.map((variant) => new DocumentPool({ size: variant.threads, niceness: variant.niceness }));
  try {
    const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const { partner, clientSecret } = await createPartner(asRentalDb(app.db.kysely), { name: `bench-${randomBytes(3).toString('hex')}`, displayName: 'Bench' });
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: partner.name, client_secret: clientSecret }),
    }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
    const headers = { authorization: `Bearer ${token}` };
    const paths: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await app.http.inject({ method: 'POST', url: '/api-partner/register/account', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ email: `api${i}@bench.example` }) });
      paths.push(`/api-partner/tenant/${(created.json() as { id: number }).id}/profile`);
    }
    const target: Target = { name: 'profile read', url, headers, paths };
    await load(target, connections, 1); // warm-up
    // Every thread of every pool started and warm (its watermark bases built) before any measure.
    for (const pool of pools) await Promise.all(Array.from({ length: pool.size * 2 }, (_, i) => pool.run({ files: corpus[i % corpus.length]!.files.map((f) => f.slice()), title: 'warm-up' })));

    const result: ApiUnderLoad = { rounds, seconds, connections, idle: [], variants: variants.map((variant) => ({ variant, rounds: [] })) };
    const measures = [-1, ...variants.map((_, i) => i)];
    for (let round = 0; round < rounds; round++) {
      // Each round starts one step further along the list, so no measure always follows the same one.
      const order = measures.map((_, i) => measures[(i + round) % measures.length]!);
      for (const which of order) {
        if (which < 0) {
          const idle = await load(target, connections, seconds);
          result.idle.push(idle);
          if (idle.non2xx || idle.errors) log(`round ${round + 1}, pool idle: ${idle.non2xx} non-2xx answers, ${idle.errors} errors`);
        log(`round ${round + 1}, pool idle: p99 ${idle.p99Ms.toFixed(1)} ms, ${idle.reqPerSec.toFixed(0)} req/s`);
          continue;
        }
        const saturation = new Saturation(pools[which]!, corpus);
        await sleep(1000); // every thread on its first document
        const aloneFrom = performance.now();
        await sleep(seconds * 1000);
        const loadedFrom = performance.now();
        const api = await load(target, connections, seconds);
        const loadedTo = performance.now();
        await saturation.stop();
        const measured: VariantRound = {
          alonePagesPerSecond: saturation.pagesPerSecond(aloneFrom, loadedFrom),
          loadedPagesPerSecond: saturation.pagesPerSecond(loadedFrom, loadedTo),
          api,
        };
        result.variants[which]!.rounds.push(measured);
        if (api.non2xx || api.errors) log(`round ${round + 1}, ${variants[which]!.name}: ${api.non2xx} non-2xx answers, ${api.errors} errors`);
        log(`round ${round + 1}, ${variants[which]!.name}: p99 ${api.p99Ms.toFixed(1)} ms, ${api.reqPerSec.toFixed(0)} req/s; ${measured.alonePagesPerSecond.toFixed(1)} pages/s alone, ${measured.loadedPagesPerSecond.toFixed(1)} under API load`);
      }
    }
    return result;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

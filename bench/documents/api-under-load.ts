/**
 * The API while the documents pool is saturated (issue 9: "the API stays responsive"): the real app
 * (`buildApp`, embedded database in a scratch data directory), profile reads
 * `GET /api-partner/tenant/{id}/profile` under load from autocannon in a worker thread, measured
 * once with the pool idle and once with a documents pool of the same size as the app's (one thread
 * per core, in the server's process, as the render job runs it) kept full of corpus documents.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { DocumentPool } from '../../src/documents/index.ts';
import { asRentalDb, createPartner } from '../../src/rental/index.ts';
import { load, type Measure } from '../rental/load.ts';
import type { CorpusItem } from './corpus.ts';

export interface ApiUnderLoad {
  idle: Measure;
  saturated: Measure;
  /** Documents the pool finished during the saturated measure. */
  documentsProcessed: number;
}

export async function apiUnderLoad(corpus: CorpusItem[], seconds = 5, connections = 10): Promise<ApiUnderLoad> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-documents-api-'));
  const config = loadConfig(
    { FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', FOYER_PUBLIC_URL: 'http://127.0.0.1', FOYER_HTTP_MAX_REQUESTS_PER_SOCKET: '0', FOYER_RENTAL_RENDER_DELAY_SECONDS: '3600' },
    { sections: MODULES },
  );
  const app = await buildApp(config, { owner: 'bench' });
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
    const target = { name: 'profile read', url, headers, paths };
    await load(target, connections, 1); // warm-up
    const idle = await load(target, connections, seconds);

    const pool = new DocumentPool({ size: os.availableParallelism() });
    let stop = false;
    let documentsProcessed = 0;
    const feeder = async (offset: number) => {
      for (let i = offset; !stop; i++) {
        const item = corpus[i % corpus.length]!;
        await pool.run({ files: item.files.map((f) => f.slice()), title: 'bench' }).then(() => documentsProcessed++, () => {});
      }
    };
    // Twice as many documents in flight as threads: every thread always has its next one queued.
    const feeders = Array.from({ length: pool.stats().threads * 2 || 4 }, (_, i) => feeder(i));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const counted = documentsProcessed;
    const saturated = await load(target, connections, seconds);
    const during = documentsProcessed - counted;
    stop = true;
    await Promise.all(feeders);
    await pool.close();
    return { idle, saturated, documentsProcessed: during };
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

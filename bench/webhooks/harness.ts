import { Worker } from 'node:worker_threads';
import { PGliteStatements } from '../../src/platform/db/pglite-statements.ts';
import type { rentalRuntime } from '../../src/rental/index.ts';

type RentalRuntime = Awaited<ReturnType<typeof rentalRuntime>>;

/**
 * The webhook benches' shared pieces: a receiver in a thread of its own (a partner's receiver is not
 * on our event loop) that answers 204 and reports each webhook-id's arrival (epoch ms), and counts
 * the direct loop's requests (those without a webhook-id); and the seeding of linked tenants.
 */
const RECEIVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
let direct = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = req.headers['webhook-id'];
    if (typeof id === 'string') parentPort.postMessage({ id, at: performance.timeOrigin + performance.now() });
    else direct++;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => { if (m === 'count') parentPort.postMessage({ direct }); });
`;

export interface Receiver {
  url: string;
  /** First arrival of each webhook-id, epoch ms on the receiver's clock. */
  arrivals: Map<string, number>;
  /** Requests without a webhook-id received so far (the direct loop's). */
  directCount(): Promise<number>;
  close(): Promise<number>;
}

export async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  let direct = 0;
  const worker = new Worker(RECEIVER, { eval: true });
  worker.on('message', (m: { id?: string; at?: number; direct?: number }) => {
    if (m.id && !arrivals.has(m.id)) arrivals.set(m.id, m.at!);
    if (m.direct !== undefined) direct = m.direct;
  });
  const port = await new Promise<number>((resolve) => worker.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    async directCount() {
      worker.postMessage('count');
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));
      return direct;
    },
    close: () => worker.terminate(),
  };
}

/** `count` TO_PROCESS tenants, each alone in its apartment and linked to the partner; their ids. */
export async function seedTenants(runtime: RentalRuntime, partnerId: number, count: number): Promise<number[]> {
  const tenants: number[] = [];
  for (let i = 0; i < count; i++) {
    const apartment = await runtime.db.insertInto('rental.apartment_sharings').values({ application_type: 'ALONE' }).returning('id').executeTakeFirstOrThrow();
    const now = new Date();
    const tenant = await runtime.db
      .insertInto('rental.tenants')
      .values({ apartment_sharing_id: apartment.id, email: `bench${i}@example.com`, first_name: 'Jeanne', last_name: `Valjean${i}`, tenant_type: 'CREATE', status: 'TO_PROCESS', creation_date: now, last_update_date: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await runtime.db.insertInto('rental.tenant_partners').values({ tenant_id: tenant.id, partner_id: partnerId, access_granted_date: now }).execute();
    tenants.push(tenant.id);
  }
  return tenants;
}

/**
 * Counts and times the embedded database's statements while `measuring` is on (wraps
 * `PGliteStatements.prototype.execute` for the rest of the process), and keeps a total per SQL text
 * (`key` shortens it) when `detail` is set. Wall time: it includes waiting for the connection.
 */
export function timeStatements(options: { detail: boolean; key?: (sql: string) => string }) {
  const timer = { measuring: false, count: 0, stats: new Map<string, { n: number; ms: number }>() };
  const keyOf = options.key ?? ((sql: string) => sql.replace(/\s+/g, ' ').slice(0, 120));
  const original = PGliteStatements.prototype.execute;
  PGliteStatements.prototype.execute = async function (this: PGliteStatements, compiled) {
    const t0 = performance.now();
    try {
      return await original.call(this, compiled);
    } finally {
      if (timer.measuring) {
        timer.count++;
        if (options.detail) {
          const key = keyOf(compiled.sql);
          const s = timer.stats.get(key) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += performance.now() - t0;
          timer.stats.set(key, s);
        }
      }
    }
  } as typeof original;
  return timer;
}

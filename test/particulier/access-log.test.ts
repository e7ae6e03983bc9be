import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLogWriter, callLine } from '../../src/particulier/access-log/writer.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { RUNTIMES } from '../../src/particulier/module/runtime.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import type { ParticulierSettings } from '../../src/particulier/module/settings.ts';
import { bearer, DURANT, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const row = (i: number) => ({
  at: new Date(Date.UTC(2026, 2, 2, 10, 0, i)),
  requestId: `req-${i}`,
  tokenJti: '6f1b0a1e-8a39-4a5e-9e0e-0d1d2c3b4a59',
  operation: 'api_particulier_v3_cnav_quotient_familial_with_civility',
  recipient: i % 2 ? null : RECIPIENT,
  status: 200,
  durationMs: 1.25,
  paramsHash: i % 2 ? null : 'ab'.repeat(32),
});

describe('access log: batched writes, one row per call in the view, nothing lost while the database refuses', () => {
  let app: TestApp;
  const logger = pino({ enabled: false });
  beforeAll(async () => {
    app = await startParticulierApp();
  });
  afterAll(async () => {
    await app.destroy();
  });
  const viewRows = async (prefix: string) =>
    (await sql<Record<string, unknown>>`select * from particulier.access_log where request_id like ${`${prefix}%`} order by id`.execute(app.db.kysely)).rows;
  const breakTable = () => sql`alter table particulier.access_log_batches rename to access_log_batches_away`.execute(app.db.kysely);
  const mendTable = () => sql`alter table particulier.access_log_batches_away rename to access_log_batches`.execute(app.db.kysely);

  it('a call line never holds a tab or a line break (the batch format\'s separators)', () => {
    expect(callLine({ ...row(0), requestId: 'a\tb\nc' }).split('\t')).toHaveLength(8);
    expect(callLine(row(1))).toBe('2026-03-02T10:00:01.000Z\treq-1\t6f1b0a1e-8a39-4a5e-9e0e-0d1d2c3b4a59\tapi_particulier_v3_cnav_quotient_familial_with_civility\t\t200\t1.25\t');
  });

  it('calls flushed together are one batch row; the view gives them back one by one, typed, nulls kept, in order', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    for (let i = 0; i < 3; i++) writer.add({ ...row(i), requestId: `batch-${i}` });
    await writer.flush();
    const batches = await sql<{ n: string }>`select count(*) as n from particulier.access_log_batches where calls like '%batch-0%'`.execute(app.db.kysely);
    expect(Number(batches.rows[0]!.n)).toBe(1);
    const rows = await viewRows('batch-');
    expect(rows.map((r) => [new Date(r.at as string).toISOString(), r.request_id, r.recipient, r.status, r.duration_ms, r.params_hash])).toEqual([
      ['2026-03-02T10:00:00.000Z', 'batch-0', RECIPIENT, 200, 1.25, 'ab'.repeat(32)],
      ['2026-03-02T10:00:01.000Z', 'batch-1', null, 200, 1.25, null],
      ['2026-03-02T10:00:02.000Z', 'batch-2', RECIPIENT, 200, 1.25, 'ab'.repeat(32)],
    ]);
  });

  it('a write the database refuses keeps its calls for the next flush (none lost, none twice)', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    writer.add({ ...row(0), requestId: 'retry-0' });
    await breakTable();
    try {
      await writer.flush();
      writer.add({ ...row(1), requestId: 'retry-1' });
    } finally {
      await mendTable();
    }
    await writer.flush();
    expect((await viewRows('retry-')).map((r) => r.request_id)).toEqual(['retry-0', 'retry-1']);
  });

  it('with the buffer full (the database down), calls are refused with 503 00503 rather than served untraced; served again once written', async () => {
    const { token } = await mintToken(app);
    const context = app.contexts.get('particulier') as ModuleContext<ParticulierSettings>;
    const runtime = RUNTIMES.get(context)!;
    const original = runtime.accessLog;
    runtime.accessLog = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000, bufferMax: 2 });
    const query = { ...DURANT, recipient: RECIPIENT };
    try {
      await breakTable();
      expect((await get(app, QF, query, bearer(token))).status).toBe(200);
      expect((await get(app, QF, query, bearer(token))).status).toBe(200);
      await runtime.accessLog.flush(); // fails: both calls stay in memory
      const refused = await get(app, QF, query, bearer(token));
      expect([refused.status, refused.body]).toEqual([
        503,
        {
          errors: [
            {
              code: '00503',
              title: 'Service indisponible',
              detail: "Le journal des accès ne peut pas être écrit pour le moment : l'appel n'est pas servi sans être tracé. Réessayez dans quelques instants.",
              source: null,
              meta: {},
            },
          ],
        },
      ]);
      await mendTable();
      await runtime.accessLog.flush();
      expect((await get(app, QF, query, bearer(token))).status).toBe(200);
    } finally {
      await runtime.accessLog.flush();
      runtime.accessLog = original;
    }
  });
});

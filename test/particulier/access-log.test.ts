import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogCsv, exportAccessLog, writeAccessLogCsv } from '../../src/particulier/access-log/export.ts';
import { AccessLogWriter, type AccessLogRow } from '../../src/particulier/access-log/writer.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { RUNTIMES } from '../../src/particulier/module/runtime.ts';
import type { FoyerApp } from '../../src/app.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/migrations/runner.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import type { ParticulierSettings } from '../../src/particulier/module/settings.ts';
import { bearer, DURANT, get, mintToken, queryString, RECIPIENT, secondServer, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const JTI = '6f1b0a1e-8a39-4a5e-9e0e-0d1d2c3b4a59';
const OTHER_JTI = '0c9d8e7f-1a2b-4c3d-8e9f-a0b1c2d3e4f5';
const row = (i: number, over: Partial<AccessLogRow> = {}): AccessLogRow => ({
  at: new Date(Date.UTC(2026, 2, 2, 10, 0, i)),
  requestId: `req-${i}`,
  tokenJti: JTI,
  operation: 'api_particulier_v3_cnav_quotient_familial_with_civility',
  recipient: i % 2 ? null : RECIPIENT,
  status: 200,
  durationMs: 1.25,
  paramsHash: i % 2 ? null : 'ab'.repeat(32),
  ...over,
});
const MIGRATIONS = fileURLToPath(new URL('../../src/particulier/migrations', import.meta.url));

describe('access log: one row per call, written one statement per flush, nothing lost while the database refuses', () => {
  let app: TestApp;
  const logger = pino({ enabled: false });
  beforeAll(async () => {
    app = await startParticulierApp();
  });
  afterAll(async () => {
    await app.destroy();
  });
  const tableRows = async (prefix: string) =>
    (await sql<Record<string, unknown>>`select * from particulier.access_log where request_id like ${`${prefix}%`} order by id`.execute(app.db.kysely)).rows;
  const breakTable = () => sql`alter table particulier.access_log rename to access_log_away`.execute(app.db.kysely);
  const mendTable = () => sql`alter table particulier.access_log_away rename to access_log`.execute(app.db.kysely);

  it('particulier.access_log is a table (no longer a view over batches), indexed by token then time', async () => {
    const kind = await sql<{ relkind: string }>`select relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'particulier' and relname = 'access_log'`.execute(app.db.kysely);
    expect(kind.rows.map((r) => r.relkind)).toEqual(['r']);
    const batches = await sql<{ n: number }>`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'particulier' and relname = 'access_log_batches'`.execute(app.db.kysely);
    expect(batches.rows[0]!.n).toBe(0);
    const index = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = 'particulier' and indexname = 'access_log_by_token'`.execute(app.db.kysely);
    expect(index.rows[0]!.indexdef).toContain('(token_jti, at, id)');
  });

  it('calls flushed together become one row each, typed, nulls kept, in order', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    for (let i = 0; i < 3; i++) writer.add(row(i, { requestId: `flush-${i}` }));
    writer.add(row(3, { requestId: 'flush-3\twith\na tab', recipient: '' }));
    expect(await tableRows('flush-')).toEqual([]); // buffered until the flush
    await writer.flush();
    const rows = await tableRows('flush-');
    expect(rows.map((r) => [new Date(r.at as string).toISOString(), r.request_id, r.token_jti, r.recipient, r.status, r.duration_ms, r.params_hash])).toEqual([
      ['2026-03-02T10:00:00.000Z', 'flush-0', JTI, RECIPIENT, 200, 1.25, 'ab'.repeat(32)],
      ['2026-03-02T10:00:01.000Z', 'flush-1', JTI, null, 200, 1.25, null],
      ['2026-03-02T10:00:02.000Z', 'flush-2', JTI, RECIPIENT, 200, 1.25, 'ab'.repeat(32)],
      // The flush's separators cannot shift a field: they become spaces.
      ['2026-03-02T10:00:03.000Z', 'flush-3 with a tab', JTI, null, 200, 1.25, null],
    ]);
  });

  it('a buffer larger than batchMax is written in several statements, every call once', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000, batchMax: 1000 });
    await breakTable();
    try {
      for (let i = 0; i < 999; i++) writer.add(row(i, { requestId: `big-${i}` }));
      await writer.flush(); // refused: the 999 calls stay
      for (let i = 999; i < 2500; i++) writer.add(row(i, { requestId: `big-${i}` })); // the 1000th triggers a flush, refused too
      await writer.flush();
    } finally {
      await mendTable();
    }
    await writer.flush();
    const rows = await tableRows('big-');
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(2500);
  });

  it('a write the database refuses keeps its calls for the next flush (none lost, none twice)', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    writer.add(row(0, { requestId: 'retry-0' }));
    await breakTable();
    try {
      await writer.flush();
      writer.add(row(1, { requestId: 'retry-1' }));
    } finally {
      await mendTable();
    }
    expect(await tableRows('retry-')).toEqual([]);
    await writer.flush();
    expect((await tableRows('retry-')).map((r) => r.request_id)).toEqual(['retry-0', 'retry-1']);
  });

  it('close() writes what is pending', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    writer.add(row(0, { requestId: 'close-0' }));
    await writer.close();
    expect((await tableRows('close-')).map((r) => r.request_id)).toEqual(['close-0']);
  });

  it('a served call leaves a row holding none of its parameters in clear', async () => {
    const { jti, token } = await mintToken(app);
    const context = app.contexts.get('particulier') as ModuleContext<ParticulierSettings>;
    expect((await get(app, QF, { ...DURANT, recipient: RECIPIENT }, bearer(token))).status).toBe(200);
    await RUNTIMES.get(context)!.accessLog.flush();
    const rows = (await sql<{ line: string; params_hash: string }>`select t::text as line, params_hash from particulier.access_log t where token_jti = ${jti}`.execute(app.db.kysely)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.params_hash).toMatch(/^[0-9a-f]{64}$/);
    // Every parameter value long enough to be recognised (names, birth year, COG codes).
    const clear = Object.values(DURANT).flat().map((v) => String(v).toLowerCase()).filter((v) => v.length >= 4);
    expect(clear.length).toBeGreaterThan(4);
    for (const value of clear) expect(rows[0]!.line.toLowerCase()).not.toContain(value);
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

  it('the export gives one token\'s calls of [from, to), oldest first, across pages (ties on one instant included)', async () => {
    const writer = new AccessLogWriter(asParticulierDb(app.db.kysely), logger, { delayMs: 60_000 });
    const day = (d: number, h: number) => new Date(Date.UTC(2025, 5, d, h));
    const jti = '11111111-2222-4333-8444-555555555555';
    // Written out of time order; three calls share one instant; another token's calls are interleaved.
    writer.add(row(0, { requestId: 'exp-late', tokenJti: jti, at: day(3, 23) }));
    writer.add(row(0, { requestId: 'exp-before', tokenJti: jti, at: day(1, 23) }));
    for (const n of [1, 2, 3]) writer.add(row(0, { requestId: `exp-tie-${n}`, tokenJti: jti, at: day(2, 12) }));
    writer.add(row(0, { requestId: 'exp-other', tokenJti: OTHER_JTI, at: day(2, 13) }));
    writer.add(row(0, { requestId: 'exp-first', tokenJti: jti, at: day(2, 0) }));
    writer.add(row(0, { requestId: 'exp-to', tokenJti: jti, at: day(4, 0) }));
    await writer.flush();
    const from = day(2, 0);
    const to = day(4, 0);
    const expected = ['exp-first', 'exp-tie-1', 'exp-tie-2', 'exp-tie-3', 'exp-late'];
    const ids = (csv: string) => csv.trim().split('\n').slice(1).map((line) => line.split(',')[1]);
    const csv = await exportAccessLog(asParticulierDb(app.db.kysely), jti, from, to);
    expect(csv.split('\n')[0]).toBe('at,request_id,token_jti,operation,recipient,status,duration_ms,params_hash');
    expect(ids(csv)).toEqual(expected);
    expect(csv.split('\n')[1]).toBe(`2025-06-02T00:00:00.000Z,exp-first,${jti},api_particulier_v3_cnav_quotient_familial_with_civility,${RECIPIENT},200,1.25,${'ab'.repeat(32)}`);
    // Pages of two: the keyset continues inside the tie instead of skipping or repeating calls.
    const chunks: string[] = [];
    const pages: number[] = [];
    for await (const chunk of accessLogCsv(asParticulierDb(app.db.kysely), jti, from, to, 2, (n) => pages.push(n))) chunks.push(chunk);
    expect(pages).toEqual([2, 2, 1]);
    expect(chunks.join('')).toBe(csv);
    // --out streams to a file.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-')), 'calls.csv');
    expect(await writeAccessLogCsv(asParticulierDb(app.db.kysely), jti, from, to, file)).toBe(5);
    expect(fs.readFileSync(file, 'utf8')).toBe(csv);
  });
});

describe('two server processes on one database both log their calls', () => {
  let app: TestApp;
  let other: FoyerApp;
  let closeOther = async () => {};
  beforeAll(async () => {
    app = await startParticulierApp();
    ({ server: other, close: closeOther } = await secondServer(app));
  });
  afterAll(async () => {
    await closeOther();
    await app.destroy();
  });

  it('calls served by either server are all in the log and in the export', async () => {
    const { jti, token } = await mintToken(app);
    const servers = [app, other, app, other];
    for (const [i, server] of servers.entries()) {
      const res = await server.http.inject({ method: 'GET', url: `/api-particulier${QF}?${queryString({ ...DURANT, recipient: RECIPIENT, nomNaissance: `N${i}` })}`, headers: bearer(token) });
      expect(res.statusCode).toBe(404);
    }
    for (const server of new Set([app, other])) await RUNTIMES.get(server.contexts.get('particulier') as ModuleContext<ParticulierSettings>)!.accessLog.flush();
    const rows = (await sql<{ request_id: string; params_hash: string }>`select request_id, params_hash from particulier.access_log where token_jti = ${jti}`.execute(app.db.kysely)).rows;
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.params_hash)).size).toBe(4);
    const csv = await exportAccessLog(asParticulierDb(app.db.kysely), jti, new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000));
    expect(csv.trim().split('\n')).toHaveLength(5);
  });
});

describe('migration 004: the batch rows of migration 002 become one row per call', () => {
  it('moves every call of every batch, in order, nulls kept, then drops the batches and the view', async () => {
    const db = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'particulier-mig-'));
    try {
      const files = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort();
      expect(files.slice(0, 4)).toEqual(['001_tokens_access_log_counters.sql', '002_access_log_batches.sql', '003_habilitations_in_flight_ip_bans.sql', '004_access_log_row_per_call.sql']);
      for (const f of files.slice(0, 3)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(dir, f));
      await migrate(db.kysely, [{ module: 'particulier', directory: dir }]);
      // Two batches in the old shape (at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash; empty = null).
      const line = (...fields: string[]) => fields.join('\t');
      await sql`insert into particulier.access_log_batches (first_at, last_at, calls) values
        ('2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z', ${[
          line('2026-01-01T10:00:00.000Z', 'old-1', JTI, 'op_a', RECIPIENT, '200', '1.5', 'ab'.repeat(32)),
          line('2026-01-01T10:00:01.000Z', 'old-2', '', 'op_b', '', '422', '0.25', ''),
        ].join('\n')}),
        ('2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z', ${line('2026-01-02T10:00:00.000Z', 'old-3', OTHER_JTI, 'op_a', RECIPIENT, '404', '3', 'cd'.repeat(32))})`.execute(db.kysely);
      fs.copyFileSync(path.join(MIGRATIONS, files[3]!), path.join(dir, files[3]!));
      expect(await migrate(db.kysely, [{ module: 'particulier', directory: dir }])).toEqual(['particulier/4_access_log_row_per_call']);
      const rows = (await sql<Record<string, unknown>>`select * from particulier.access_log order by id`.execute(db.kysely)).rows;
      expect(rows.map((r) => [Number(r.id), new Date(r.at as string).toISOString(), r.request_id, r.token_jti, r.operation, r.recipient, r.status, r.duration_ms, r.params_hash])).toEqual([
        [1, '2026-01-01T10:00:00.000Z', 'old-1', JTI, 'op_a', RECIPIENT, 200, 1.5, 'ab'.repeat(32)],
        [2, '2026-01-01T10:00:01.000Z', 'old-2', null, 'op_b', null, 422, 0.25, null],
        [3, '2026-01-02T10:00:00.000Z', 'old-3', OTHER_JTI, 'op_a', RECIPIENT, 404, 3, 'cd'.repeat(32)],
      ]);
      const left = await sql<{ relname: string }>`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'particulier' and relname like 'access_log%' order by relname`.execute(db.kysely);
      expect(left.rows.map((r) => r.relname)).toEqual(['access_log', 'access_log_by_token', 'access_log_id_seq', 'access_log_pkey']);
      // New calls continue the sequence after the moved ones.
      const next = await sql<{ id: string }>`insert into particulier.access_log (at, request_id, operation, status, duration_ms) values (now(), 'new', 'op', 200, 1) returning id`.execute(db.kysely);
      expect(Number(next.rows[0]!.id)).toBe(4);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/index.ts';
import { migrate } from '../../src/platform/migrations/runner.ts';
import { insertCalls } from '../../src/particulier/access-log/writer.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
const db = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
await migrate(db.kysely, [{ module: 'particulier', directory: 'src/particulier/migrations' }]);
const rows = Array.from({ length: 300 }, (_, i) => ({ at: new Date(), requestId: `req-${i}`, tokenJti: '6f1b0a1e-8a39-4a5e-9e0e-0d1d2c3b4a59', operation: 'api_particulier_v3_cnav_quotient_familial_with_civility', recipient: '13002526500013', status: 200, durationMs: 1.234, paramsHash: 'ab'.repeat(32) }));
const text = () => rows.map((r) => [r.at.toISOString(), r.requestId, r.tokenJti, r.operation, r.recipient, r.status, r.durationMs, r.paramsHash].join('\t')).join('\n');
const time = async (label: string, f: () => Promise<unknown>) => {
  for (let i = 0; i < 10; i++) await f();
  const t = performance.now();
  for (let i = 0; i < 40; i++) await f();
  console.log(label.padEnd(20), ((performance.now() - t) / (40 * 300) * 1000).toFixed(2), 'µs/call');
};
const ids = rows.map((r) => r.requestId);
await time('unnest insert', () => insertCalls(asParticulierDb(db.kysely), rows));
await time('unnest 1 col select', () => sql`select count(*) from unnest(${ids}::text[])`.execute(db.kysely));
await time('text explode insert', () => sql`insert into particulier.access_log (at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash)
  select split_part(l, E'\t', 1)::timestamptz, split_part(l, E'\t', 2), nullif(split_part(l, E'\t', 3), '')::uuid, split_part(l, E'\t', 4), nullif(split_part(l, E'\t', 5), ''), split_part(l, E'\t', 6)::integer, split_part(l, E'\t', 7)::real, nullif(split_part(l, E'\t', 8), '')
  from string_to_table(${text()}, E'\n') as l`.execute(db.kysely));
await time('text explode select', () => sql`select count(*) from (select split_part(l, E'\t', 1)::timestamptz, split_part(l, E'\t', 2), nullif(split_part(l, E'\t', 3), '')::uuid, split_part(l, E'\t', 4), nullif(split_part(l, E'\t', 5), ''), split_part(l, E'\t', 6)::integer, split_part(l, E'\t', 7)::real, nullif(split_part(l, E'\t', 8), '')
  from string_to_table(${text()}, E'\n') as l) s`.execute(db.kysely));
await sql`create table particulier.b (id bigserial primary key, first_at timestamptz, last_at timestamptz, calls text)`.execute(db.kysely);
await time('batch text', () => sql`insert into particulier.b (first_at, last_at, calls) values (now(), now(), ${text()})`.execute(db.kysely));
await db.close();

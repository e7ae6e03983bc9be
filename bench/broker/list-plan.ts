/**
 * Query plan of the broker's file list (guide §8) with many files.
 *
 *   npx tsx bench/list-plan.ts [--files 100000] [--other 10000]
 *
 * Seeds `--files` files for one broker and `--other` for a second one, then runs
 * `EXPLAIN (ANALYZE, FORMAT JSON)` on the exact SQL that `listDossiers` (src/broker/dossiers/list.ts)
 * sends: the real function is called with a Kysely plugin that captures its query and stops it
 * before execution, and the query is compiled by the same executor. Pages 1 and 50 of 20 items, both
 * orders, must be read through dossiers_by_creation / dossiers_by_modification (no Seq Scan, no Sort).
 *
 * Two phases: first with no statistics at all (the files are bulk-loaded in SQL here, so nothing
 * has analysed them yet: shown for information), then after `ANALYZE`, which the app's embedded
 * maintenance runs at boot, after every 500 writes and every 10 minutes (PostgreSQL's autovacuum
 * does the same). The required cases must be index-based in that second phase.
 * Writes bench/results/list-plan.json; exits with 1 if a required case is not index-based.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type RootOperationNode } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { asBrokerDb, brokerSettingsOf, createApiKey, createBroker } from '../../src/broker/index.ts';
import { TOKEN_HEADER } from '../../src/broker/http/auth.ts';
import { listDossiers, type ListQuery } from '../../src/broker/dossiers/list.ts';
import { loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { seedDossiers } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    other: { type: 'string', default: '10000' },
  },
});
const FILES = count(args.files, '--files');
const OTHER = count(args.other, '--other');

function count(raw: string | undefined, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

/** Thrown by the capturing plugin so the captured query is never executed. */
class Captured extends Error {
  constructor(readonly node: RootOperationNode, readonly queryId: PluginTransformQueryArgs['queryId']) {
    super('captured');
  }
}

const capture: KyselyPlugin = {
  transformQuery(args) {
    throw new Captured(args.node, args.queryId);
  },
  async transformResult(args) {
    return args.result;
  },
};

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

interface Case {
  name: string;
  query: ListQuery;
  /** The index the plan must use; null for informational cases. */
  requiredIndex: string | null;
}

function flatten(node: PlanNode, depth = 0): { depth: number; type: string; index?: string; rows?: number; ms?: number }[] {
  const own = {
    depth,
    type: node['Node Type'],
    ...(node['Index Name'] ? { index: node['Index Name'] } : {}),
    ...(node['Actual Rows'] !== undefined ? { rows: node['Actual Rows'] } : {}),
    ...(node['Actual Total Time'] !== undefined ? { ms: node['Actual Total Time'] } : {}),
  };
  return [own, ...(node.Plans ?? []).flatMap((child) => flatten(child, depth + 1))];
}

async function main() {
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-plan-'));
  const databaseUrl = process.env.DATABASE_URL;
  const app = await buildApp(
    loadConfig({ FOYER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, { sections: MODULES }),
    { memoryDatabase: !databaseUrl },
  );
  try {
    console.log(`Node ${process.version}, database: ${app.db.kind}`);
    const db = asBrokerDb(app.db.kysely);
    const brokerId = await createBroker(db, 'Big broker');
    const otherId = await createBroker(db, 'Other broker');
    const seeded = await seedDossiers(app, brokerId, FILES, {
      seed: 1,
      onProgress: (done, total) => { if (done % 20_000 === 0 || done === total) process.stdout.write(`\r  seeding ${done}/${total}`); },
    });
    const other = await seedDossiers(app, otherId, OTHER, { seed: 2 });
    console.log(`\rseeded ${FILES} + ${OTHER} files in ${((seeded.ms + other.ms) / 1000).toFixed(1)} s`);

    const actor = { brokerId, keyId: 'bench', allowedOrigins: [] };
    // No read cache: every call below must reach the database. (A variable, not a literal, so this
    // compiles whether or not the ports have a `cache` member.)
    const ports = { db, onWrite: async () => {}, cache: null };
    const capturing = { ...ports, db: db.withPlugin(capture) };
    const lastPage = Math.max(1, Math.ceil(FILES / 20));
    const cases: Case[] = [
      { name: 'page 1, datecreation', query: { pageIndex: 1, nbItems: 20 }, requiredIndex: 'dossiers_by_creation' },
      { name: 'page 50, datecreation', query: { pageIndex: 50, nbItems: 20 }, requiredIndex: 'dossiers_by_creation' },
      { name: 'page 1, datedernieremodification', query: { pageIndex: 1, nbItems: 20, orderBy: 'datedernieremodification' }, requiredIndex: 'dossiers_by_modification' },
      { name: 'page 50, datedernieremodification', query: { pageIndex: 50, nbItems: 20, orderBy: 'datedernieremodification' }, requiredIndex: 'dossiers_by_modification' },
      { name: `page ${lastPage} (last), datecreation`, query: { pageIndex: lastPage, nbItems: 20 }, requiredIndex: null },
      { name: 'all files (no nbItems), datecreation', query: {}, requiredIndex: null },
    ];

    const compiled = new Map<Case, CompiledQuery>();
    for (const c of cases) {
      try {
        await listDossiers(capturing, actor, c.query);
        throw new Error('the list query was not captured');
      } catch (error) {
        if (!(error instanceof Captured)) throw error;
        compiled.set(c, db.getExecutor().compileQuery(error.node, error.queryId));
      }
    }

    const phases = [
      { name: 'no statistics yet (information)', required: false, before: async () => {} },
      {
        name: 'after ANALYZE (as the embedded maintenance and autovacuum leave it)',
        required: true,
        before: async () => { await db.executeQuery(CompiledQuery.raw('analyze broker.dossiers')); },
      },
    ];
    const results = [];
    let failures = 0;
    for (const phase of phases) {
      await phase.before();
      console.log(`\n${phase.name}`);
      for (const c of cases) {
        const query = compiled.get(c)!;
        const explained = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }] }>(
          CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
        );
        const root = explained.rows[0]!['QUERY PLAN'][0];
        const nodes = flatten(root.Plan);
        const indexScan = nodes.find((n) => (n.type === 'Index Scan' || n.type === 'Index Only Scan') && n.index === c.requiredIndex);
        const bad = nodes.filter((n) => n.type === 'Seq Scan' || n.type === 'Sort' || n.type === 'Incremental Sort');
        const ok = c.requiredIndex === null || !phase.required ? null : Boolean(indexScan) && bad.length === 0;
        if (ok === false) failures++;
        // Time the real function too (median of a few calls), what a request pays for the SQL and mapping.
        const times: number[] = [];
        for (let i = 0; i < (c.query.nbItems ? 15 : 3); i++) {
          const t = performance.now();
          await listDossiers(ports, actor, c.query);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const result = {
          phase: phase.name,
          case: c.name,
          query: c.query,
          sql: query.sql,
          parameters: query.parameters,
          nodes,
          planningMs: root['Planning Time'],
          executionMs: root['Execution Time'],
          listDossiersMedianMs: times[Math.floor(times.length / 2)]!,
          requiredIndex: c.requiredIndex,
          indexBased: ok,
          plan: root.Plan,
        };
        results.push(result);
        const verdict = ok === null ? (indexScan && !bad.length ? 'info: index scan' : 'info') : ok ? 'OK index scan' : 'NOT index-based';
        console.log(`  ${c.name.padEnd(40)} exec ${root['Execution Time'].toFixed(2).padStart(8)} ms, plan ${root['Planning Time'].toFixed(2)} ms, ` +
          `listDossiers ${result.listDossiersMedianMs.toFixed(1).padStart(7)} ms  [${verdict}]`);
        for (const n of nodes) {
          console.log(`      ${'  '.repeat(n.depth)}${n.type}${n.index ? ` using ${n.index}` : ''} (rows ${n.rows ?? '?'}, ${n.ms?.toFixed(2) ?? '?'} ms)`);
        }
      }
    }
    console.log(`\nSQL (page 50, datecreation): ${compiled.get(cases[1]!)!.sql}`);

    // The whole list over HTTP is streamed in batches: how long it takes, and how long the event
    // loop is held at most meanwhile (what another request would wait).
    const { token } = await createApiKey(db, brokerId, { label: 'bench' });
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const t0 = performance.now();
    const whole = await app.http.inject({ method: 'GET', url: `${brokerSettingsOf(app.config).prefix}/dossiers`, headers: { [TOKEN_HEADER]: token } });
    const wholeMs = performance.now() - t0;
    stalls.disable();
    const wholeList = {
      status: whole.statusCode,
      files: (JSON.parse(whole.body) as unknown[]).length,
      megabytes: whole.rawPayload.length / 1048576,
      totalMs: wholeMs,
      longestEventLoopStallMs: stalls.max / 1e6,
    };
    console.log(`whole list over HTTP: ${wholeList.files} files, ${wholeList.megabytes.toFixed(1)} MB in ${(wholeMs / 1000).toFixed(1)} s; ` +
      `longest event-loop stall ${wholeList.longestEventLoopStallMs.toFixed(0)} ms`);

    fs.mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
    fs.writeFileSync(new URL('../results/list-plan.json', import.meta.url), `${JSON.stringify({
      date: new Date().toISOString(),
      node: process.version,
      database: app.db.kind,
      files: { bigBroker: FILES, otherBroker: OTHER },
      seedSeconds: (seeded.ms + other.ms) / 1000,
      allRequiredIndexBased: failures === 0,
      wholeList,
      results,
    }, null, 2)}\n`);
    console.log(`written to bench/results/list-plan.json; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (failures) {
      console.log(`${failures} required case(s) not index-based`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

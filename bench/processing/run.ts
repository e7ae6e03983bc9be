/**
 * Document processing speed and memory, pipeline next to the naive chain, in one run:
 *   npm run bench:processing [-- --rounds 3] [-- --only api]
 * Corpus: 50 mixed A4 pages (two 10-page text PDFs, a 20-page scanned PDF, 10 photos), made locally.
 * 1. One thread, in this process: A4 pages/s (wall) and pages per CPU-second ("per core"), for the
 *    pipeline (processDocument) and the naive chain (naive.ts) on the same corpus.
 * 2. The DocumentPool sized to the cores, the corpus submitted twice at once: pages/s and per core.
 * 3. Peak RSS of a child process while a 10 MB, 50-page scanned PDF is processed (memory-stage.ts),
 *    run with `npm start`'s memory settings.
 * 4. The real app's profile reads (p50, p99, req/s) with the pool idle, then saturated by each pool
 *    variant (cores, cores − 1, cores at nice 10 and 19), with each variant's pages/s alone and
 *    under API load (api-under-load.ts).
 * Stages 1–2 alternate within each round; figures are medians over the rounds (3 by default).
 * Goals: ≥ 15 A4 pages/s per core; peak RSS < 400 MB; the API responsive while the pool is saturated.
 * Results: a table on stdout and bench/results/processing.json (with the load average before and after:
 * the machine may be shared).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DocumentPool, processDocument } from '../../src/documents/index.ts';
import { apiUnderLoad, defaultVariants } from './api-under-load.ts';
import { largePdf, mixedCorpus, type CorpusItem } from './corpus.ts';
import { naiveDocument } from './naive.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const RUNS = Number(option('rounds') ?? 3);
const ONLY = option('only'); // 'api': stage 4 alone
const RESULTS = new URL(`../results/processing${ONLY ? `-${ONLY}` : ''}.json`, import.meta.url);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

sharp.concurrency(1);
sharp.cache(false);

async function timed(work: () => Promise<unknown>, pages: number) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { pagesPerSecond: pages / seconds, pagesPerCpuSecond: pages / cpuSeconds };
}

async function singleThread(corpus: CorpusItem[], pages: number, naive: boolean) {
  return timed(async () => {
    for (const item of corpus) {
      if (naive) await naiveDocument(item.files);
      else await processDocument({ files: item.files, title: 'bench' });
    }
  }, pages);
}

async function pooled(pool: DocumentPool, corpus: CorpusItem[], pages: number) {
  const jobs = [...corpus, ...corpus];
  return timed(() => Promise.all(jobs.map((item) => pool.run({ files: item.files.map((f) => f.slice()), title: 'bench' }))), pages * 2);
}

function memoryStage(mode: 'pipeline' | 'naive', file: string) {
  // The child runs with `npm start`'s memory settings (malloc trim threshold, small V8 semi-space).
  const out = execFileSync(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', new URL('./memory-stage.ts', import.meta.url).pathname, mode, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, MALLOC_TRIM_THRESHOLD_: '131072' },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { peakRssMb: number; inputBytes: number; pages: number; ms: number };
}

const corpus = await mixedCorpus();
const pages = corpus.reduce((sum, item) => sum + item.pages, 0);
const cores = os.availableParallelism();
const loadBefore = os.loadavg();
type Timed = Awaited<ReturnType<typeof timed>>;
const pick = (list: Timed[]) => ({
  pagesPerSecond: median(list.map((r) => r.pagesPerSecond)),
  pagesPerCpuSecond: median(list.map((r) => r.pagesPerCpuSecond)),
});
const f = (n: number, width = 8) => n.toFixed(1).padStart(width);
const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cores, cpu: os.cpus()[0]?.model, note: 'shared machine: other work runs at the same time', loadAverageBefore: loadBefore },
  corpus: { pages, items: corpus.map((c) => c.name) },
  rounds: RUNS,
  goals: { pagesPerSecondPerCore: 15, peakRssMb: 400 },
};
const lines: string[] = [`Document processing, A4 at 150 DPI, ${pages}-page mixed corpus, medians of ${RUNS} rounds, ${cores} cores`];

if (!ONLY) {
  await processDocument({ files: corpus[0]!.files, title: 'warm-up' });
  await naiveDocument(corpus[0]!.files);
  const runs = { pipeline: [] as Timed[], naive: [] as Timed[], pool: [] as Timed[] };
  const pool = new DocumentPool({ size: cores });
  await pooled(pool, corpus.slice(0, 1), 10); // threads started and warm
  for (let run = 0; run < RUNS; run++) {
    runs.pipeline.push(await singleThread(corpus, pages, false));
    runs.naive.push(await singleThread(corpus, pages, true));
    runs.pool.push(await pooled(pool, corpus, pages));
    console.error(`run ${run + 1}/${RUNS} done`);
  }
  await pool.close();
  const largeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-')), 'large.pdf');
  fs.writeFileSync(largeFile, await largePdf());
  const memory = {
    pipeline: [memoryStage('pipeline', largeFile), memoryStage('pipeline', largeFile), memoryStage('pipeline', largeFile)],
    naive: [memoryStage('naive', largeFile)],
  };
  fs.rmSync(path.dirname(largeFile), { recursive: true });
  const single = { pipeline: pick(runs.pipeline), naive: pick(runs.naive) };
  const speedup = single.pipeline.pagesPerSecond / single.naive.pagesPerSecond;
  const pooledFigures = { threads: cores, ...pick(runs.pool), pagesPerSecondPerCore: median(runs.pool.map((r) => r.pagesPerSecond)) / cores };
  const mem = {
    inputMb: memory.pipeline[0]!.inputBytes / 1048576,
    pages: memory.pipeline[0]!.pages,
    pipelinePeakRssMb: median(memory.pipeline.map((m) => m.peakRssMb)),
    naivePeakRssMb: memory.naive[0]!.peakRssMb,
  };
  Object.assign(result, { singleThread: { ...single, speedup }, pool: pooledFigures, memory: mem, runs });
  lines.push(
    '                               pages/s   pages/CPU-s',
    `pipeline, 1 thread           ${f(single.pipeline.pagesPerSecond)}  ${f(single.pipeline.pagesPerCpuSecond)}`,
    `naive chain, 1 thread        ${f(single.naive.pagesPerSecond)}  ${f(single.naive.pagesPerCpuSecond)}`,
    `pipeline pool, ${cores} threads     ${f(pooledFigures.pagesPerSecond)}  ${f(pooledFigures.pagesPerCpuSecond)}   (${pooledFigures.pagesPerSecondPerCore.toFixed(1)} pages/s per core; goal ≥ 15)`,
    `speed-up, 1 thread: ×${speedup.toFixed(1)}`,
    `peak RSS, ${mem.inputMb.toFixed(1)} MB ${mem.pages}-page PDF: pipeline ${mem.pipelinePeakRssMb.toFixed(0)} MB (goal < 400), naive ${mem.naivePeakRssMb.toFixed(0)} MB`,
  );
}

const variants = defaultVariants(cores);
const api = await apiUnderLoad(corpus, { variants, rounds: RUNS, log: (line) => console.error(line) });
const idle = {
  p50Ms: median(api.idle.map((m) => m.p50Ms)),
  p99Ms: median(api.idle.map((m) => m.p99Ms)),
  reqPerSec: median(api.idle.map((m) => m.reqPerSec)),
};
// Ratios are taken within each round (the variant against the idle measure and the cores variant of
// the same round), then their median: on a shared machine the load moves between rounds.
const saturated = api.variants.map(({ variant, rounds }) => {
  const alone = median(rounds.map((r) => r.alonePagesPerSecond));
  const sameRound = (ratio: (round: number) => number) => median(rounds.map((_, i) => ratio(i)));
  const p99Ms = median(rounds.map((r) => r.api.p99Ms));
  const reqPerSec = median(rounds.map((r) => r.api.reqPerSec));
  return {
    ...variant,
    p50Ms: median(rounds.map((r) => r.api.p50Ms)),
    p99Ms,
    reqPerSec,
    alonePagesPerSecond: alone,
    loadedPagesPerSecond: median(rounds.map((r) => r.loadedPagesPerSecond)),
    p99VsIdle: sameRound((i) => rounds[i]!.api.p99Ms / api.idle[i]!.p99Ms),
    reqPerSecVsIdle: sameRound((i) => rounds[i]!.api.reqPerSec / api.idle[i]!.reqPerSec),
    alonePagesVsCores: sameRound((i) => rounds[i]!.alonePagesPerSecond / api.variants[0]!.rounds[i]!.alonePagesPerSecond),
    loadedPagesVsCores: sameRound((i) => rounds[i]!.loadedPagesPerSecond / api.variants[0]!.rounds[i]!.loadedPagesPerSecond),
  };
});
result.api = { seconds: api.seconds, connections: api.connections, idle, saturated, rounds: api };
lines.push(
  '',
  `Profile reads (${api.connections} connections, ${api.seconds} s each) while the pool is idle or saturated, and the pool's pages/s`,
  'Ratios (×idle, of idle, vs 1st: the first pool row) are medians of the ratios within each round.',
  'pool                        p50 ms   p99 ms  ×idle   req/s  of idle  pages/s alone    vs 1st  under API load  vs 1st',
  `idle                      ${f(idle.p50Ms)} ${f(idle.p99Ms)}         ${idle.reqPerSec.toFixed(0).padStart(6)}`,
  ...saturated.map((v) =>
    `${v.name.padEnd(26)}${f(v.p50Ms)} ${f(v.p99Ms)} ${('×' + v.p99VsIdle.toFixed(1)).padStart(6)}  ${v.reqPerSec.toFixed(0).padStart(6)} ${(Math.round(v.reqPerSecVsIdle * 100) + ' %').padStart(7)} ${f(v.alonePagesPerSecond, 15)} ${(Math.round(v.alonePagesVsCores * 100) + ' %').padStart(9)} ${f(v.loadedPagesPerSecond, 15)} ${(Math.round(v.loadedPagesVsCores * 100) + ' %').padStart(9)}`),
);
const loadAfter = os.loadavg();
(result.machine as Record<string, unknown>).loadAverageAfter = loadAfter;
lines.push(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
fs.mkdirSync(new URL('.', RESULTS), { recursive: true });
fs.writeFileSync(RESULTS, JSON.stringify(result, null, 2));
console.log(lines.join('\n'));
console.log(`written ${RESULTS.pathname}`);

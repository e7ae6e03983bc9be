/**
 * Document processing speed and memory, pipeline next to the naive chain, in one run:
 *   npm run bench:documents
 * Corpus: 50 mixed A4 pages (two 10-page text PDFs, a 20-page scanned PDF, 10 photos), made locally.
 * 1. One thread, in this process: A4 pages/s (wall) and pages per CPU-second ("per core"), for the
 *    pipeline (processDocument) and the naive chain (naive.ts) on the same corpus.
 * 2. The DocumentPool sized to the cores, the corpus submitted twice at once: pages/s and per core.
 * 3. Peak RSS of a child process while a 10 MB, 50-page scanned PDF is processed (memory-stage.ts),
 *    run with `npm start`'s memory settings.
 * 4. The real app's profile reads (p99) with its render pool idle, then saturated (api-under-load.ts).
 * Each figure is the median of 3 runs. Goals: ≥ 15 A4 pages/s per core; peak RSS < 400 MB.
 * Results: a table on stdout and bench/results/documents.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DocumentPool, processDocument } from '../../src/documents/index.ts';
import { apiUnderLoad } from './api-under-load.ts';
import { largePdf, mixedCorpus, type CorpusItem } from './corpus.ts';
import { naiveDocument } from './naive.ts';

const RUNS = 3;
const RESULTS = new URL('../results/documents.json', import.meta.url);
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
await processDocument({ files: corpus[0]!.files, title: 'warm-up' });
await naiveDocument(corpus[0]!.files);

const runs = { pipeline: [] as Awaited<ReturnType<typeof timed>>[], naive: [] as Awaited<ReturnType<typeof timed>>[], pool: [] as Awaited<ReturnType<typeof timed>>[] };
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
const api = await apiUnderLoad(corpus);

const pick = (list: Awaited<ReturnType<typeof timed>>[]) => ({
  pagesPerSecond: median(list.map((r) => r.pagesPerSecond)),
  pagesPerCpuSecond: median(list.map((r) => r.pagesPerCpuSecond)),
});
const result = {
  date: new Date().toISOString(),
  machine: { cores, cpu: os.cpus()[0]?.model, note: 'shared machine: other work runs at the same time' },
  corpus: { pages, items: corpus.map((c) => c.name) },
  singleThread: { pipeline: pick(runs.pipeline), naive: pick(runs.naive) },
  pool: { threads: cores, ...pick(runs.pool), pagesPerSecondPerCore: median(runs.pool.map((r) => r.pagesPerSecond)) / cores },
  memory: {
    inputMb: memory.pipeline[0]!.inputBytes / 1048576,
    pages: memory.pipeline[0]!.pages,
    pipelinePeakRssMb: median(memory.pipeline.map((m) => m.peakRssMb)),
    naivePeakRssMb: memory.naive[0]!.peakRssMb,
  },
  api: { idle: api.idle, saturated: api.saturated, documentsProcessedDuring: api.documentsProcessed },
  goals: { pagesPerSecondPerCore: 15, peakRssMb: 400 },
  runs,
};
result.singleThread = { ...result.singleThread, ...{ speedup: result.singleThread.pipeline.pagesPerSecond / result.singleThread.naive.pagesPerSecond } };
fs.mkdirSync(new URL('.', RESULTS), { recursive: true });
fs.writeFileSync(RESULTS, JSON.stringify(result, null, 2));

const f = (n: number) => n.toFixed(1).padStart(8);
console.log(`Document processing, A4 at 150 DPI, ${pages}-page mixed corpus, medians of ${RUNS} runs, ${cores} cores`);
console.log('                               pages/s   pages/CPU-s');
console.log(`pipeline, 1 thread           ${f(result.singleThread.pipeline.pagesPerSecond)}  ${f(result.singleThread.pipeline.pagesPerCpuSecond)}`);
console.log(`naive chain, 1 thread        ${f(result.singleThread.naive.pagesPerSecond)}  ${f(result.singleThread.naive.pagesPerCpuSecond)}`);
console.log(`pipeline pool, ${cores} threads     ${f(result.pool.pagesPerSecond)}  ${f(result.pool.pagesPerCpuSecond)}   (${result.pool.pagesPerSecondPerCore.toFixed(1)} pages/s per core; goal ≥ 15)`);
console.log(`speed-up, 1 thread: ×${(result.singleThread.pipeline.pagesPerSecond / result.singleThread.naive.pagesPerSecond).toFixed(1)}`);
console.log(`peak RSS, ${result.memory.inputMb.toFixed(1)} MB ${result.memory.pages}-page PDF: pipeline ${result.memory.pipelinePeakRssMb.toFixed(0)} MB (goal < 400), naive ${result.memory.naivePeakRssMb.toFixed(0)} MB`);
console.log(`profile read p99, pool idle ${api.idle.p99Ms.toFixed(1)} ms (${api.idle.reqPerSec.toFixed(0)} req/s), pool saturated ${api.saturated.p99Ms.toFixed(1)} ms (${api.saturated.reqPerSec.toFixed(0)} req/s, ${api.documentsProcessed} documents rendered meanwhile): p99 ×${(api.saturated.p99Ms / api.idle.p99Ms).toFixed(1)}`);
console.log(`written ${RESULTS.pathname}`);

/**
 * One process, one measure: peak RSS while a 10 MB, 50-page PDF goes through the pool (or the naive
 * chain, inline). Run by run.ts as a child so each figure is the process's own peak. Prints JSON.
 */
import fs from 'node:fs';
import { DocumentPool } from '../../src/documents/index.ts';

const mode = process.argv[2] === 'naive' ? 'naive' : 'pipeline';
// The PDF is made by the parent: making it here would count the generator's memory.
const pdf = new Uint8Array(fs.readFileSync(process.argv[3]!));
const inputBytes = pdf.byteLength;
const before = process.memoryUsage().rss;
const started = performance.now();
let pages = 0;
if (mode === 'pipeline') {
  const pool = new DocumentPool({ size: 1 });
  pages = (await pool.run({ files: [pdf], title: 'bench' })).pageCount;
  await pool.close();
} else {
  // Loaded only here: the pipeline's process does not hold mupdf or sharp on its main thread.
  const sharp = (await import('sharp')).default;
  sharp.concurrency(1);
  sharp.cache(false);
  await (await import('./naive.ts')).naiveDocument([pdf]);
  pages = 50;
}
const ms = performance.now() - started;
// VmHWM is this process image's own peak. getrusage's maxRSS is not: Linux carries it across exec,
// so a child forked from a big bench process would report the parent's size.
const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
const peakRssMb = hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ mode, inputBytes, pages, ms, rssBeforeMb: before / 1048576, peakRssMb }));

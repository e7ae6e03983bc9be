// A pool thread: runs the documents tasks for the main thread, one job at a time (see pool.ts).
import './mupdf-quiet.ts';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentError } from './errors.ts';
import { jpegPagesOf } from './pdf-jpeg-pages.ts';
import { processDocument, type ProcessDocumentOutput } from './process.ts';
import { layoutTextPages } from './text-pages.ts';
import { ownedBytes } from './transfer.ts';
import type { JpegPage } from './assemble-pdf.ts';
import type { JobReply, JobRequest, Task, TaskOutput } from './worker-protocol.ts';

// One libvips thread per pool thread: the pool is already sized to the cores.
sharp.concurrency(1);
sharp.cache(false);

const port = parentPort;
if (!port) throw new Error('worker.ts runs in a worker thread');

// On Linux, setpriority(PRIO_PROCESS, 0) changes the calling thread only (elsewhere the whole
// process: left alone there). sharp's encodes run on libuv's shared threads, which keep theirs.
const { niceness } = (workerData ?? {}) as { niceness?: number };
if (niceness && process.platform === 'linux') {
  try {
    os.setPriority(0, niceness);
  } catch {
    // A sandbox may refuse it: the thread then runs at the normal priority.
  }
}

async function runTask(task: Task): Promise<TaskOutput> {
  switch (task.kind) {
    case 'process':
      return processDocument(task.input);
    case 'pdf-pages':
      return { pages: await jpegPagesOf(task.pdf) };
    case 'text-pages':
      return layoutTextPages(task.input);
  }
}

/** The output with every large buffer in an ArrayBuffer of its own (copied if needed: `fresh`), and the list to transfer. */
function transferable(kind: Task['kind'], output: TaskOutput, fresh: boolean): { output: TaskOutput; transfer: ArrayBuffer[] } {
  const own = (bytes: Uint8Array) => (fresh ? new Uint8Array(bytes) : ownedBytes(bytes));
  if (kind === 'process') {
    const out = output as ProcessDocumentOutput;
    const pdf = out.pdf.map(own);
    const files = out.files.map((file) => ({ ...file, thumbnail: own(file.thumbnail) }));
    return { output: { ...out, pdf, files }, transfer: [...pdf.map((c) => c.buffer), ...files.map((f) => f.thumbnail.buffer)] };
  }
  if (kind === 'pdf-pages') {
    const pages = (output as { pages: JpegPage[] }).pages.map((p) => ({ ...p, jpeg: own(p.jpeg) }));
    return { output: { pages }, transfer: pages.map((p) => p.jpeg.buffer as ArrayBuffer) };
  }
  return { output, transfer: [] };
}

port.on('message', async ({ id, task }: JobRequest) => {
  let reply: JobReply;
  let output: TaskOutput | null = null;
  let transfer: ArrayBuffer[] = [];
  try {
    ({ output, transfer } = transferable(task.kind, await runTask(task), false));
    reply = { id, ok: true, output };
  } catch (error) {
    reply = error instanceof DocumentError
      ? { id, ok: false, code: error.code, ...(error.detail ? { detail: error.detail } : {}) }
      : { id, ok: false, code: 'WORKER_FAILED', detail: error instanceof Error ? error.name : 'unknown' };
  } finally {
    // mupdf keeps decoded fonts and images in its store; a job's leftovers are of no use to the next.
    mupdf.emptyStore();
  }
  try {
    port.postMessage(reply, transfer);
  } catch (error) {
    // Node 24 refuses to transfer memory a native addon allocated (sharp's output buffers): send
    // copies in fresh ArrayBuffers, which transfer.
    if (!(error instanceof Error && error.name === 'DataCloneError') || !reply.ok || !output) throw error;
    const copies = transferable(task.kind, output, true);
    port.postMessage({ ...reply, output: copies.output }, copies.transfer);
  }
});

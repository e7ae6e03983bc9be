// A pool thread: runs processDocument for the main thread, one job at a time (see pool.ts).
import './mupdf-quiet.ts';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { parentPort } from 'node:worker_threads';
import { DocumentError } from './errors.ts';
import { processDocument } from './process.ts';
import { ownedBytes } from './transfer.ts';
import type { JobReply, JobRequest } from './worker-protocol.ts';

// One libvips thread per pool thread: the pool is already sized to the cores.
sharp.concurrency(1);
sharp.cache(false);

const port = parentPort;
if (!port) throw new Error('worker.ts runs in a worker thread');

port.on('message', async ({ id, input }: JobRequest) => {
  let reply: JobReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const output = await processDocument(input);
    const pdf = output.pdf.map(ownedBytes);
    const files = output.files.map((file) => ({ ...file, thumbnail: ownedBytes(file.thumbnail) }));
    transfer = [...pdf.map((chunk) => chunk.buffer), ...files.map((file) => file.thumbnail.buffer)];
    reply = { id, ok: true, output: { ...output, pdf, files } };
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
    if (!(error instanceof Error && error.name === 'DataCloneError') || !reply.ok) throw error;
    const pdf = reply.output.pdf.map((chunk) => new Uint8Array(chunk));
    const files = reply.output.files.map((file) => ({ ...file, thumbnail: new Uint8Array(file.thumbnail) }));
    port.postMessage({ ...reply, output: { ...reply.output, pdf, files } }, [...pdf.map((c) => c.buffer), ...files.map((f) => f.thumbnail.buffer)]);
  }
});

// An upload pool thread (see upload-pool.ts): hashes a received file and counts its pages, one job
// at a time. It loads the page counter and node:crypto only (no mupdf, no sharp).
import { parentPort } from 'node:worker_threads';
import { inspectUpload, type InspectReply, type InspectRequest } from './upload-inspect.ts';

const port = parentPort;
if (!port) throw new Error('upload-worker.ts runs in a worker thread');

port.on('message', ({ id, bytes, contentType }: InspectRequest) => {
  let reply: InspectReply;
  try {
    reply = { id, ok: true, ...inspectUpload(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType) };
  } catch (error) {
    reply = { id, ok: false, detail: error instanceof Error ? error.name : 'unknown' };
  }
  port.postMessage(reply);
});

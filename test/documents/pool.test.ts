import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentError, DocumentPool, processDocument } from '../../src/documents/index.ts';
import { blankPdf, textPdf } from '../../scripts/documents/synthetic.ts';
import { openOutput } from './support/inspect.ts';

const pools: DocumentPool[] = [];
function pool(options: ConstructorParameters<typeof DocumentPool>[0]) {
  const created = new DocumentPool(options);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function rejection(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('DocumentPool', () => {
  it('processes on a thread: the input is transferred (not copied) and the PDF comes back', async () => {
    const threads = pool({ size: 1 });
    const input = new Uint8Array(textPdf(2));
    const out = await threads.run({ files: [input], title: 't', seed: 1 });
    expect(input.byteLength).toBe(0); // detached: it moved to the thread
    expect(openOutput(out.pdf).countPages()).toBe(2);
    expect(out.files[0]?.thumbnail.byteLength).toBeGreaterThan(1000);
  });

  it('returns processing errors as DocumentError codes', async () => {
    const threads = pool({ size: 1 });
    const error = await rejection(threads.run({ files: [new TextEncoder().encode('<html></html>')], title: 't' }));
    expect(error.code).toBe('UNSUPPORTED_TYPE');
  });

  it('terminates a job past its timeout and replaces the thread, which then serves the next job', async () => {
    const threads = pool({ size: 1, timeoutMs: 40 });
    const error = await rejection(threads.run({ files: [textPdf(40)], title: 't' }));
    expect(error.code).toBe('TIMEOUT');
    expect(threads.stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
    const patient = pool({ size: 1, timeoutMs: 60_000 });
    expect((await patient.run({ files: [blankPdf()], title: 't' })).pageCount).toBe(1);
  });

  it('refuses work beyond its bounded queue with BUSY instead of piling it up', async () => {
    const threads = pool({ size: 1, maxQueue: 1 });
    const running = threads.run({ files: [textPdf(3)], title: 't' });
    const queued = threads.run({ files: [textPdf(3)], title: 't' });
    const error = await rejection(threads.run({ files: [textPdf(3)], title: 't' }));
    expect(error.code).toBe('BUSY');
    expect((await running).pageCount).toBe(3);
    expect((await queued).pageCount).toBe(3);
  });

  it('keeps the main event loop responsive while every thread is busy (and inline work would not)', async () => {
    const threads = pool({});
    await Promise.all(Array.from({ length: threads.size }, () => threads.run({ files: [blankPdf()], title: 't' })));

    const measure = async (work: () => Promise<unknown>) => {
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      await work();
      histogram.disable();
      return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
    };
    // The same pages, once in the pool's threads and once on the event loop. A machine under load
    // delays every timer, so the pool's delays are compared with the block the inline work causes
    // in the same run, not with a fixed figure.
    let busyAtEnd = -1;
    const saturated = await measure(async () => {
      const jobs = Array.from({ length: threads.size * 3 }, () => threads.run({ files: [textPdf(24)], title: 't' }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      busyAtEnd = threads.stats().busy;
      await Promise.all(jobs);
    });
    const inline = await measure(() => processDocument({ files: [textPdf(24)], title: 't' }));

    expect(busyAtEnd).toBe(threads.size);
    expect(saturated.p99).toBeLessThan(inline.max / 3);
  });

  // Linux gives each thread its own nice value: the pool's threads lower theirs, the event loop keeps its own.
  it.runIf(process.platform === 'linux')('lowers its threads\' priority (nice value per thread on Linux), not the process\'s', async () => {
    const niceOf = (tid: string) => {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const niced = () => fs.readdirSync('/proc/self/task').filter((tid) => niceOf(tid) === 7).length;
    const before = niced();
    const threads = pool({ size: 2, niceness: 7 });
    await Promise.all([1, 2].map(() => threads.run({ files: [blankPdf()], title: 't' })));
    expect(threads.stats().threads).toBe(2);
    expect(niced() - before).toBe(2);
    expect(os.getPriority()).toBe(0);
    expect(os.getPriority(process.pid)).toBe(0);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { countPages, sniffContentType } from '../../src/rental/documents/sniff.ts';
import { UploadPool, UploadPoolError } from '../../src/rental/documents/upload-pool.ts';
import { rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { startTestApp } from '../support/app.ts';
import { partnerClient, pdf } from './helpers.ts';
import { incrementallyUpdatedPdf, objectStreamPdf } from './pdf-fixtures.ts';

const HOSTILE = path.join(import.meta.dirname, '..', 'fixtures', 'hostile');

/** A shared-memory copy, as readMultipart receives files. */
function shared(bytes: Buffer): Buffer {
  const copy = Buffer.from(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}

describe('upload pool: pages and MD5 off the event loop', () => {
  const pool = new UploadPool({ size: 2 });
  afterAll(() => pool.close());

  it('gives the page count countPages gives in place, and the MD5, on the fixtures and the hostile corpus', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(80 * 1024 * 1024));
    const files: Buffer[] = [
      pdf(1),
      pdf(4),
      await objectStreamPdf(7),
      await incrementallyUpdatedPdf(2, 3),
      await incrementallyUpdatedPdf(4, -3),
      (await objectStreamPdf(2)).subarray(0, 200),
      Buffer.concat([
        Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 3 /W [1 4 2] /Root 2 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
        bomb,
        Buffer.from('\nendstream\nendobj\nstartxref\n9\n%%EOF\n', 'latin1'),
      ]),
      ...fs.readdirSync(HOSTILE).sort().map((name) => fs.readFileSync(path.join(HOSTILE, name))),
    ];
    let pdfs = 0;
    let unreadable = 0;
    for (const bytes of files) {
      const type = (await sniffContentType(bytes)) ?? 'application/pdf';
      const expected = { pages: countPages(bytes, type), md5: createHash('md5').update(bytes).digest('hex') };
      expect(await pool.inspect(shared(bytes), type)).toEqual(expected);
      // A plain (not shared) buffer is copied to the thread: same answer, and the caller's bytes are untouched.
      const plain = Buffer.from(bytes);
      expect(await pool.inspect(plain, type)).toEqual(expected);
      expect(plain.equals(bytes)).toBe(true);
      if (type === 'application/pdf') pdfs++;
      if (expected.pages === null) unreadable++;
    }
    // The corpus exercises both answers: counted PDFs and refused ones.
    expect(pdfs).toBeGreaterThan(10);
    expect(unreadable).toBeGreaterThan(3);
  });

  it('runs files in parallel on its threads, and refuses work once closed', async () => {
    const local = new UploadPool({ size: 2 });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => local.inspect(shared(pdf(n)), 'application/pdf')));
    expect(answers.map((a) => a.pages)).toEqual([1, 2, 3, 4, 5]);
    expect(local.stats()).toEqual({ threads: 2, busy: 0, queued: 0, closed: false });
    await local.close();
    expect(local.stats()).toEqual({ threads: 0, busy: 0, queued: 0, closed: true });
    await expect(local.inspect(pdf(1), 'application/pdf')).rejects.toEqual(new UploadPoolError('closed', 'upload pool closed'));
  });

  it('is the app\'s: an upload starts its thread, and closing the app closes it', async () => {
    const app = await startTestApp();
    try {
      const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
      expect(runtime.uploads.stats()).toEqual({ threads: 0, busy: 0, queued: 0, closed: false });
      const alpha = await partnerClient(app);
      const tenantId = await alpha.newTenant('pool');
      const res = await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(3)]);
      expect(res.status).toBe(200);
      expect((res.body as { documents: { files: { numberOfPages: number }[] }[] }).documents[0]!.files[0]!.numberOfPages).toBe(3);
      expect(runtime.uploads.stats().threads).toBe(1);
      await app.close();
      expect(runtime.uploads.stats()).toEqual({ threads: 0, busy: 0, queued: 0, closed: true });
    } finally {
      await app.destroy();
    }
  });
});

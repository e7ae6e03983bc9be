import zlib from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPdfPages, MAX_COUNTED_PAGES } from '../../src/rental/documents/pdf-pages.ts';
import type { TestApp } from '../support/app.ts';
import { pdf, twoPartners, type PartnerClient } from './helpers.ts';
import { incrementallyUpdatedPdf, objectStreamPdf } from './pdf-fixtures.ts';

const UNREADABLE = { errors: ['documents: the PDF file cannot be read (damaged, truncated or without pages)'] };

/** A PDF from raw object bodies (numbered from 1) with a correct xref table. */
function rawPdf(objects: string[], root = 1): Buffer {
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('PDF page counting (§4.1), bounded on hostile files', () => {
  it('counts pdf-lib PDFs with classic xref tables and with compressed object streams + xref streams', async () => {
    const classic = await PDFDocument.create();
    for (let i = 0; i < 3; i++) classic.addPage();
    expect(countPdfPages(Buffer.from(await classic.save({ useObjectStreams: false })))).toBe(3);
    const compressed = await objectStreamPdf(7);
    // The page objects live inside compressed streams: no "/Type /Page" is visible in the bytes.
    expect(compressed.includes(Buffer.from('/Type /Page'))).toBe(false);
    expect(countPdfPages(compressed)).toBe(7);
    expect(countPdfPages(await objectStreamPdf(60))).toBe(60);
  });

  it('follows incremental updates: the newest page tree counts, pages added or dropped', async () => {
    expect(countPdfPages(await incrementallyUpdatedPdf(2, 3))).toBe(5);
    expect(countPdfPages(await incrementallyUpdatedPdf(4, -3))).toBe(1);
  });

  it('counts the leaves of nested page trees, never trusting /Count; repairs a file without xref', () => {
    const nested = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 999 >>',
      '<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>',
      '<< /Type /Page /Parent 2 0 R >>',
      '<< /Type /Page /Parent 3 0 R >>',
      '<< /Type /Page /Parent 3 0 R >>',
    ]);
    expect(countPdfPages(nested)).toBe(3);
    expect(countPdfPages(pdf(4))).toBe(4);
  });

  it('gives null (the upload is refused) for a claim of 1e9 pages, cycles, shared nodes, truncated files and deflate bombs', () => {
    const claims = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 1000000000 >>']);
    const cycle = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
    const shared = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${'3 0 R '.repeat(100_000)}] /Count 100000 >>`, '<< /Type /Page >>']);
    const bomb = zlib.deflateSync(Buffer.alloc(80 * 1024 * 1024));
    const bombed = Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 3 /W [1 4 2] /Root 2 0 R /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
      bomb,
      Buffer.from('\nendstream\nendobj\nstartxref\n9\n%%EOF\n', 'latin1'),
    ]);
    for (const hostile of [claims, cycle, shared, bombed, Buffer.from('%PDF-1.4\n'), pdf(2).subarray(0, 60), Buffer.from('%PDF-1.4\n' + '['.repeat(100_000))]) {
      expect(countPdfPages(hostile)).toBeNull();
    }
  });

  it('stops counting past every category limit', () => {
    const kids = Array.from({ length: MAX_COUNTED_PAGES + 5 }, (_, i) => `${i + 3} 0 R`).join(' ');
    const many = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] >>`, ...Array.from({ length: MAX_COUNTED_PAGES + 5 }, () => '<< /Type /Page >>')]);
    expect(countPdfPages(many)).toBe(MAX_COUNTED_PAGES);
  });
});

describe('page counts at the upload steps', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  beforeAll(async () => {
    ({ app, alpha } = await twoPartners());
  });
  afterAll(() => app.destroy());

  it('a 7-page PDF with object streams passes no 5-page limit; a 1e9-page claim or a truncated PDF is a 400 naming documents', async () => {
    const tenantId = await alpha.newTenant('pages');
    const step = (files: Buffer[]) => alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, files);
    expect(await step([await objectStreamPdf(7)])).toEqual({ status: 400, body: { errors: ['documents: number of pages must be less than or equal to 5'] } });
    const claim = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 1000000000 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
    expect(await step([claim])).toEqual({ status: 400, body: UNREADABLE });
    expect(await step([(await objectStreamPdf(2)).subarray(0, 200)])).toEqual({ status: 400, body: UNREADABLE });
    expect((await step([await objectStreamPdf(5)])).status).toBe(200);
  });
});

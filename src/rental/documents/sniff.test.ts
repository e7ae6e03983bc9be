import { describe, expect, it } from 'vitest';
import { countPages, sniffContentType } from './sniff.ts';

function pdfWithPages(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    `2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj`,
    ...Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj`),
  ];
  return Buffer.from(`%PDF-1.4\n${objects.join('\n')}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3f60000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')]);

describe('file type by magic bytes (§4.1)', () => {
  it('accepts PDF, JPEG and PNG from their bytes', async () => {
    expect(await sniffContentType(pdfWithPages(1))).toBe('application/pdf');
    expect(await sniffContentType(PNG)).toBe('image/png');
    expect(await sniffContentType(JPEG)).toBe('image/jpeg');
  });

  it('refuses other types and unknown bytes, whatever the name or declared type', async () => {
    expect(await sniffContentType(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toBeNull();
    expect(await sniffContentType(Buffer.from('just text, named scan.pdf'))).toBeNull();
    expect(await sniffContentType(Buffer.from('PK\x03\x04' + '\x00'.repeat(40), 'latin1'))).toBeNull();
  });

  it('counts PDF pages by the page tree, images as one', () => {
    expect(countPages(pdfWithPages(3), 'application/pdf')).toBe(3);
    expect(countPages(pdfWithPages(12), 'application/pdf')).toBe(12);
    expect(countPages(PNG, 'image/png')).toBe(1);
  });
});

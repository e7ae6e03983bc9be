import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { assemblePdf } from './assemble-pdf.ts';
import { jpegPagesOf } from './pdf-jpeg-pages.ts';

describe('jpegPagesOf', () => {
  it('takes the JPEG of a rendered page as it is, and draws (at 150 DPI A4) a page of any other shape', async () => {
    const jpeg = new Uint8Array(await sharp({ create: { width: 124, height: 175, channels: 3, background: '#808080' } }).jpeg().toBuffer());
    const rendered = assemblePdf([{ jpeg, width: 124, height: 175 }], { title: 'x' });
    const [page] = await jpegPagesOf(rendered);
    expect(page).toEqual({ jpeg, width: 124, height: 175 });

    const text = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const [drawn] = await jpegPagesOf(text);
    expect([drawn!.width, drawn!.height, drawn!.jpeg[0], drawn!.jpeg[1]]).toEqual([1240, 1754, 0xff, 0xd8]);
    expect(await sharp(drawn!.jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 1240, height: 1754 });
  });
});
